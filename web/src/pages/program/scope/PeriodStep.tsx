import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { IconAlertTriangle, IconCalendarEvent, IconCircleCheck } from "@tabler/icons-react";
import dayjs from "dayjs";
import { periodProblem, periodWarnings } from "../../../program/rules.ts";
import type { Draft, SetDraft } from "./draft.ts";

const DAY = "YYYY-MM-DD";
const firstOfNextMonth = () => dayjs().add(1, "month").startOf("month").format(DAY);

/** Warnings come from the server's own rule (src/core/scoping.ts), so they match what saving will say. */
export function PeriodAdvice({ draft }: { draft: Draft }) {
  const problem = periodProblem(draft);
  const warnings = periodWarnings(draft);
  if (problem)
    return (
      <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} role="alert">
        {problem}
      </Alert>
    );
  if (warnings.length === 0)
    return (
      <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} data-testid="period-ok">
        {draft.reportType === "type1"
          ? "Good: the report will describe your controls as of this date."
          : "Good: a window auditors and customers will accept."}
      </Alert>
    );
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
  const length = start && draft.windowEnd ? dayjs(draft.windowEnd).diff(dayjs(start), "day") : null;
  const suggest = (months: number) => {
    const s = start ?? firstOfNextMonth();
    set({ windowStart: s, windowEnd: dayjs(s).add(months, "month").subtract(1, "day").format(DAY) });
  };
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
          6 months
        </Button>
        <Button variant="light" size="xs" onClick={() => suggest(12)}>
          12 months
        </Button>
        {length !== null && length > 0 && (
          <Text size="sm" c="dimmed" ml="sm" data-testid="window-length">
            {length + 1} days (about {Math.round((length + 1) / 30.4)} months)
          </Text>
        )}
      </Group>
      <PeriodAdvice draft={draft} />
    </Stack>
  );
}
