import { Button, Group, Stack } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { api } from "../../../api/client.ts";
import type { RemediationInput, RemediationItemDetail } from "../../../api/models/remediation.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { ListEditor } from "../../../components/ListEditor.tsx";
import { RemediationForm, remediationProblems } from "../../../components/program/RemediationForm.tsx";
import { ReadOnlyNotice } from "../../../components/ReadOnlyNotice.tsx";
import { notifySuccess } from "../../../lib/notify.ts";
import { useCan, useSession } from "../../../session.tsx";

const inputOf = (i: RemediationItemDetail): RemediationInput => ({
  title: i.title,
  gap: i.gap,
  rootCause: i.rootCause,
  riskDescription: i.riskDescription,
  likelihood: i.likelihood,
  impact: i.impact,
  action: i.action,
  ownerUserId: i.owner?.id ?? null,
  dueDate: i.dueDate,
  monitoring: i.monitoring,
  resources: i.resources,
  verifierUserId: i.verifier?.id ?? null,
  criteria: i.criteria,
  controls: i.controls,
  evidence: i.evidence,
});

/** Managers edit the whole plan item; its owner updates the evidence. Verified items are locked. */
export function ItemEditForm({ programId, item }: { programId: string; item: RemediationItemDetail }) {
  const can = useCan();
  const { user } = useSession();
  const original = inputOf(item);
  const [form, setForm] = useState(original);
  const [tried, setTried] = useState(false);
  const manager = can("remediation.manage");
  const owner = can("remediation.update_own") && item.owner?.id === user.id;
  const changed = (Object.keys(form) as (keyof RemediationInput)[]).filter(
    (k) => JSON.stringify(form[k]) !== JSON.stringify(original[k]),
  );
  const save = useMutation({
    mutationFn: () =>
      api.PATCH("/api/v1/programs/{programId}/remediation/{id}", {
        params: { path: { programId, id: item.id } },
        body: Object.fromEntries(changed.map((k) => [k, form[k]])),
      }),
    onSuccess: () => notifySuccess(`${item.ref} saved.`),
  });
  if (item.status === "verified")
    return (
      <ReadOnlyNotice>{item.ref} is verified, so its plan is locked. Reopen it to change anything.</ReadOnlyNotice>
    );
  if (!manager && !owner) return <ReadOnlyNotice>Your role can read the plan but not change this item.</ReadOnlyNotice>;
  const problems = remediationProblems(form, original);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setTried(true);
    if (manager && Object.values(problems).some(Boolean)) {
      const el = e.currentTarget;
      requestAnimationFrame(() => el.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
      return;
    }
    save.mutate();
  };
  const set = (patch: Partial<RemediationInput>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <form onSubmit={submit} aria-label={`Edit ${item.ref}`} noValidate>
      <Stack gap="md">
        <ErrorAlert error={save.error} />
        {manager ? (
          <RemediationForm
            programId={programId}
            value={form}
            onChange={set}
            error={save.error}
            errorOf={(f) => (tried ? problems[f as keyof typeof problems] : undefined)}
          />
        ) : (
          <>
            <ReadOnlyNotice>
              As the item's owner you can record the evidence of the fix and move its status.
            </ReadOnlyNotice>
            <ListEditor label="Evidence of the fix" value={form.evidence} onChange={(evidence) => set({ evidence })} />
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setForm(original)} disabled={changed.length === 0}>
            Discard changes
          </Button>
          <Button type="submit" loading={save.isPending} disabled={changed.length === 0}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
