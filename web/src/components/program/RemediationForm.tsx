import { Divider, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { IconCalendarEvent } from "@tabler/icons-react";
import dayjs from "dayjs";
import type { RemediationInput } from "../../api/models/remediation.ts";
import { PRIORITY } from "../../program/labels.ts";
import { priorityOf, SUGGESTED_DAYS } from "../../program/rules.ts";
import { fieldError } from "../ErrorAlert.tsx";
import { LimitedTextarea } from "../LimitedTextarea.tsx";
import { ListEditor } from "../ListEditor.tsx";
import { ControlsMultiSelect, CriteriaMultiSelect, MemberSelect } from "./Pickers.tsx";
import { ResourcesEditor } from "./ResourcesEditor.tsx";
import { RiskInput } from "./RiskInput.tsx";

export const WORKER_ROLES = ["owner", "admin", "compliance_manager", "control_owner"] as const;
/** Roles that can verify an item (never its owner). */
export const VERIFIER_ROLES = ["owner", "admin", "compliance_manager"] as const;

export const emptyRemediation = (patch: Partial<RemediationInput> = {}): RemediationInput => ({
  title: "",
  gap: "",
  rootCause: "",
  riskDescription: "",
  likelihood: 3,
  impact: 3,
  action: "",
  ownerUserId: null,
  dueDate: null,
  monitoring: "",
  resources: [],
  verifierUserId: null,
  criteria: [],
  controls: [],
  evidence: [],
  ...patch,
});

/** What the form checks itself before sending (the server checks the same and has the last word). */
export function remediationProblems(value: RemediationInput, original?: RemediationInput) {
  const today = dayjs().format("YYYY-MM-DD");
  return {
    title: value.title.trim() ? undefined : "Give the item a short title, e.g. “Enforce MFA for production access”.",
    gap: value.gap.trim() ? undefined : "Describe the gap: what is missing or not working.",
    // A due date already in the past may stay as it is; a new one may not be.
    dueDate:
      value.dueDate && value.dueDate < today && value.dueDate !== original?.dueDate
        ? `The due date is in the past. Choose today or a later date.`
        : undefined,
  };
}

/**
 * Every field of a remediation item. `creating`: an empty due date means "suggest one from the priority".
 * `errorOf`: the message under a field (the form's own checks, then the server's answer); by default the server's.
 */
export function RemediationForm({
  programId,
  value,
  onChange,
  error,
  errorOf,
  creating,
  disabled,
}: {
  programId: string;
  value: RemediationInput;
  onChange: (patch: Partial<RemediationInput>) => void;
  error: unknown;
  errorOf?: (field: string) => string | undefined;
  creating?: boolean;
  disabled?: boolean;
}) {
  const priority = priorityOf(value.likelihood, value.impact);
  const suggested = dayjs().add(SUGGESTED_DAYS[priority], "day");
  const err = (f: string) => errorOf?.(f) ?? fieldError(error, f);
  return (
    <Stack gap="md">
      <TextInput
        label="Title"
        required
        data-autofocus
        placeholder="e.g. Enforce MFA for production access"
        value={value.title}
        onChange={(e) => onChange({ title: e.currentTarget.value })}
        error={err("title")}
        disabled={disabled}
        maxLength={300}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <LimitedTextarea
          label="Gap"
          description="What is missing or not working."
          required
          autosize
          minRows={3}
          value={value.gap}
          onChange={(e) => onChange({ gap: e.currentTarget.value })}
          error={err("gap")}
          disabled={disabled}
        />
        <LimitedTextarea
          label="Root cause"
          description="Why the gap exists, so the fix lasts."
          autosize
          minRows={3}
          value={value.rootCause}
          onChange={(e) => onChange({ rootCause: e.currentTarget.value })}
          disabled={disabled}
        />
      </SimpleGrid>
      <Divider label="Risk" labelPosition="left" />
      <LimitedTextarea
        label="What could happen"
        description="The risk in words: what an attacker, an outage or a mistake could do while the gap stays open."
        autosize
        minRows={2}
        value={value.riskDescription}
        onChange={(e) => onChange({ riskDescription: e.currentTarget.value })}
        error={err("riskDescription")}
        disabled={disabled}
      />
      <RiskInput likelihood={value.likelihood} impact={value.impact} onChange={onChange} disabled={disabled} />
      <Divider label="The fix" labelPosition="left" />
      <LimitedTextarea
        label="Corrective action"
        description="What will be done to close the gap. Break larger fixes into steps on the item's page."
        autosize
        minRows={2}
        value={value.action}
        onChange={(e) => onChange({ action: e.currentTarget.value })}
        disabled={disabled}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <MemberSelect
          label="Owner"
          description="Who does the work; they get a notification."
          placeholder="Unassigned"
          roles={WORKER_ROLES}
          value={value.ownerUserId}
          onChange={(v) => onChange({ ownerUserId: v })}
          error={err("ownerUserId")}
          disabled={disabled}
        />
        <DatePickerInput
          label="Due date"
          placeholder={creating ? `Suggested: ${suggested.format("D MMM YYYY")}` : "No due date"}
          description={
            creating
              ? `Empty: ${SUGGESTED_DAYS[priority]} days, usual for ${PRIORITY[priority].label.toLowerCase()} priority.`
              : "When the fix should be in place."
          }
          leftSection={<IconCalendarEvent size={16} />}
          minDate={dayjs().format("YYYY-MM-DD")}
          value={value.dueDate}
          onChange={(v) => onChange({ dueDate: v })}
          clearable
          valueFormat="D MMM YYYY"
          error={err("dueDate")}
          disabled={disabled}
        />
      </SimpleGrid>
      <ResourcesEditor
        value={value.resources}
        onChange={(resources) => onChange({ resources })}
        error={err("resources")}
        disabled={disabled}
      />
      <MemberSelect
        label="Verifier"
        description="Who will check the fix once it is done: someone other than the owner."
        placeholder="Decide later"
        roles={VERIFIER_ROLES}
        value={value.verifierUserId}
        onChange={(v) => onChange({ verifierUserId: v })}
        error={err("verifierUserId")}
        disabled={disabled}
      />
      <LimitedTextarea
        label="Monitoring and verification"
        description="How you will know the fix works, and what a verifier should check."
        autosize
        minRows={2}
        value={value.monitoring}
        onChange={(e) => onChange({ monitoring: e.currentTarget.value })}
        disabled={disabled}
      />
      <Divider label="Links" labelPosition="left" />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <CriteriaMultiSelect
          label="Criteria"
          placeholder="e.g. CC6.1"
          value={value.criteria}
          onChange={(criteria) => onChange({ criteria })}
          error={err("criteria")}
          disabled={disabled}
        />
        <ControlsMultiSelect
          programId={programId}
          label="Controls"
          placeholder="e.g. ACC-03"
          value={value.controls}
          onChange={(controls) => onChange({ controls })}
          error={err("controls")}
          disabled={disabled}
        />
      </SimpleGrid>
      <ListEditor
        label="Evidence of the fix"
        description="Links or short descriptions: tickets, screenshots, configuration exports."
        placeholder="e.g. https://tracker.example.com/SEC-142"
        value={value.evidence}
        onChange={(evidence) => onChange({ evidence })}
      />
    </Stack>
  );
}
