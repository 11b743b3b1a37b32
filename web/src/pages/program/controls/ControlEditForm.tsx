import { Button, Group, Select, SimpleGrid, Stack, Switch, Textarea } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { MANUAL_STATUSES } from "../../../../../src/core/control-status.ts";
import { rules } from "../../../../../src/modules/programs/policy.ts";
import { api } from "../../../api/client.ts";
import type { ControlChanges, Frequency, ManualStatus, ProgramControlDetail } from "../../../api/models/program.ts";
import { ErrorAlert, fieldError } from "../../../components/ErrorAlert.tsx";
import { MemberSelect } from "../../../components/program/Pickers.tsx";
import { ReadOnlyNotice } from "../../../components/ReadOnlyNotice.tsx";
import { notifySuccess } from "../../../lib/notify.ts";
import { CONTROL_STATUS, FREQUENCY_LABELS, options } from "../../../program/labels.ts";
import { useCan, useSubject } from "../../../session.tsx";
import type { OperatingGap } from "./OperatingGapNotice.tsx";

const WORKER_ROLES = ["owner", "admin", "compliance_manager", "control_owner"] as const;

/** Owner, frequency, status with its reason, applicability with its justification, and the narrative. */
export function ControlEditForm({
  programId,
  c,
  onOperatingGap,
}: {
  programId: string;
  c: ProgramControlDetail;
  /** After each save: what keeps it from Operating when Operating was asked for, else null. */
  onOperatingGap?: (gap: OperatingGap | null) => void;
}) {
  const can = useCan();
  const subject = useSubject();
  const full = rules.editsAnyControlField(subject);
  const own = rules.updatesControl(subject, { ownerUserId: c.owner?.id ?? null });
  const manualStatus: ManualStatus = c.manualStatus;
  const [form, setForm] = useState({
    ownerUserId: c.owner?.id ?? null,
    frequency: c.frequency,
    status: manualStatus,
    statusReason: "",
    applicable: c.applicable,
    notApplicableReason: c.notApplicableReason ?? "",
    narrative: c.narrative,
  });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));

  const changes = () => {
    const body: ControlChanges = {};
    if (full && form.ownerUserId !== (c.owner?.id ?? null)) body.ownerUserId = form.ownerUserId;
    if (full && form.frequency !== c.frequency) body.frequency = form.frequency;
    if (form.status !== manualStatus || form.statusReason.trim()) {
      body.status = form.status;
      if (form.statusReason.trim()) body.statusReason = form.statusReason.trim();
    }
    if (full && form.applicable !== c.applicable) body.applicable = form.applicable;
    if (full && !form.applicable && form.notApplicableReason.trim() !== (c.notApplicableReason ?? ""))
      body.notApplicableReason = form.notApplicableReason.trim();
    if (form.narrative !== c.narrative) body.narrative = form.narrative;
    return body;
  };
  const save = useMutation({
    mutationFn: async () => {
      const body = changes();
      const saved = await api.PATCH("/api/v1/programs/{programId}/controls/{key}", {
        params: { path: { programId, key: c.key } },
        body,
      });
      // Operating is earned with evidence: when the rule shows otherwise, say why at the moment of saving.
      if (body.status !== "operating" || saved.status === "operating" || saved.status === "not_applicable")
        return { saved, gap: null };
      const why = await api.GET("/api/v1/programs/{programId}/controls/{key}/explanation", {
        params: { path: { programId, key: c.key } },
      });
      return { saved, gap: { key: c.key, shown: saved.status, reason: why.reason, toOperate: why.toOperate } };
    },
    onSuccess: ({ saved, gap }) => {
      onOperatingGap?.(gap);
      notifySuccess(
        gap ? `${c.key} saved; it shows ${CONTROL_STATUS[saved.status].label} for now.` : `${c.key} saved.`,
      );
    },
  });
  if (!full && !own)
    return (
      <ReadOnlyNotice>
        {can("controls.update_own")
          ? "You can update controls assigned to you. Ask a compliance manager to assign this one to you."
          : "Your role can read controls but not change them."}
      </ReadOnlyNotice>
    );

  const justificationMissing = !form.applicable && !form.notApplicableReason.trim();
  const nothing = Object.keys(changes()).length === 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!justificationMissing && !nothing) save.mutate();
  };
  return (
    <form onSubmit={submit} aria-label={`Edit ${c.key}`}>
      <Stack gap="md">
        {!full && (
          <ReadOnlyNotice>As the control's owner you can change its status, reason and narrative.</ReadOnlyNotice>
        )}
        <ErrorAlert error={save.error && !fieldError(save.error, "notApplicableReason") ? save.error : null} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <MemberSelect
            label="Owner"
            placeholder="Unassigned"
            roles={WORKER_ROLES}
            value={form.ownerUserId}
            onChange={(v) => set({ ownerUserId: v })}
            disabled={!full}
          />
          <Select
            label="Frequency"
            data={options(FREQUENCY_LABELS)}
            value={form.frequency}
            onChange={(v) => v && set({ frequency: v as Frequency })}
            allowDeselect={false}
            disabled={!full}
          />
        </SimpleGrid>
        <Switch
          label="Applicable to this program"
          description="Turn off only with a justification an auditor will accept; it then stops counting towards readiness."
          checked={form.applicable}
          onChange={(e) => set({ applicable: e.currentTarget.checked })}
          disabled={!full}
        />
        {!form.applicable && (
          <Textarea
            label="Why it does not apply"
            required
            autosize
            minRows={2}
            value={form.notApplicableReason}
            onChange={(e) => set({ notApplicableReason: e.currentTarget.value })}
            error={
              fieldError(save.error, "notApplicableReason") ??
              (justificationMissing ? "A justification is required to mark a control not applicable." : undefined)
            }
            placeholder="e.g. We have no physical office; all infrastructure runs at our cloud provider (carved out)."
            maxLength={2000}
          />
        )}
        {form.applicable && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Status"
              data={MANUAL_STATUSES.map((s) => ({ value: s, label: CONTROL_STATUS[s].label }))}
              value={form.status}
              onChange={(v) => v && set({ status: v as ManualStatus })}
              allowDeselect={false}
            />
            <Textarea
              label="Reason for the status"
              description="Optional; shown wherever the status is."
              autosize
              minRows={1}
              value={form.statusReason}
              onChange={(e) => set({ statusReason: e.currentTarget.value })}
              placeholder="e.g. MFA enforced in Okta for all staff on 3 March"
              maxLength={2000}
            />
          </SimpleGrid>
        )}
        <Textarea
          label="Narrative"
          description="How your organization operates this control, in your words. Simple Markdown lists and **bold** work."
          autosize
          minRows={4}
          value={form.narrative}
          onChange={(e) => set({ narrative: e.currentTarget.value })}
          maxLength={20000}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} disabled={nothing || justificationMissing}>
            Save changes
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
