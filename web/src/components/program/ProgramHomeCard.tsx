import { Button, Card, Group, RingProgress, Skeleton, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconArrowRight, IconRocket } from "@tabler/icons-react";
import { Link } from "react-router";
import { useCurrentProgramId } from "../../program/context.tsx";
import { percent, scoreColor } from "../../program/labels.ts";
import { useReadiness } from "../../program/queries.ts";
import { useCan } from "../../session.tsx";

function Readiness({ programId }: { programId: string }) {
  const r = useReadiness(programId);
  if (!r.data) return <Skeleton h={64} w={64} circle />;
  const o = { ...r.data.overall.levels[r.data.headline], total: r.data.overall.total };
  return (
    <Group gap="sm" wrap="nowrap">
      <RingProgress
        size={64}
        thickness={7}
        roundCaps
        sections={[{ value: o.score * 100, color: scoreColor(o.score) }]}
        label={
          <Text ta="center" fw={700} size="xs">
            {percent(o.score)}
          </Text>
        }
      />
      <Text size="sm" c="dimmed">
        {o.ready} of {o.total} criteria {r.data.headline} · declared {percent(r.data.overall.levels.declared.score)}
      </Text>
    </Group>
  );
}

/** Home: the way into the SOC 2 program — or, on the first visit, to creating it. */
export function ProgramHomeCard() {
  const can = useCan();
  const { programId, programs, loading } = useCurrentProgramId();
  if (!can("programs.read")) return null;
  if (loading) return <Skeleton h={110} />;
  const program = programs.find((p) => p.id === programId);
  if (!program)
    return (
      <Card withBorder padding="lg" component="section" aria-label="SOC 2 program">
        <Group justify="space-between" wrap="wrap" gap="md">
          <Group gap="md" wrap="nowrap">
            <ThemeIcon size={44} radius="md" variant="light">
              <IconRocket size={24} />
            </ThemeIcon>
            <Stack gap={2}>
              <Title order={2} fz="lg">
                Create your SOC 2 program
              </Title>
              <Text size="sm" c="dimmed">
                Scope the audit, see where you stand and close the gaps, step by step.
              </Text>
            </Stack>
          </Group>
          <Button component={Link} to="/programs" rightSection={<IconArrowRight size={16} />}>
            {can("programs.manage") ? "Get started" : "Learn more"}
          </Button>
        </Group>
      </Card>
    );
  return (
    <Card withBorder padding="lg" component="section" aria-label="SOC 2 program">
      <Group justify="space-between" wrap="wrap" gap="md">
        <Stack gap={6}>
          <Title order={2} fz="lg">
            {program.name}
          </Title>
          <Readiness programId={program.id} />
        </Stack>
        <Group gap="sm">
          {!program.scopedAt && can("programs.manage") && (
            <Button component={Link} to={`/programs/${program.id}/scope`} variant="light">
              Next: scope the audit
            </Button>
          )}
          <Button component={Link} to={`/programs/${program.id}`} rightSection={<IconArrowRight size={16} />}>
            Open dashboard
          </Button>
        </Group>
      </Group>
    </Card>
  );
}
