import { Card, Grid, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useSearchParams } from "react-router";
import type { RemediationInput } from "../../../api/models/remediation.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { CategoryBars } from "../../../components/program/CategoryBars.tsx";
import { CriteriaHeatmap } from "../../../components/program/CriteriaHeatmap.tsx";
import { NewRemediationModal } from "../../../components/program/NewRemediationModal.tsx";
import { useExplain } from "../../../components/program/ReadinessExplainer.tsx";
import { ReadinessLevels } from "../../../components/program/ReadinessLevels.tsx";
import { ScoreRing } from "../../../components/program/ScoreRing.tsx";
import { useProgram } from "../../../program/context.tsx";
import { useCriteria, useGaps, useReadiness } from "../../../program/queries.ts";
import { useCan } from "../../../session.tsx";
import { GapList } from "./GapList.tsx";

/** /programs/:id/readiness — the score, where it comes from, and the list of gaps (?tab=gaps). */
export function ReadinessPage() {
  const program = useProgram();
  const can = useCan();
  const explain = useExplain();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") === "gaps" ? "gaps" : "overview";
  const readiness = useReadiness(program.id);
  const content = useCriteria();
  const gaps = useGaps(program.id);
  const [remediate, setRemediate] = useState<Partial<RemediationInput> | null>(null);
  const error = readiness.error ?? content.error ?? gaps.error;
  const gapCount = gaps.data ? gaps.data.criteria.length : undefined;

  return (
    <>
      <PageHeader
        title="Readiness and gaps"
        description="How close the program is to audit-ready. Click any number or square to see where it comes from."
      />
      <ErrorAlert error={error} />
      <Tabs value={tab} onChange={(t) => setParams(t === "gaps" ? { tab: "gaps" } : {}, { replace: true })}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="gaps">Gaps{gapCount !== undefined && ` (${gapCount})`}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          {!readiness.data || !content.data ? (
            <Skeleton h={400} />
          ) : (
            <Stack gap="lg">
              <Grid gap="lg">
                <Grid.Col span={{ base: 12, md: 5 }}>
                  <Card withBorder padding="lg" h="100%">
                    <Title order={2} fz="md" mb="md">
                      Overall
                    </Title>
                    <ScoreRing
                      summary={readiness.data.overall}
                      level={readiness.data.headline}
                      onExplain={() => explain({ kind: "overall" })}
                    />
                    <Stack mt="md" gap="xs">
                      <ReadinessLevels summary={readiness.data.overall} headline={readiness.data.headline} />
                      <Text size="xs" c="dimmed">
                        {readiness.data.overall.total - readiness.data.overall.levels[readiness.data.headline].ready}{" "}
                        criteria are not yet ready at the {readiness.data.headline} level. The Gaps tab lists what to do
                        first.
                      </Text>
                    </Stack>
                  </Card>
                </Grid.Col>
                <Grid.Col span={{ base: 12, md: 7 }}>
                  <Card withBorder padding="lg" h="100%">
                    <Title order={2} fz="md" mb="md">
                      By category
                    </Title>
                    <CategoryBars
                      categories={readiness.data.categories}
                      level={readiness.data.headline}
                      onExplain={(id) => explain({ kind: "category", id })}
                    />
                  </Card>
                </Grid.Col>
              </Grid>
              <Card withBorder padding="lg">
                <Title order={2} fz="md" mb={4}>
                  Criteria heat map
                </Title>
                <Text size="sm" c="dimmed" mb="md">
                  Each square is one of the {readiness.data.criteria.length} Trust Services criteria, coloured by the
                  share of its applicable controls that are {readiness.data.headline}; hover for all three levels.
                </Text>
                <CriteriaHeatmap
                  content={content.data}
                  criteria={readiness.data.criteria}
                  level={readiness.data.headline}
                  onSelect={(id) => explain({ kind: "criterion", id })}
                />
              </Card>
            </Stack>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="gaps">
          {gaps.data ? (
            <GapList
              programId={program.id}
              gaps={gaps.data}
              onRemediate={can("remediation.manage") ? setRemediate : undefined}
            />
          ) : (
            <Skeleton h={400} />
          )}
        </Tabs.Panel>
      </Tabs>
      <NewRemediationModal
        programId={program.id}
        opened={!!remediate}
        onClose={() => setRemediate(null)}
        initial={remediate ?? undefined}
      />
    </>
  );
}
