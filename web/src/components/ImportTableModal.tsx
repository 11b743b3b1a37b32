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
import { type ReactNode, useState } from "react";
import { api } from "../api/client.ts";
import type { PathOf } from "../api/types.ts";
import { postForm } from "../api/upload.ts";
import { notifySuccess } from "../lib/notify.ts";
import { invalidateAfterWrite } from "../lib/write-effects.ts";
import { ErrorAlert } from "./ErrorAlert.tsx";

/** What every import preview answers (src/kernel/http/import.ts importPreviewSchema), whatever the register. */
export interface TablePreview {
  format: "csv" | "xlsx" | null;
  encoding: string | null;
  sheet: string | null;
  columns: { header: string; field: string | null }[];
  rows: { line: number; cells: Record<string, string>; errors: { line: number; message: string }[] }[];
  counts: { total: number; valid: number; invalid: number };
  errors: { line: number; message: string }[];
  errorCount: number;
  fileErrors: string[];
  warnings: string[];
}

export type ImportUpload = { file: File } | { csv: string };

/** Sends the upload to an import route: a chosen .csv or .xlsx as multipart, pasted text as JSON. */
export function sendImport<T>(path: string, upload: ImportUpload): Promise<T> {
  const route = path as PathOf<"post">;
  if ("csv" in upload) return (api.POST as (p: string, i: object) => Promise<T>)(route, { body: { csv: upload.csv } });
  const form = new FormData();
  form.append("file", upload.file);
  return postForm(route, form, () => {}).done as Promise<T>;
}

/** How the file was read: format, encoding or sheet, rows. */
const readAs = (p: TablePreview) =>
  [
    p.format === "xlsx" ? `Workbook, sheet “${p.sheet}”` : p.format === "csv" ? `CSV (${p.encoding})` : null,
    `${p.counts.total} rows`,
    p.rows.length < p.counts.total ? `the first ${p.rows.length} shown` : null,
  ]
    .filter(Boolean)
    .join(" · ");

