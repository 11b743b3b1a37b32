import { Button, Checkbox, Group, Modal, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../../api/client.ts";
import type { RemediationItem } from "../../../api/models/remediation.ts";
import { ErrorAlert, fieldError } from "../../../components/ErrorAlert.tsx";
import { LimitedTextarea } from "../../../components/LimitedTextarea.tsx";
import { ControlStatusBadge } from "../../../components/program/StatusBadges.tsx";
import { useFormErrors } from "../../../lib/form-errors.ts";
import { notifySuccess } from "../../../lib/notify.ts";
import { invalidateAfterWrite } from "../../../lib/write-effects.ts";
import { useAllControls } from "../../../program/queries.ts";
import { useCan } from "../../../session.tsx";

export type Move = "start" | "done" | "verify" | "reopen";

const COPY: Record<
  Move,
  { title: string; button: string; note: string; placeholder: string; required?: string; description?: string }
> = {
  start: { title: "Start", button: "Start work", note: "Note", placeholder: "Optional" },
  done: {
    title: "Mark done",
    button: "Mark done",
    note: "What was done",
    description: "The verifier and the auditor read this: say what changed and where the evidence is.",
    placeholder: "e.g. MFA enforced in the identity provider for every account; screenshot attached as evidence.",
    required: "Say what was done to fix the gap.",
  },
  verify: {
    title: "Verify the fix",
    button: "Verify",
    note: "How you checked it",
    description: "What you looked at or tried, and links to any evidence of the check.",
    placeholder: "e.g. Confirmed the setting in the admin console and tried a login without MFA.",
    required: "Say how you checked the fix.",
  },
  reopen: {
    title: "Reopen",
    button: "Reopen",
    note: "Why it is reopened",
    placeholder: "e.g. The fix did not cover the staging environment.",
    required: "Say why the item is reopened.",
  },
};

/**
 * Moves an item along open → in progress → done → verified (or reopens it, with a reason). Marking an item done
 * offers to mark its linked controls implemented, which is what moves readiness.
 */
export function TransitionModal({
  programId,
  item,
  move,
  onClose,
}: {
  programId: string;
  item: RemediationItem;
  move: Move | null;
  onClose: () => void;
}) {
  const qc = useQueryClient();
  const can = useCan();
  const [note, setNote] = useState("");
  const copy = COPY[move ?? "start"];
  const controls = useAllControls(programId, move === "done" && item.controls.length > 0);
  const linked = (controls.data?.items ?? []).filter(
    (c) => item.controls.includes(c.key) && c.applicable && c.status !== "implemented" && c.status !== "operating",
  );
  const [skip, setSkip] = useState<Set<string>>(new Set());
  const updateControls = move === "done" && can("controls.edit");
  const run = useMutation({
    mutationFn: async () => {
      const body = note.trim() ? { note: note.trim() } : {};
      const verifyBody = { note: note.trim() };
      // Several writes to the program: the pages refresh once, at the end.
      const params = { path: { programId, id: item.id } };
      const path = "/api/v1/programs/{programId}/remediation/{id}/status";
      if (move === "verify")
        await api.POST("/api/v1/programs/{programId}/remediation/{id}/verify", {
          params,
          body: verifyBody,
          refresh: false,
        });
      else
        await api.POST(path, {
          params,
          body: { status: move === "done" ? "done" : "in_progress", ...body },
          refresh: false,
        });
      const chosen = updateControls ? linked.filter((c) => !skip.has(c.key)) : [];
      for (const c of chosen)
        await api.PATCH("/api/v1/programs/{programId}/controls/{key}", {
          params: { path: { programId, key: c.key } },
          body: {
            status: "implemented",
            statusReason: `Fixed by remediation item ${item.ref}${note.trim() ? `: ${note.trim()}` : "."}`,
          },
          refresh: false,
        });
      await invalidateAfterWrite(qc, path);
      return chosen.length;
    },
    onSuccess: (n) => {
      const what = { start: "started", done: "marked done", verify: "verified", reopen: "reopened" }[move!];
      notifySuccess(`${item.ref} ${what}.${n ? ` ${n} linked control${n === 1 ? "" : "s"} marked implemented.` : ""}`);
      setNote("");
      onClose();
    },
  });
  // A required note is checked on submit, so the field says what is missing instead of a silent disabled button.
  const errors = useFormErrors({ note }, run.error, {
    note: (v) => (copy.required && !v.trim() ? copy.required : undefined),
  });
  if (!move) return null;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (errors.submit(e)) run.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={`${copy.title}: ${item.ref}`}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" fw={500}>
            {item.title}
          </Text>
          <ErrorAlert error={fieldError(run.error, "note") ? null : run.error} />
          <LimitedTextarea
            label={copy.note}
            description={copy.description}
            required={!!copy.required}
            error={errors.of("note")}
            data-autofocus
            autosize
            minRows={2}
            placeholder={copy.placeholder}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          {updateControls && linked.length > 0 && (
            <Stack gap={6}>
              <Text size="sm" fw={500}>
                Also mark the linked controls implemented
              </Text>
              <Text size="xs" c="dimmed">
                Readiness moves when controls do. Untick any control the fix did not complete.
              </Text>
              {linked.map((c) => (
                <Checkbox
                  key={c.key}
                  checked={!skip.has(c.key)}
                  onChange={(e) => {
                    const next = new Set(skip);
                    if (e.currentTarget.checked) next.delete(c.key);
                    else next.add(c.key);
                    setSkip(next);
                  }}
                  label={
                    <Group gap={6}>
                      <Text span size="sm">
                        {c.key} · {c.name}
                      </Text>
                      <ControlStatusBadge status={c.status} size="xs" />
                    </Group>
                  }
                />
              ))}
            </Stack>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={run.isPending} color={move === "verify" ? "teal" : undefined}>
              {copy.button}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
