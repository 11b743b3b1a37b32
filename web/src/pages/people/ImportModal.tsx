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
import { IconAlertCircle, IconFileTypeCsv } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { ImportPreview } from "../../api/models/people.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../lib/notify.ts";
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

/** The HR CSV import: choose or paste a file, see every row's outcome and errors by line, then import it all. */
export function ImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [csv, setCsv] = useState("");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const check = useMutation({
    mutationFn: () => api.POST("/api/v1/people/import/preview", { body: { csv } }),
    onSuccess: setPreview,
  });
  const run = useMutation({
    mutationFn: () => api.POST("/api/v1/people/import", { body: { csv } }),
    onSuccess: (r) => {
      notifySuccess(`${countsLine(r.counts, true)}.`, "People imported");
      close();
    },
  });
  const close = () => {
    setCsv("");
    setPreview(null);
    check.reset();
    run.reset();
    onClose();
  };
  const edit = (text: string) => {
    setCsv(text);
    setPreview(null);
  };
  const ready = preview && !preview.fileErrors.length && !preview.counts.error;
  return (
    <Modal opened={opened} onClose={close} title="Import people from an HR CSV" size="xl">
      <Stack>
        <Text size="sm" c="dimmed">
          One person a row. Columns (common spellings are understood): <code>{EXAMPLE}</code>. Nothing is written until
          you import, and then all rows are or none. People entered by hand are never overwritten.
        </Text>
        <FileInput
          label="CSV file"
          placeholder="Choose a .csv file"
          accept=".csv,text/csv"
          leftSection={<IconFileTypeCsv size={16} />}
          onChange={async (file) => edit(file ? await file.text() : "")}
          clearable
        />
        <Textarea
          label="Or paste (and fix) the CSV here"
          autosize
          minRows={4}
          maxRows={12}
          styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 12 } }}
          value={csv}
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
        {preview && preview.rows.length > 0 && (
          <PreviewResult
            preview={preview}
            label="Import preview"
            hint={preview.counts.error ? " Fix the rows with errors and check again." : ""}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button
            variant={ready ? "default" : "filled"}
            disabled={!csv.trim()}
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
