import { Divider, SimpleGrid, Stack, Textarea, TextInput } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { IconCalendarEvent } from "@tabler/icons-react";
import dayjs from "dayjs";
import type { RemediationInput } from "../../api/models/remediation.ts";
import { PRIORITY } from "../../program/labels.ts";
import { priorityOf, SUGGESTED_DAYS } from "../../program/rules.ts";
import { fieldError } from "../ErrorAlert.tsx";
import { ListEditor } from "../ListEditor.tsx";
import { ControlsMultiSelect, CriteriaMultiSelect, MemberSelect } from "./Pickers.tsx";
import { RiskInput } from "./RiskInput.tsx";

export const WORKER_ROLES = ["owner", "admin", "compliance_manager", "control_owner"] as const;

export const emptyRemediation = (patch: Partial<RemediationInput> = {}): RemediationInput => ({
  title: "",
  gap: "",
  rootCause: "",
  likelihood: 3,
  impact: 3,
  action: "",
  ownerUserId: null,
  dueDate: null,
  monitoring: "",
  criteria: [],
  controls: [],
  evidence: [],
  ...patch,
});

/** Every field of a remediation item. `creating`: an empty due date means "suggest one from the priority". */
export function RemediationForm({
  programId,
  value,
  onChange,
  error,
  creating,
  disabled,
}: {
  programId: string;
  value: RemediationInput;
  onChange: (patch: Partial<RemediationInput>) => void;
  error: unknown;
  creating?: boolean;
  disabled?: boolean;
}) {
  const priority = priorityOf(value.likelihood, value.impact);
  const suggested = dayjs().add(SUGGESTED_DAYS[priority], "day");
  const err = (f: string) => fieldError(error, f);
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
        <Textarea
          label="Gap"
          description="What is missing or not working."
          required
          autosize
          minRows={3}
          value={value.gap}
          onChange={(e) => onChange({ gap: e.currentTarget.value })}
          error={err("gap")}
          disabled={disabled}
          maxLength={4000}
        />
        <Textarea
          label="Root cause"
          description="Why the gap exists, so the fix lasts."
          autosize
          minRows={3}
          value={value.rootCause}
          onChange={(e) => onChange({ rootCause: e.currentTarget.value })}
          disabled={disabled}
          maxLength={4000}
        />
      </SimpleGrid>
      <Divider label="Risk" labelPosition="left" />
      <RiskInput likelihood={value.likelihood} impact={value.impact} onChange={onChange} disabled={disabled} />
      <Divider label="The fix" labelPosition="left" />
      <Textarea
        label="Action"
        description="What will be done to close the gap."
        autosize
        minRows={2}
        value={value.action}
        onChange={(e) => onChange({ action: e.currentTarget.value })}
        disabled={disabled}
        maxLength={4000}
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
          value={value.dueDate}
          onChange={(v) => onChange({ dueDate: v })}
          clearable
          valueFormat="D MMM YYYY"
          error={err("dueDate")}
          disabled={disabled}
        />
      </SimpleGrid>
      <Textarea
        label="Monitoring and verification"
        description="How you will know the fix works, and what a verifier should check."
        autosize
        minRows={2}
        value={value.monitoring}
        onChange={(e) => onChange({ monitoring: e.currentTarget.value })}
        disabled={disabled}
        maxLength={4000}
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
