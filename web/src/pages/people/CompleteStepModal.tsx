import { Button, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type FormEvent, useState } from "react";
import { api } from "../../api/client.ts";
import type { ChecklistStep } from "../../api/models/people.ts";
import { ErrorAlert, fieldError } from "../../components/ErrorAlert.tsx";
import { LimitedTextarea, TEXT_LIMITS } from "../../components/LimitedTextarea.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { notifySuccess } from "../../lib/notify.ts";
import { ProofFileInput, useProofUpload } from "../evidence/components/ProofFile.tsx";

/** Completes a checklist step with its proof; an access revocation also records when access was revoked. */
export function CompleteStepModal({
  step,
  onClose,
}: {
  step: Pick<ChecklistStep, "id" | "title" | "revocation" | "system" | "dueAt"> | null;
  onClose: () => void;
}) {
  const [note, setNote] = useState("");
  const [link, setLink] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const uploadProof = useProofUpload();
  const [revokedAt, setRevokedAt] = useState(() => dayjs().format("YYYY-MM-DDTHH:mm"));
  const done = useMutation({
    mutationFn: async (s: NonNullable<typeof step>) =>
      api.POST("/api/v1/checklist-steps/{id}/complete", {
        params: { path: { id: s.id } },
        body: {
          note: note || null,
          evidenceUrl: link || null,
          evidenceId: await uploadProof(file, `Proof: ${s.title}`),
          ...(s.revocation ? { revokedAt: new Date(revokedAt).toISOString() } : {}),
        },
      }),
    onSuccess: (r) => {
      notifySuccess(
        r.deviation
          ? `Recorded ${r.deviation}: this is a deviation from the offboarding SLA.`
          : `"${r.title}" is done.`,
        "Step completed",
      );
      close();
    },
  });
  const close = () => {
    setNote("");
    setLink("");
    setFile(null);
    done.reset();
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (step) done.mutate(step);
  };
  return (
    <Modal opened={!!step} onClose={close} title={step ? `Complete: ${step.title}` : ""} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <ErrorAlert error={done.error} />
          {step?.revocation && (
            <>
              <Text size="sm" c="dimmed">
                Access to {step.system} had to be revoked by {formatDateTime(step.dueAt)} (the offboarding SLA). A later
                time is recorded as a deviation.
              </Text>
              <TextInput
                label="When was access revoked?"
                type="datetime-local"
                required
                value={revokedAt}
                onChange={(e) => setRevokedAt(e.currentTarget.value)}
                error={fieldError(done.error, "revokedAt")}
              />
            </>
          )}
          <LimitedTextarea
            label="Note"
            description="What was done, as proof for an auditor"
            limit={TEXT_LIMITS.paragraph}
            autosize
            minRows={2}
            data-autofocus
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <TextInput
            label="Link to the proof (optional)"
            placeholder="https://…"
            value={link}
            onChange={(e) => setLink(e.currentTarget.value)}
            error={fieldError(done.error, "evidenceUrl")}
          />
          <ProofFileInput value={file} onChange={setFile} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={done.isPending}>
              Mark done
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
