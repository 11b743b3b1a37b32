import { Group, Paper, SegmentedControl, SimpleGrid, Stack, Text } from "@mantine/core";
import { PRIORITY } from "../../program/labels.ts";
import { IMPACT_LABELS, LIKELIHOOD_LABELS, priorityOf, riskScore } from "../../program/rules.ts";
import { PriorityBadge } from "./StatusBadges.tsx";

function Scale({
  label,
  names,
  value,
  onChange,
  disabled,
}: {
  label: string;
  names: readonly string[];
  value: number;
  onChange: (v: number) => void;
  disabled?: boolean;
}) {
  const id = `risk-${label.toLowerCase()}`;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={id}>
        {label}:{" "}
        <Text span c="dimmed">
          {names[value - 1]}
        </Text>
      </Text>
      <SegmentedControl
        aria-labelledby={id}
        fullWidth
        disabled={disabled}
        value={String(value)}
        onChange={(v) => onChange(Number(v))}
        data={names.map((n, i) => ({ value: String(i + 1), label: <span title={n}>{i + 1}</span> }))}
      />
    </Stack>
  );
}

/** Likelihood × impact on 1–5 scales, with the resulting score and priority shown as they change. */
export function RiskInput({
  likelihood,
  impact,
  onChange,
  disabled,
}: {
  likelihood: number;
  impact: number;
  onChange: (v: { likelihood: number; impact: number }) => void;
  disabled?: boolean;
}) {
  const priority = priorityOf(likelihood, impact);
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Scale
          label="Likelihood"
          names={LIKELIHOOD_LABELS}
          value={likelihood}
          onChange={(v) => onChange({ likelihood: v, impact })}
          disabled={disabled}
        />
        <Scale
          label="Impact"
          names={IMPACT_LABELS}
          value={impact}
          onChange={(v) => onChange({ likelihood, impact: v })}
          disabled={disabled}
        />
      </SimpleGrid>
      <Paper withBorder p="xs" px="sm" bg="var(--assay-surface)" aria-live="polite" data-testid="risk-result">
        <Group gap="xs">
          <Text size="sm">
            Risk {likelihood} × {impact} = <b>{riskScore(likelihood, impact)}</b>
          </Text>
          <Text size="sm">→</Text>
          <PriorityBadge priority={priority} size="md" />
          <Text size="xs" c="dimmed">
            {PRIORITY[priority].label} priority · 15+ critical, 8–14 high, 4–7 medium, 1–3 low
          </Text>
        </Group>
      </Paper>
    </Stack>
  );
}
