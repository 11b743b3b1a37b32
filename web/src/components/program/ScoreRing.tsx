import { Badge, Group, RingProgress, Stack, Text, UnstyledButton } from "@mantine/core";
import type { ReadinessLevel, ScoreSummary } from "../../api/models/program.ts";
import { percent, scoreColor } from "../../program/labels.ts";
import { LEVEL_INFO } from "../../program/levels.ts";

/**
 * The overall readiness at one level of proof as a ring, the level named under it; clicking it explains how the
 * number is made.
 */
export function ScoreRing({
  summary: all,
  level,
  size = 140,
  onExplain,
}: {
  summary: ScoreSummary;
  level: ReadinessLevel;
  size?: number;
  onExplain?: () => void;
}) {
  const summary = { ...all.levels[level], total: all.total };
  const caption = `criteria ready at the ${LEVEL_INFO[level].label.toLowerCase()} level`;
  const value = Math.round(summary.score * 100);
  const ring = (
    <Group gap="lg" wrap="nowrap">
      <RingProgress
        size={size}
        thickness={size / 10}
        roundCaps
        sections={[{ value, color: scoreColor(summary.score) }]}
        label={
          <Text ta="center" fw={700} fz={size / 5} lh={1}>
            {percent(summary.score)}
          </Text>
        }
      />
      <Stack gap={2}>
        <Badge variant="light" color={LEVEL_INFO[level].color} w="fit-content" data-testid="headline-level">
          {LEVEL_INFO[level].label}
        </Badge>
        <Text fw={600} fz="lg">
          {summary.ready} of {summary.total}
        </Text>
        <Text size="sm" c="dimmed">
          {caption}
        </Text>
        {onExplain && (
          <Text size="xs" c="brand" mt={4}>
            How is this calculated?
          </Text>
        )}
      </Stack>
    </Group>
  );
  if (!onExplain) return ring;
  // Named by its visible text ("0% Operating 0 of 33 criteria ready at the operating level How is this calculated?").
  return (
    <UnstyledButton
      onClick={onExplain}
      data-testid="overall-score"
      style={{ borderRadius: "var(--mantine-radius-md)" }}
    >
      {ring}
    </UnstyledButton>
  );
}
