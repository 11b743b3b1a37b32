import { Button, FileInput, Group, List, Modal, Stack, Text, TextInput } from "@mantine/core";
import { IconFileCode } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { appendFields, postForm } from "../../api/upload.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { vulnerabilityKeys } from "./labels.ts";

/** Uploads one scanner report; the register answers what it changed, or why the report was refused whole. */
export function ImportReportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [target, setTarget] = useState("");
  const [sent, setSent] = useState(0);
  const upload = useMutation({
    mutationFn: async (f: File) => {
      const form = new FormData();
      appendFields(form, { target: target.trim() });
      form.append("file", f, f.name);
      return postForm("/api/v1/vulnerabilities/imports", form, (s, total) => setSent(total ? s / total : 0)).done;
    },
    onSuccess: (r) => {
      notifySuccess(
        `${r.created} new, ${r.reseen} seen again, ${r.reopened} reopened, ${r.resolved} resolved.`,
        `Imported ${r.fileName}`,
      );
      void qc.invalidateQueries({ queryKey: vulnerabilityKeys.all });
      close();
    },
  });
  const close = () => {
    setFile(null);
    setTarget("");
    setSent(0);
    upload.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate(file);
  };
  return (
    <Modal opened={opened} onClose={close} title="Import a scanner report" size="lg">
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm">
            A report from <b>Trivy</b> (JSON or SARIF), <b>Grype</b> (JSON or SARIF) or any scanner that writes{" "}
            <b>SARIF 2.1.0</b>. For each target the report scanned:
          </Text>
          <List size="sm" spacing={2}>
            <List.Item>
              findings the register does not know are added, with a fix-by date from their severity;
            </List.Item>
            <List.Item>open findings the report no longer shows are resolved;</List.Item>
            <List.Item>resolved findings that come back are reopened.</List.Item>
          </List>
          <Text size="sm" c="dimmed">
            A report that is not valid is refused whole, with where it fails: nothing of it is kept.
          </Text>
          <ErrorAlert error={upload.error} />
          <FileInput
            label="Report"
            required
            placeholder="Choose a .json or .sarif file"
            accept=".json,.sarif,application/json"
            leftSection={<IconFileCode size={16} />}
            value={file}
            onChange={setFile}
            data-autofocus
          />
          <TextInput
            label="Target (optional)"
            description="What was scanned, when the report does not say it well (a SARIF upload of a repository)"
            value={target}
            onChange={(e) => setTarget(e.currentTarget.value)}
          />
          {upload.isPending && sent > 0 && (
            <Text size="sm" c="dimmed" aria-live="polite">
              {sent < 1 ? `Uploading… ${Math.round(sent * 100)}%` : "Reading the report…"}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" disabled={!file} loading={upload.isPending}>
              Import
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
