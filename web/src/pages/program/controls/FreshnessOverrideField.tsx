import { Button, Group, Modal, NumberInput, Stack, Text, Textarea } from "@mantine/core";
import { IconClockEdit } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import {
  FRESHNESS_RULES,
  type FreshnessFrequency,
  MANUAL_SNAPSHOT_RULE,
  MAX_OVERRIDE_DAYS,
} from "../../../../../src/core/freshness.ts";
import { api } from "../../../api/client.ts";
import type { ProgramControlDetail } from "../../../api/models/program.ts";
import { ErrorAlert, fieldError } from "../../../components/ErrorAlert.tsx";
import { notifySuccess } from "../../../lib/notify.ts";
import { useCan } from "../../../session.tsx";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The frequency rule in words (core/freshness.ts), for controls without an override. */
function ruleWords(frequency: FreshnessFrequency): string {
  const rule = FRESHNESS_RULES[frequency];
  if (!rule) return "Any evidence keeps it current (it operates on an event).";
  const span = rule.months ? plural(rule.months, "month") : plural(rule.days, "day");
  const base = `${span} plus ${plural(rule.graceDays, "day")} of grace`;
  return frequency === "continuous" || frequency === "daily"
    ? `Manual evidence ${plural(MANUAL_SNAPSHOT_RULE.days, "day")}; evidence from connectors and the agent ${base}.`
    : `${base[0]!.toUpperCase()}${base.slice(1)}, from the end of the period it covers.`;
}

/** How long the control's evidence stays fresh, and (for people who edit controls) an override with its reason. */
export function FreshnessOverrideField({ programId, c }: { programId: string; c: ProgramControlDetail }) {
  const can = useCan();
  const [editing, setEditing] = useState(false);
  const o = c.freshnessOverride;
  return (
    <Stack gap={4} data-testid="freshness-override">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: "0.04em" }}>
        Evidence stays fresh
      </Text>
      {o ? (
        <Text size="sm">
          <b>{plural(o.days, "day")}</b> (an override): {o.reason}
        </Text>
      ) : (
        <Text size="sm">{ruleWords(c.frequency)}</Text>
      )}
      {can("controls.edit") && (
        <Button
          variant="subtle"
          size="compact-xs"
          w="fit-content"
          leftSection={<IconClockEdit size={14} />}
          onClick={() => setEditing(true)}
        >
          {o ? "Change the override" : "Override"}
        </Button>
      )}
      {editing && <OverrideModal programId={programId} c={c} onClose={() => setEditing(false)} />}
    </Stack>
  );
}

function OverrideModal({ programId, c, onClose }: { programId: string; c: ProgramControlDetail; onClose: () => void }) {
  const [days, setDays] = useState<number | string>(c.freshnessOverride?.days ?? "");
  const [reason, setReason] = useState(c.freshnessOverride?.reason ?? "");
  const [missing, setMissing] = useState<{ days?: string; reason?: string }>({});
  const save = useMutation({
    mutationFn: (freshnessOverride: { days: number; reason: string } | null) =>
      api.PATCH("/api/v1/programs/{programId}/controls/{key}", {
        params: { path: { programId, key: c.key } },
        body: { freshnessOverride },
      }),
    onSuccess: (r) => {
      notifySuccess(
        r.freshnessOverride
          ? `Evidence of ${c.key} now stays fresh ${plural(r.freshnessOverride.days, "day")}.`
          : `${c.key} follows the frequency rule again.`,
      );
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = typeof days === "number" ? days : Number(days);
    const problems = {
      ...(days === "" || !Number.isInteger(n) || n < 1 || n > MAX_OVERRIDE_DAYS
        ? { days: `Give a whole number of days from 1 to ${MAX_OVERRIDE_DAYS}${days === "" ? "" : ` (not ${days})`}.` }
        : {}),
      ...(!reason.trim()
        ? { reason: "Say why this control's evidence may stay fresh that long: an auditor reads it." }
        : {}),
    };
    setMissing(problems);
    if (!Object.keys(problems).length) save.mutate({ days: n, reason: reason.trim() });
  };
  return (
    <Modal opened onClose={onClose} title={`How long evidence of ${c.key} stays fresh`}>
      <form onSubmit={submit} aria-label="Freshness override" noValidate>
        <Stack gap="md">
          <Text size="sm">
            Replaces the rule of its frequency for every piece of its evidence. The reason is recorded in the ledger and
            shown on the control.
          </Text>
          <ErrorAlert error={save.error && !fieldError(save.error, "freshnessOverride") ? save.error : null} />
          <NumberInput
            label="Days"
            required
            min={1}
            max={MAX_OVERRIDE_DAYS}
            clampBehavior="none"
            allowDecimal={false}
            value={days}
            onChange={setDays}
            error={missing.days}
          />
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            maxLength={2000}
            placeholder="e.g. The SIEM configuration is exported monthly; alerts are monitored continuously by the agent."
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={missing.reason ?? fieldError(save.error, "freshnessOverride")}
          />
          <Group justify="space-between">
            {c.freshnessOverride ? (
              <Button variant="subtle" color="red" onClick={() => save.mutate(null)} loading={save.isPending}>
                Remove the override
              </Button>
            ) : (
              <span />
            )}
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending}>
                Save
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
