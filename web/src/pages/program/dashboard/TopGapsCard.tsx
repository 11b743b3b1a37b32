import { Anchor, Card, Group, Progress, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import type { CriterionGap, ReadinessLevel } from "../../../api/models/program.ts";
import { useExplain } from "../../../components/program/ReadinessExplainer.tsx";
import { percent, scoreColor } from "../../../program/labels.ts";
import { LEVEL_INFO } from "../../../program/levels.ts";

/** The criteria furthest from ready, each with its score at the headline level and what to do next. */
export function TopGapsCard({
  programId,
  gaps,
  level,
}: {
  programId: string;
  gaps: CriterionGap[];
  level: ReadinessLevel;
}) {
  const explain = useExplain();
  return (
    <Card withBorder padding="lg" h="100%" component="section" aria-label="Top gaps">
      <Group justify="space-between" mb="md">
        <Title order={2} fz="md">
          Top gaps
        </Title>
        <Anchor component={Link} to={`/programs/${programId}/readiness?tab=gaps`} size="sm">
          All gaps
        </Anchor>
      </Group>
      {gaps.length === 0 ? (
        <Text size="sm" c="dimmed">
          Every applicable control is declared implemented. The {LEVEL_INFO[level].label.toLowerCase()} score rises as
          current evidence is collected and tests pass.
        </Text>
      ) : (
        <Stack gap="sm">
          {gaps.map((g) => (
            <Stack key={g.criterionId} gap={4}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  fw={500}
                  truncate="end"
                  onClick={() => explain({ kind: "criterion", id: g.criterionId })}
                >
                  {g.criterionId} · {g.title}
                </Anchor>
                <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                  {percent(g.levels[level])} {LEVEL_INFO[level].label.toLowerCase()}
                </Text>
              </Group>
              <Progress
                value={Math.max(g.levels[level] * 100, 1)}
                color={scoreColor(g.levels[level])}
                size="xs"
                aria-hidden
              />
              <Text size="xs" c="dimmed" lineClamp={1}>
                {g.todo}
              </Text>
            </Stack>
          ))}
        </Stack>
      )}
    </Card>
  );
}
