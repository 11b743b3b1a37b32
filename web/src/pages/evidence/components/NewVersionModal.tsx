import { Alert, Button, Group, Modal, Progress, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { IconCalendarEvent, IconInfoCircle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../../api/client.ts";
import type { Evidence } from "../../../api/models/evidence.ts";
import { appendFields, postForm } from "../../../api/upload.ts";
import { ErrorAlert, fieldError } from "../../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../../lib/notify.ts";
import { invalidateAfterWrite } from "../../../lib/write-effects.ts";
import { formatBytes } from "../labels.ts";
import { FileDropZone } from "./FileDropZone.tsx";

/** A correction: a new version that supersedes this one, with the reason it replaces it. */
function NewVersionForm({ e, onClose }: { e: Evidence; onClose: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [reason, setReason] = useState("");
  const [title, setTitle] = useState(e.title);
  const [period, setPeriod] = useState<[string | null, string | null]>([e.effectiveFrom, e.effectiveTo]);
  const [url, setUrl] = useState(e.url ?? "");
  const [statement, setStatement] = useState(e.statement ?? "");
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);

  // Only what changed is sent: the server copies the rest from the version being corrected.
  const changes = () => ({
    reason: reason.trim(),
    ...(title.trim() !== e.title ? { title: title.trim() } : {}),
    ...(period[0] !== e.effectiveFrom ? { effectiveFrom: period[0] } : {}),
    ...(period[1] !== e.effectiveTo ? { effectiveTo: period[1] } : {}),
    ...(e.kind === "link" && url.trim() !== e.url ? { url: url.trim() } : {}),
    ...(e.kind === "statement" && statement.trim() !== e.statement ? { statement: statement.trim() } : {}),
  });
  const save = useMutation({
    mutationFn: async () => {
      const params = { path: { id: e.id } };
      // The route reads its body itself (JSON, or multipart with a file); OpenAPI describes neither.
      if (!file) return api.POST("/api/v1/evidence/{id}/versions", { params, body: changes() as never });
      const form = new FormData();
      const { effectiveFrom, effectiveTo, ...rest } = changes() as Record<string, string | null>;
      appendFields(form, rest);
      // Multipart has no null: a cleared period cannot be sent as a field, so only set dates travel.
      appendFields(form, { effectiveFrom, effectiveTo });
      form.append("file", file, file.name);
      setProgress(0);
      try {
        const path = "/api/v1/evidence/{id}/versions";
        const created = await postForm(path, form, (sent, total) => setProgress(sent / total), params).done;
        await invalidateAfterWrite(qc, path);
        return created;
      } finally {
        setProgress(null);
      }
    },
    onSuccess: (v) => {
      notifySuccess(`Version ${v.version} now replaces version ${e.version}.`, "Correction recorded");
      onClose();
      navigate(`/evidence/${v.id}`);
    },
  });
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (reason.trim()) save.mutate();
  };
  const shown =
    fieldError(save.error, "reason") || fieldError(save.error, "url") || fieldError(save.error, "statement");

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Alert variant="light" color="blue" icon={<IconInfoCircle size={18} />}>
          Version {e.version} stays in the history, marked as corrected, and its links to controls move to the new
          version. Whatever you leave unchanged is copied over.
        </Alert>
        <Textarea
          label="Why is it being corrected?"
          description="Shown in the history next to the new version, e.g. “The period was wrong” or “Wrong export attached”."
          required
          autosize
          minRows={2}
          maxLength={2000}
          value={reason}
          onChange={(ev) => setReason(ev.currentTarget.value)}
          error={fieldError(save.error, "reason")}
          data-autofocus
        />
        {e.kind === "file" && (
          <Stack gap={6}>
            <Text size="sm" fw={500}>
              Corrected file{" "}
              <Text span c="dimmed" size="sm">
                (optional — leave it to keep {e.file?.name})
              </Text>
            </Text>
            {file ? (
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" truncate="end">
                  {file.name} · {formatBytes(file.size)}
                </Text>
                <Button variant="subtle" size="xs" onClick={() => setFile(null)} disabled={save.isPending}>
                  Keep the current file
                </Button>
              </Group>
            ) : (
              <FileDropZone onFiles={(f) => setFile(f[0] ?? null)} multiple={false} compact disabled={save.isPending} />
            )}
            {progress !== null && (
              <Progress value={Math.round(progress * 100)} aria-label="Upload progress" animated={progress >= 1} />
            )}
          </Stack>
        )}
        {e.kind === "link" && (
          <TextInput
            label="Address"
            type="url"
            value={url}
            onChange={(ev) => setUrl(ev.currentTarget.value)}
            error={fieldError(save.error, "url")}
          />
        )}
        {e.kind === "statement" && (
          <Textarea
            label="Statement"
            autosize
            minRows={3}
            maxRows={10}
            value={statement}
            onChange={(ev) => setStatement(ev.currentTarget.value)}
            error={fieldError(save.error, "statement")}
          />
        )}
        <TextInput
          label="Title"
          maxLength={300}
          value={title}
          onChange={(ev) => setTitle(ev.currentTarget.value)}
          error={fieldError(save.error, "title")}
        />
        <DatePickerInput
          type="range"
          label="Period covered"
          leftSection={<IconCalendarEvent size={16} />}
          placeholder="No period"
          value={period}
          onChange={(v) => setPeriod([v[0], v[1]])}
          allowSingleDateInRange
          maxDate={new Date()}
          clearable
          valueFormat="D MMM YYYY"
        />
        <ErrorAlert error={save.error && !shown ? save.error : null} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!reason.trim()}>
            Save as version {e.version + 1}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function NewVersionModal({ e, opened, onClose }: { e: Evidence; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Upload a new version" size="lg">
      {opened && <NewVersionForm e={e} onClose={onClose} />}
    </Modal>
  );
}
