import { Button, FileInput, Group, Progress, Stack, Text, TextInput } from "@mantine/core";
import { IconUpload } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { TEXT_LIMITS } from "../../../../src/core/text-limits.ts";
import type { ExternalTraining } from "../../api/models/training.ts";
import { appendFields, postForm } from "../../api/upload.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { LimitedTextarea } from "../../components/LimitedTextarea.tsx";
import { invalidateAfterWrite } from "../../lib/write-effects.ts";
import { today } from "./labels.ts";

const MAX_BYTES = 10 * 1024 * 1024;

/**
 * Training taken elsewhere, with its certificate: for yourself (the portal) or, for compliance staff, for a person
 * of the directory. A compliance manager accepts it before it counts.
 */
export function ExternalTrainingForm({
  personId,
  onDone,
  onCancel,
}: {
  /** Record for this person (compliance staff); absent: for yourself. */
  personId?: string;
  onDone: (record: ExternalTraining) => void;
  onCancel?: () => void;
}) {
  const qc = useQueryClient();
  const [provider, setProvider] = useState("");
  const [courseTitle, setCourseTitle] = useState("");
  const [completedOn, setCompletedOn] = useState("");
  const [notes, setNotes] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const tooBig = file && file.size > MAX_BYTES ? "The certificate must be at most 10 MB." : undefined;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file || tooBig) return;
    const form = new FormData();
    appendFields(form, { provider, courseTitle, completedOn, notes });
    form.append("file", file, file.name);
    setError(null);
    setProgress(0);
    try {
      const onProgress = (sent: number, total: number) => setProgress((sent / total) * 100);
      const record = personId
        ? await postForm("/api/v1/training/people/{personId}/external", form, onProgress, {
            path: { personId },
          }).done
        : await postForm("/api/v1/training/me/external", form, onProgress).done;
      await invalidateAfterWrite(qc, "/api/v1/training/me/external");
      onDone(record);
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Record external training">
      <Stack gap="sm">
        {!!error && <ErrorAlert error={error} title="The training was not recorded" />}
        <TextInput
          label="Provider"
          description="Who ran the training"
          required
          maxLength={TEXT_LIMITS.name}
          value={provider}
          onChange={(e) => setProvider(e.currentTarget.value)}
          error={fieldError(error, "provider")}
        />
        <TextInput
          label="Course"
          required
          maxLength={TEXT_LIMITS.title}
          value={courseTitle}
          onChange={(e) => setCourseTitle(e.currentTarget.value)}
          error={fieldError(error, "courseTitle")}
        />
        <TextInput
          label="Completed on"
          type="date"
          required
          max={today()}
          value={completedOn}
          onChange={(e) => setCompletedOn(e.currentTarget.value)}
          error={fieldError(error, "completedOn")}
        />
        <FileInput
          label="Certificate"
          description="PDF, PNG or JPEG, at most 10 MB"
          required
          accept="application/pdf,image/png,image/jpeg"
          value={file}
          onChange={setFile}
          clearable
          leftSection={<IconUpload size={16} />}
          error={tooBig}
        />
        <LimitedTextarea
          label="Notes (optional)"
          limit={TEXT_LIMITS.paragraph}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
        />
        {progress !== null && <Progress value={progress} aria-label="Upload progress" />}
        <Text size="xs" c="dimmed">
          A compliance manager reviews the certificate; the training counts once they accept it.
        </Text>
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={progress !== null} disabled={!file || !!tooBig}>
            Record training
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
