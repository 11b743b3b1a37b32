import { Button, Group, Modal, Stack } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import type { RemediationInput } from "../../api/models/remediation.ts";
import { notifySuccess } from "../../lib/notify.ts";
import { ErrorAlert, fieldError } from "../ErrorAlert.tsx";
import { emptyRemediation, RemediationForm } from "./RemediationForm.tsx";

/** A new remediation item, optionally prefilled from a gap; opens the item once it is created. */
export function NewRemediationModal({
  programId,
  opened,
  onClose,
  initial,
}: {
  programId: string;
  opened: boolean;
  onClose: () => void;
  initial?: Partial<RemediationInput>;
}) {
  const navigate = useNavigate();
  const [form, setForm] = useState(() => emptyRemediation(initial));
  useEffect(() => {
    if (opened) setForm(emptyRemediation(initial));
  }, [opened, initial]);
  const create = useMutation({
    mutationFn: () => {
      const { dueDate, ...rest } = form;
      return api.POST("/api/v1/programs/{programId}/remediation", {
        params: { path: { programId } },
        body: dueDate ? form : rest,
      });
    },
    onSuccess: async (item) => {
      notifySuccess(`${item.ref} added to the remediation plan.`);
      onClose();
      navigate(`/programs/${programId}/remediation/${item.id}`);
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: forget the last error whenever the modal opens
  useEffect(() => {
    if (opened) create.reset();
  }, [opened]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const shown = ["title", "gap", "ownerUserId", "dueDate", "criteria", "controls"];
  return (
    <Modal opened={opened} onClose={onClose} title="New remediation item" size="xl">
      <form onSubmit={submit}>
        <Stack gap="md">
          <ErrorAlert error={create.error && !shown.some((f) => fieldError(create.error, f)) ? create.error : null} />
          <RemediationForm
            programId={programId}
            value={form}
            onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
            error={create.error}
            creating
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending} disabled={!form.title.trim() || !form.gap.trim()}>
              Create item
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
