import { Anchor, Card, Group, Progress, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import type { CriterionGap } from "../../../api/models/program.ts";
import { useExplain } from "../../../components/program/ReadinessExplainer.tsx";
import { percent, scoreColor } from "../../../program/labels.ts";

export function TopGapsCard({ programId, gaps }: { programId: string; gaps: CriterionGap[] }) {
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
          No gaps: every criterion in scope is ready.
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
                <Text size="xs" c="dimmed">
                  {percent(g.score)}
                </Text>
              </Group>
              <Progress value={Math.max(g.score * 100, 1)} color={scoreColor(g.score)} size="xs" aria-hidden />
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
