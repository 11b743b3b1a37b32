import { Select, SimpleGrid, Stack } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { IconCalendarEvent } from "@tabler/icons-react";
import type { Program } from "../../../api/models/program.ts";
import { LimitedTextarea } from "../../../components/LimitedTextarea.tsx";
import { ControlsMultiSelect } from "../../../components/program/Pickers.tsx";

/** What every kind of submission may say about the evidence (the form's shared fields). */
export interface SubmissionMeta {
  description: string;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  programId: string | null;
  controls: string[];
}

/**
 * What every kind of evidence says about itself: description, the period it covers and the controls it supports.
 * Shared by the file, link and statement tabs so all three read the same.
 */
export function SubmissionFields({
  value,
  onChange,
  programs,
  disabled,
  errors = {},
}: {
  value: SubmissionMeta;
  onChange: (changes: Partial<SubmissionMeta>) => void;
  programs: Program[];
  disabled?: boolean;
  errors?: Partial<Record<"description" | "period" | "controls", string>>;
}) {
  return (
    <Stack gap="sm">
      <LimitedTextarea
        label="Description"
        description="What it shows, and anything an auditor needs to read it."
        placeholder="e.g. Export of active users from Okta, reviewed by the engineering manager"
        autosize
        minRows={2}
        maxRows={5}
        value={value.description}
        onChange={(e) => onChange({ description: e.currentTarget.value })}
        disabled={disabled}
        error={errors.description}
      />
      <DatePickerInput
        type="range"
        label="Period covered"
        description="The days this evidence vouches for, both included, up to today — a Q1 access review covers 1 Jan – 31 Mar."
        placeholder="Pick the first and last day"
        leftSection={<IconCalendarEvent size={16} />}
        value={[value.effectiveFrom, value.effectiveTo]}
        onChange={([from, to]) => onChange({ effectiveFrom: from, effectiveTo: to })}
        allowSingleDateInRange
        maxDate={new Date()}
        clearable
        valueFormat="D MMM YYYY"
        disabled={disabled}
        error={errors.period}
      />
      <SimpleGrid cols={{ base: 1, sm: programs.length > 1 ? 2 : 1 }} spacing="sm">
        {programs.length > 1 && (
          <Select
            label="Program"
            data={programs.map((p) => ({ value: p.id, label: p.name }))}
            value={value.programId}
            onChange={(v) => onChange({ programId: v, controls: [] })}
            allowDeselect={false}
            disabled={disabled}
          />
        )}
        {value.programId ? (
          <ControlsMultiSelect
            programId={value.programId}
            label="Controls it supports"
            description="Search by id or name. Linked evidence counts towards each control's status."
            placeholder={value.controls.length ? undefined : "Search controls"}
            value={value.controls}
            onChange={(controls) => onChange({ controls })}
            nothingFoundMessage="No control by that id or name"
            disabled={disabled}
            error={errors.controls}
          />
        ) : null}
      </SimpleGrid>
    </Stack>
  );
}
