import { Anchor, Card, Group, Progress, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { IconArrowRight } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../../api/client.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { useProgram } from "../../../program/context.tsx";
import { keys } from "../../../program/queries.ts";

export const coverageColor = (covered: number, total: number) =>
  total && covered / total >= 0.75 ? "teal" : covered / total >= 0.4 ? "yellow" : "orange";

/** /programs/:id/frameworks — how far the program's controls already go towards other frameworks. */
export function FrameworksPage() {
  const program = useProgram();
  const list = useQuery({
    queryKey: keys.frameworks(program.id),
    queryFn: () => api.GET("/api/v1/content/frameworks", { params: { query: { programId: program.id } } }),
  });
  return (
    <>
      <PageHeader
        title="Frameworks"
        description="The same controls often satisfy other frameworks. Coverage counts the requirements mapped to at least one applicable control of this program."
      />
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Skeleton h={240} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {list.data?.items.map((f) => {
            const pct = f.total ? Math.round((f.covered / f.total) * 100) : 0;
            return (
              <Card key={f.id} withBorder padding="lg" data-testid={`framework-${f.id}`}>
                <Stack gap="sm">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <Stack gap={2}>
                      <Text fw={600}>{f.name}</Text>
                      <Text size="xs" c="dimmed">
                        Version {f.version}
                      </Text>
                    </Stack>
                    <Text fw={700} fz="xl">
                      {pct}%
                    </Text>
                  </Group>
                  <Text size="sm" c="dimmed" lineClamp={2}>
                    {f.description}
                  </Text>
                  <Progress value={pct} color={coverageColor(f.covered, f.total)} size="lg" radius="xl" aria-hidden />
                  <Text size="sm">
                    Shared controls already cover <b>{f.covered}</b> of {f.total} {f.name} requirements.
                  </Text>
                  <Anchor component={Link} to={`/programs/${program.id}/frameworks/${f.id}`} size="sm" fw={500}>
                    <Group gap={4} component="span">
                      See requirements and covering controls <IconArrowRight size={14} />
                    </Group>
                  </Anchor>
                </Stack>
              </Card>
            );
          })}
        </SimpleGrid>
      )}
    </>
  );
}