/** The errors of rows after those the preview shows (the table shows its own), with how many there are in all. */
function LaterErrors({ preview }: { preview: TablePreview }) {
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

/** What is wrong with the file itself, what to check, how it was read and the errors past the shown rows. */
export function ImportFileNotes({ preview }: { preview: TablePreview }) {
  return (
    <>
      {preview.fileErrors.length > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} title="The file cannot be read">
          <List size="sm">
            {preview.fileErrors.map((e) => (
              <List.Item key={e}>{e}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {preview.warnings.length > 0 && (
        <Alert color="yellow" variant="light" title="Check before importing">
          <List size="sm">
            {preview.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {preview.rows.length > 0 && (
        <>
          <Text size="xs" c="dimmed">
            {readAs(preview)}
          </Text>
          <LaterErrors preview={preview} />
        </>
      )}
    </>
  );
}

/** Choose a .csv or .xlsx file, or paste CSV text (one or the other). */
export function ImportSource({
  file,
  csv,
  onFile,
  onCsv,
}: {
  file: File | null;
  csv: string;
  onFile: (f: File | null) => void;
  onCsv: (text: string) => void;
}) {
  return (
    <>
      <FileInput
        label="CSV or XLSX file"
        placeholder="Choose a .csv or .xlsx file"
        accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        leftSection={<IconFileSpreadsheet size={16} />}
        value={file}
        onChange={onFile}
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
        onChange={(e) => onCsv(e.currentTarget.value)}
      />
    </>
  );
}

/** The state of an upload being checked: the chosen file or pasted text, and the preview of the last check. */
export function useImportUpload<P extends TablePreview>() {
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState("");
  const [preview, setPreview] = useState<P | null>(null);
  const upload: ImportUpload | null = file ? { file } : csv.trim() ? { csv } : null;
  return {
    file,
    csv,
    preview,
    setPreview,
    upload,
    ready: !!preview && !preview.fileErrors.length && !preview.counts.invalid,
    chooseFile: (f: File | null) => {
      setFile(f);
      setPreview(null);
    },
    editCsv: (text: string) => {
      setCsv(text);
      setFile(null);
      setPreview(null);
    },
    clear: () => {
      setFile(null);
      setCsv("");
      setPreview(null);
    },
  };
}

/** The first rows of a preview: each row's line, its cells as read, and its errors. */
function CellsTable({ preview, label }: { preview: TablePreview; label: string }) {
  const headers = preview.columns.filter((c) => c.field).slice(0, 4);
  return (
    <ScrollArea.Autosize mah={320}>
      <Table striped aria-label={label} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Line</Table.Th>
            {headers.map((h) => (
              <Table.Th key={h.header}>{h.header}</Table.Th>
            ))}
            <Table.Th>Result</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {preview.rows.map((r) => (
            <Table.Tr key={r.line}>
              <Table.Td>{r.line}</Table.Td>
              {headers.map((h) => (
                <Table.Td key={h.header}>{r.cells[h.header] || "—"}</Table.Td>
              ))}
              <Table.Td>
                {r.errors.length ? (
                  r.errors.map((e) => (
                    <Text key={e.message} size="xs" c="red">
                      {e.message}
                    </Text>
                  ))
                ) : (
                  <Badge variant="light" color="green">
                    Ready
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

type Counts = { create: number; update: number };
const countsLine = (c: Counts, done: boolean) =>
  [
    c.create && (done ? `${c.create} added` : `${c.create} to add`),
    c.update && (done ? `${c.update} updated` : `${c.update} to update`),
  ]
    .filter(Boolean)
    .join(", ") || "Nothing to do";

/**
 * A register's import (`importRoutes` in src/kernel/http/import.ts): choose a .csv or .xlsx file (or paste CSV),
 * see every row's errors by line, then import them all — or, if any row is wrong, none.
 */
export function ImportTableModal({
  opened,
  onClose,
  title,
  path,
  noun,
  help,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** The import route, e.g. "/api/v1/risks/import"; its preview is `${path}/preview`. */
  path: string;
  /** What one row is, plural: "risks". */
  noun: string;
  /** The columns the file may have, and what else to know. */
  help: ReactNode;
}) {
  const qc = useQueryClient();
  const u = useImportUpload<TablePreview & { summary: Counts }>();
  const check = useMutation({
    mutationFn: () => sendImport<TablePreview & { summary: Counts }>(`${path}/preview`, u.upload!),
    onSuccess: u.setPreview,
  });
  const run = useMutation({
    mutationFn: () => sendImport<{ summary: Counts }>(path, u.upload!),
    onSuccess: async (r) => {
      await invalidateAfterWrite(qc, path);
      notifySuccess(`${countsLine(r.summary, true)}.`, `${noun.charAt(0).toUpperCase()}${noun.slice(1)} imported`);
      close();
    },
  });
  const close = () => {
    u.clear();
    check.reset();
    run.reset();
    onClose();
  };
  const p = u.preview;
  return (
    <Modal opened={opened} onClose={close} title={title} size="xl">
      <Stack>
        <Text size="sm" c="dimmed" component="div">
          {help} Nothing is written until you import, and then all rows are or none.
        </Text>
        <ImportSource file={u.file} csv={u.csv} onFile={u.chooseFile} onCsv={u.editCsv} />
        <ErrorAlert error={check.error ?? run.error} />
        {p && <ImportFileNotes preview={p} />}
        {p && p.rows.length > 0 && (
          <>
            <Text size="sm" fw={500} role="status">
              {p.counts.invalid
                ? `${p.counts.invalid} of ${p.counts.total} rows have errors. Fix them and check again.`
                : `${countsLine(p.summary, false)}.`}
            </Text>
            <CellsTable preview={p} label="Import preview" />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            variant={u.ready ? "default" : "filled"}
            disabled={!u.upload}
            loading={check.isPending}
            onClick={() => check.mutate()}
          >
            Check the file
          </Button>
          <Button disabled={!u.ready} loading={run.isPending} onClick={() => run.mutate()}>
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
