import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  List,
  Modal,
  ScrollArea,
  Stack,
  Table,
  Text,
  Textarea,
} from "@mantine/core";
import { IconAlertCircle, IconFileSpreadsheet } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { ImportPreview } from "../../api/models/people.ts";
import { postForm } from "../../api/upload.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { invalidateAfterWrite } from "../../lib/write-effects.ts";
import { ACTION_LABELS } from "./labels.ts";

const EXAMPLE = "email,full name,kind,status,title,department,manager email,start date,end date";

/** Counts of a preview in words: "2 to add, 1 to update, 1 skipped" (or, once done, "2 added, 1 updated…"). */
export function countsLine(c: Partial<Record<keyof typeof ACTION_LABELS, number>>, done = false) {
  const parts = [
    c.create && (done ? `${c.create} added` : `${c.create} to add`),
    c.update && (done ? `${c.update} updated` : `${c.update} to update`),
    c.unchanged && `${c.unchanged} unchanged`,
    c.skip && `${c.skip} skipped`,
    c.error && `${c.error} with errors`,
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : "Nothing to do";
}

/** Rows of a preview with what each does and why. */
export function PreviewTable({
  rows,
  label,
}: {
  rows: { line?: number; email: string; fullName: string; action: keyof typeof ACTION_LABELS; messages: string[] }[];
  label: string;
}) {
  return (
    <ScrollArea.Autosize mah={320}>
      <Table striped aria-label={label} fz="sm">
        <Table.Thead>
          <Table.Tr>
            {rows[0]?.line !== undefined && <Table.Th>Line</Table.Th>}
            <Table.Th>Person</Table.Th>
            <Table.Th>What happens</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={`${r.line ?? ""}${r.email}`}>
              {r.line !== undefined && <Table.Td>{r.line}</Table.Td>}
              <Table.Td>
                <Text size="sm" fw={500}>
                  {r.fullName || "—"}
                </Text>
                <Text size="xs" c="dimmed">
                  {r.email || "—"}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={ACTION_LABELS[r.action].color}>
                  {ACTION_LABELS[r.action].label}
                </Badge>
                {r.messages.map((m) => (
                  <Text key={m} size="xs" c={r.action === "error" ? "red" : "dimmed"} mt={4}>
                    {m}
                  </Text>
                ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

/** What a preview would do: the counts in words, then each row. */
export function PreviewResult({
  preview,
  label,
  hint = "",
}: {
  preview: { counts: Parameters<typeof countsLine>[0]; rows: Parameters<typeof PreviewTable>[0]["rows"] };
  label: string;
  hint?: string;
}) {
  return (
    <>
      <Text size="sm" fw={500} role="status">
        {countsLine(preview.counts)}.{hint}
      </Text>
      <PreviewTable rows={preview.rows} label={label} />
    </>
  );
}

type Upload = { file: File } | { csv: string };

/** Sends the file as multipart (a chosen .csv or .xlsx) or the pasted text as JSON. */
function send(path: "/api/v1/people/import/preview" | "/api/v1/people/import", upload: Upload) {
  if ("csv" in upload) return api.POST(path, { body: { csv: upload.csv } });
  const form = new FormData();
  form.append("file", upload.file);
  return postForm(path, form, () => {}).done;
}

/** A preview's rows as the shared preview table shows them: errors and notes as messages, by line. */
const tableRows = (preview: ImportPreview) =>
  preview.rows.map((r) => ({ ...r, messages: [...r.errors.map((e) => e.message), ...(r.note ? [r.note] : [])] }));

/** The errors of rows after those the preview shows (the table shows its own), with how many there are in all. */
function ErrorList({ preview }: { preview: ImportPreview }) {
  const lastShown = preview.rows.at(-1)?.line ?? 0;
  const later = preview.errors.filter((e) => e.line > lastShown);
  const more = preview.errorCount - preview.errors.length;
  if (!later.length && more <= 0) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title="Errors further down the file">
      <ScrollArea.Autosize mah={160}>
        <List size="sm">
          {later.map((e) => (
            <List.Item key={`${e.line}:${e.message}`}>{e.message}</List.Item>
          ))}
        </List>
      </ScrollArea.Autosize>
      {more > 0 && (
        <Text size="sm" mt="xs">
          … and {more} more.
        </Text>
      )}
    </Alert>
  );
}

/** How the file was read: format, encoding or sheet, rows. */
const readAs = (p: ImportPreview) =>
  [
    p.format === "xlsx" ? `Workbook, sheet “${p.sheet}”` : p.format === "csv" ? `CSV (${p.encoding})` : null,
    `${p.counts.total} rows`,
    p.rows.length < p.counts.total ? `the first ${p.rows.length} shown` : null,
  ]
    .filter(Boolean)
    .join(" · ");

/**
 * The HR import: choose a .csv or .xlsx file (or paste CSV), see every row's outcome and errors by line, then import
 * it all.
 */
export function ImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState("");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const upload: Upload | null = file ? { file } : csv.trim() ? { csv } : null;
  const check = useMutation({
    mutationFn: () => send("/api/v1/people/import/preview", upload!),
    onSuccess: setPreview,
  });
  const run = useMutation({
    mutationFn: () => send("/api/v1/people/import", upload!),
    onSuccess: async (r) => {
      await invalidateAfterWrite(qc, "/api/v1/people/import");
      notifySuccess(`${countsLine(r.summary, true)}.`, "People imported");
      close();
    },
  });
  const close = () => {
    setFile(null);
    setCsv("");
    setPreview(null);
    check.reset();
    run.reset();
    onClose();
  };
  const choose = (f: File | null) => {
    setFile(f);
    setPreview(null);
  };
  const edit = (text: string) => {
    setCsv(text);
    setFile(null);
    setPreview(null);
  };
  const ready = preview && !preview.fileErrors.length && !preview.counts.invalid;
  return (
    <Modal opened={opened} onClose={close} title="Import people from an HR export" size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          One person a row, in a CSV or an Excel workbook (.xlsx, first sheet). Columns (common spellings are
          understood): <code>{EXAMPLE}</code>. Nothing is written until you import, and then all rows are or none.
          People entered by hand are never overwritten.
        </Text>
        <FileInput
          label="CSV or XLSX file"
          placeholder="Choose a .csv or .xlsx file"
          accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          leftSection={<IconFileSpreadsheet size={16} />}
          value={file}
          onChange={choose}
          clearable
        />
        <Textarea
          label="Or paste (and fix) CSV here"
          autosize
          minRows={3}
          maxRows={10}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 12 } }}
          value={csv}
          disabled={!!file}
          onChange={(e) => edit(e.currentTarget.value)}
        />
        <ErrorAlert error={check.error ?? run.error} />
        {preview && preview.fileErrors.length > 0 && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title="The file cannot be read">
            <List size="sm">
              {preview.fileErrors.map((e) => (
                <List.Item key={e}>{e}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {preview && preview.warnings.length > 0 && (
          <Alert color="yellow" variant="light" title="Check before importing">
            <List size="sm">
              {preview.warnings.map((w) => (
                <List.Item key={w}>{w}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {preview && preview.rows.length > 0 && (
          <>
            <Text size="xs" c="dimmed">
              {readAs(preview)}
            </Text>
            <ErrorList preview={preview} />
            <PreviewResult
              preview={{ counts: preview.summary, rows: tableRows(preview) }}
              label="Import preview"
              hint={preview.counts.invalid ? " Fix the rows with errors and check again." : ""}
            />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            variant={ready ? "default" : "filled"}
            disabled={!upload}
            loading={check.isPending}
            onClick={() => check.mutate()}
          >
            Check the file
          </Button>
          <Button disabled={!ready} loading={run.isPending} onClick={() => run.mutate()}>
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
