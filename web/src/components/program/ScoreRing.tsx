import { Group, RingProgress, Stack, Text, UnstyledButton } from "@mantine/core";
import type { ScoreSummary } from "../../api/models/program.ts";
import { percent, scoreColor } from "../../program/labels.ts";

/** The overall readiness as a ring; clicking it explains how the number is made. */
export function ScoreRing({
  summary,
  size = 140,
  onExplain,
  caption = "criteria ready",
}: {
  summary: ScoreSummary;
  size?: number;
  onExplain?: () => void;
  caption?: string;
}) {
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
  return (
    <UnstyledButton
      onClick={onExplain}
      aria-label={`Overall readiness ${percent(summary.score)}: ${summary.ready} of ${summary.total} ${caption}. Explain`}
      data-testid="overall-score"
      style={{ borderRadius: "var(--mantine-radius-md)" }}
    >
      {ring}
    </UnstyledButton>
  );
}
