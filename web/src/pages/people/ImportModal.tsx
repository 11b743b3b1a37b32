import { Badge, Button, Group, Modal, ScrollArea, Stack, Table, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ImportPreview } from "../../api/models/people.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { ImportFileNotes, ImportSource, sendImport, useImportUpload } from "../../components/ImportTableModal.tsx";
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

/** A preview's rows as the shared preview table shows them: errors and notes as messages, by line. */
const tableRows = (preview: ImportPreview) =>
  preview.rows.map((r) => ({ ...r, messages: [...r.errors.map((e) => e.message), ...(r.note ? [r.note] : [])] }));

/**
 * The HR import: choose a .csv or .xlsx file (or paste CSV), see every row's outcome and errors by line, then import
 * it all.
 */
export function ImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const u = useImportUpload<ImportPreview>();
  const check = useMutation({
    mutationFn: () => sendImport<ImportPreview>("/api/v1/people/import/preview", u.upload!),
    onSuccess: u.setPreview,
  });
  const run = useMutation({
    mutationFn: () => sendImport<ImportPreview>("/api/v1/people/import", u.upload!),
    onSuccess: async (r) => {
      await invalidateAfterWrite(qc, "/api/v1/people/import");
      notifySuccess(`${countsLine(r.summary, true)}.`, "People imported");
      close();
    },
  });
  const close = () => {
    u.clear();
    check.reset();
    run.reset();
    onClose();
  };
  const preview = u.preview;
  return (
    <Modal opened={opened} onClose={close} title="Import people from an HR export" size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          One person a row, in a CSV or an Excel workbook (.xlsx, first sheet). Columns (common spellings are
          understood): <code>{EXAMPLE}</code>. Nothing is written until you import, and then all rows are or none.
          People entered by hand are never overwritten.
        </Text>
        <ImportSource file={u.file} csv={u.csv} onFile={u.chooseFile} onCsv={u.editCsv} />
        <ErrorAlert error={check.error ?? run.error} />
        {preview && <ImportFileNotes preview={preview} />}
        {preview && preview.rows.length > 0 && (
          <PreviewResult
            preview={{ counts: preview.summary, rows: tableRows(preview) }}
            label="Import preview"
            hint={preview.counts.invalid ? " Fix the rows with errors and check again." : ""}
          />
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
