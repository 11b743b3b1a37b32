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

type Coverage = { covered: number; partial: number; total: number };

/** Full coverage as a solid bar and partial coverage as a lighter one beside it. */
export function CoverageBar({ c, size = "lg" }: { c: Coverage; size?: "sm" | "lg" }) {
  const pct = (n: number) => (c.total ? (n / c.total) * 100 : 0);
  return (
    <Progress.Root size={size} radius="xl" aria-hidden>
      <Progress.Section value={pct(c.covered)} color={coverageColor(c.covered, c.total)} />
      <Progress.Section value={pct(c.partial)} color="yellow.3" />
    </Progress.Root>
  );
}

/** "79 of 93 covered, 14 partly" — never a bare percentage that could read as "ready". */
export const coverageSentence = (c: Coverage, what = "") =>
  `${c.covered} of ${c.total}${what ? ` ${what}` : ""} covered${c.partial ? `, ${c.partial} only partly` : ""}`;

/** A framework reported in parts (ISO 27001: clauses 4–10 and Annex A): one line and bar per part. */
export function PartsCoverage({ parts }: { parts: (Coverage & { id: string; name: string })[] }) {
  return (
    <Stack gap={6}>
      {parts.map((p) => (
        <Stack key={p.id} gap={2} data-testid={`part-${p.id}`}>
          <Text size="sm">
            <b>{p.name}</b>: {coverageSentence(p)}
          </Text>
          <CoverageBar c={p} size="sm" />
        </Stack>
      ))}
    </Stack>
  );
}

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
        description="The same controls often satisfy other frameworks. A requirement is covered when an applicable control of this program equals or exceeds it; controls that do only part of it, or overlap with it, cover it partly. Coverage is a head start, not certification readiness."
      />
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Skeleton h={240} />
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {list.data?.items.map((f) => {
            const pct = f.total ? Math.round((f.covered / f.total) * 100) : 0;
            const parted = f.parts.length > 0;
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
                    {!parted && (
                      <Text fw={700} fz="xl">
                        {pct}%
                      </Text>
                    )}
                  </Group>
                  <Text size="sm" c="dimmed" lineClamp={2}>
                    {f.description}
                  </Text>
                  {parted ? (
                    <PartsCoverage parts={f.parts} />
                  ) : (
                    <>
                      <CoverageBar c={f} />
                      <Text size="sm">
                        Shared controls already cover <b>{f.covered}</b> of {f.total} {f.name} requirements
                        {f.partial > 0 && <>, and {f.partial} more only partly</>}.
                      </Text>
                    </>
                  )}
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
