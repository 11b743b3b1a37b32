import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { IconAlertTriangle, IconCalendarEvent, IconCircleCheck } from "@tabler/icons-react";
import { utcDay } from "../../../../../src/core/dates.ts";
import { lengthText, periodVerdict, suggestWindow, windowDays, windowEndingOn } from "../../../program/rules.ts";
import type { Draft, SetDraft } from "./draft.ts";

/** The advice comes from the server's own rule (src/core/audit-window.ts), so it matches what saving will say. */
export function PeriodAdvice({ draft }: { draft: Draft }) {
  const verdict = periodVerdict(draft, utcDay());
  if (verdict.level === "problem")
    return (
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
        {verdict.messages.join(" ")}
      </Alert>
    );
  if (verdict.level === "good")
    return (
      <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} data-testid="period-ok">
        {draft.reportType === "type1"
          ? "Good: the report will describe your controls as of this date."
          : "Good: a window auditors and customers will accept."}
      </Alert>
    );
  const warnings = verdict.messages;
  return (
    <Stack gap="xs" aria-live="polite" data-testid="period-warnings">
      {warnings.map((w) => (
        <Alert key={w} color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
          {w}
        </Alert>
      ))}
    </Stack>
  );
}

export function PeriodStep({ draft, set }: { draft: Draft; set: SetDraft }) {
  if (draft.reportType === "type1")
    return (
      <Stack gap="md" maw={560}>
        <Text size="sm" c="dimmed">
          A Type I report describes your controls on one day. Pick a date by which they will all be in place — many
          companies choose the end of a quarter.
        </Text>
        <DatePickerInput
          label="As-of date"
          placeholder="Pick a date"
          leftSection={<IconCalendarEvent size={16} />}
          value={draft.asOfDate}
          onChange={(v) => set({ asOfDate: v })}
          valueFormat="D MMMM YYYY"
          clearable
          maw={280}
        />
        <PeriodAdvice draft={draft} />
      </Stack>
    );

  const start = draft.windowStart;
  const days = start && draft.windowEnd && draft.windowEnd > start ? windowDays(start, draft.windowEnd) : null;
  const today = utcDay();
  const suggest = (months: number) => set(suggestWindow(months, today, start));
  return (
    <Stack gap="md" maw={640}>
      <Text size="sm" c="dimmed">
        A Type II report covers an audit window: the auditor samples evidence from the whole period. Customers expect 6
        to 12 months; a first report often uses 6.
      </Text>
      <Group gap="md" align="flex-end">
        <DatePickerInput
          label="Window starts"
          placeholder="Pick a date"
          leftSection={<IconCalendarEvent size={16} />}
          value={draft.windowStart}
          onChange={(v) => set({ windowStart: v })}
          valueFormat="D MMMM YYYY"
          clearable
          w={220}
        />
        <DatePickerInput
          label="Window ends"
          placeholder="Pick a date"
          leftSection={<IconCalendarEvent size={16} />}
          value={draft.windowEnd}
          onChange={(v) => set({ windowEnd: v })}
          minDate={draft.windowStart ?? undefined}
          valueFormat="D MMMM YYYY"
          clearable
          w={220}
        />
      </Group>
      <Group gap="xs">
        <Text size="sm" c="dimmed">
          Suggest:
        </Text>
        <Button variant="light" size="xs" onClick={() => suggest(6)}>
          Next 6 months
        </Button>
        <Button variant="light" size="xs" onClick={() => suggest(12)}>
          Next 12 months
        </Button>
        <Button variant="light" size="xs" onClick={() => set(windowEndingOn(today, 12))}>
          Last 12 months
        </Button>
        {days !== null && (
          <Text size="sm" c="dimmed" ml="sm" data-testid="window-length">
            {lengthText(days)}
          </Text>
        )}
      </Group>
      <PeriodAdvice draft={draft} />
    </Stack>
  );
}
