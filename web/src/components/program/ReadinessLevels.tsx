import { Badge, Box, Group, Stack, Text, Tooltip } from "@mantine/core";
import type { ReadinessLevel, ScoreSummary } from "../../api/models/program.ts";
import { percent } from "../../program/labels.ts";
import { LEVEL_INFO, LEVELS, levelsExplanation } from "../../program/levels.ts";

/** The three levels of proof side by side, the headline marked, with one or two sentences on what they mean. */
export function ReadinessLevels({
  summary,
  headline,
  explain = true,
}: {
  summary: ScoreSummary;
  headline: ReadinessLevel;
  explain?: boolean;
}) {
  return (
    <Stack gap={6} data-testid="readiness-levels">
      <Group gap="lg" role="group" aria-label="Readiness by level of proof">
        {LEVELS.map((l) => (
          <Tooltip key={l} label={LEVEL_INFO[l].hint} multiline w={260}>
            <Group
              gap={6}
              wrap="nowrap"
              data-testid={`level-${l}`}
              aria-label={`${LEVEL_INFO[l].label}: ${percent(summary.levels[l].score)}`}
            >
              <Box
                w={10}
                h={10}
                style={{ borderRadius: 3, background: `var(--mantine-color-${LEVEL_INFO[l].color}-filled)` }}
                aria-hidden
              />
              <Text size="sm" fw={l === headline ? 700 : 400} c={l === headline ? undefined : "dimmed"}>
                {LEVEL_INFO[l].label} {percent(summary.levels[l].score)}
              </Text>
              {l === headline && (
                <Badge size="xs" variant="light" color={LEVEL_INFO[l].color}>
                  headline
                </Badge>
              )}
            </Group>
          </Tooltip>
        ))}
      </Group>
      {explain && (
        <Text size="xs" c="dimmed" maw={560}>
          {levelsExplanation(headline)}
        </Text>
      )}
    </Stack>
  );
}
