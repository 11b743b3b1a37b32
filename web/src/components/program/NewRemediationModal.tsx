import { Alert, Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import { ApiError } from "../../api/errors.ts";
import type { RemediationInput } from "../../api/models/remediation.ts";
import { notifySuccess } from "../../lib/notify.ts";
import { ErrorAlert, fieldError } from "../ErrorAlert.tsx";
import { emptyRemediation, RemediationForm, remediationProblems } from "./RemediationForm.tsx";

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
  const [tried, setTried] = useState(false);
  const problems = remediationProblems(form);
  const errorOf = (field: string) => (tried ? problems[field as keyof typeof problems] : undefined);
  const create = useMutation({
    mutationFn: (allowDuplicate: boolean = false) => {
      const { dueDate, ...rest } = form;
      return api.POST("/api/v1/programs/{programId}/remediation", {
        params: { path: { programId } },
        body: { ...(dueDate ? form : rest), ...(allowDuplicate ? { allowDuplicate } : {}) },
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
    if (opened) {
      create.reset();
      setTried(false);
    }
  }, [opened]);
  // Fields say what is missing on submit (the button is never just disabled); the first one at fault gets the focus.
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setTried(true);
    if (Object.values(problems).some(Boolean)) {
      const el = e.currentTarget;
      requestAnimationFrame(() => el.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
      return;
    }
    create.mutate(false);
  };
  const duplicate =
    create.error instanceof ApiError && create.error.code === "duplicate_item"
      ? (create.error.problem.existing as { id: string; ref: string } | undefined)
      : undefined;
  const shown = ["title", "gap", "riskDescription", "ownerUserId", "verifierUserId", "dueDate", "criteria", "controls"];
  return (
    <Modal opened={opened} onClose={onClose} title="New remediation item" size="xl">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {duplicate ? (
            <Alert color="yellow" title={`${duplicate.ref} is already open for this gap`}>
              <Stack gap="xs">
                <Text size="sm">{create.error instanceof ApiError && create.error.detail}</Text>
                <Group gap="xs">
                  <Button
                    size="xs"
                    component={Link}
                    to={`/programs/${programId}/remediation/${duplicate.id}`}
                    onClick={onClose}
                  >
                    Open {duplicate.ref}
                  </Button>
                  <Button size="xs" variant="default" onClick={() => create.mutate(true)}>
                    Add a second item anyway
                  </Button>
                </Group>
              </Stack>
            </Alert>
          ) : (
            <ErrorAlert error={create.error && !shown.some((f) => fieldError(create.error, f)) ? create.error : null} />
          )}
          <RemediationForm
            programId={programId}
            value={form}
            onChange={(patch) => setForm((f) => ({ ...f, ...patch }))}
            error={create.error}
            errorOf={errorOf}
            creating
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create item
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
