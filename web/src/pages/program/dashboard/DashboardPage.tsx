import { Alert, Badge, Button, Card, Grid, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconAlertTriangle, IconTarget, IconUpload } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../../api/client.ts";
import { ErrorAlert } from "../../../components/ErrorAlert.tsx";
import { PageHeader } from "../../../components/PageHeader.tsx";
import { CategoryBars } from "../../../components/program/CategoryBars.tsx";
import { CriteriaHeatmap } from "../../../components/program/CriteriaHeatmap.tsx";
import { useExplain } from "../../../components/program/ReadinessExplainer.tsx";
import { ReadinessLevels } from "../../../components/program/ReadinessLevels.tsx";
import { ScoreRing } from "../../../components/program/ScoreRing.tsx";
import { useProgram } from "../../../program/context.tsx";
import { CATEGORY_LABELS } from "../../../program/labels.ts";
import { inProgram, keys, useCriteria } from "../../../program/queries.ts";
import { useCan } from "../../../session.tsx";
import { ExportMenu } from "../code/ExportMenu.tsx";
import { ImportProgramModal } from "../code/ImportProgramModal.tsx";
import { periodLabel } from "../period.ts";
import { DeadlinesCard } from "./DeadlinesCard.tsx";
import { JourneyCard } from "./JourneyCard.tsx";
import { TopGapsCard } from "./TopGapsCard.tsx";
import { TrendCard } from "./TrendCard.tsx";

/** /programs/:id — readiness at a glance, the journey, the trend, gaps and deadlines. */
export function DashboardPage() {
  const program = useProgram();
  const can = useCan();
  const explain = useExplain();
  const content = useCriteria();
  const dash = useQuery({
    queryKey: keys.dashboard(program.id),
    queryFn: () => api.GET("/api/v1/programs/{programId}/dashboard", inProgram(program.id)),
  });
  const d = dash.data;
  const [importing, { open: openImport, close: closeImport }] = useDisclosure(false);
  return (
    <>
      <PageHeader
        title={program.name}
        description={
          <>
            {periodLabel(program)} ·{" "}
            {["security" as const, ...program.categories.filter((c) => c !== "security")]
              .map((c) => CATEGORY_LABELS[c])
              .join(", ")}{" "}
            · {program.controlCount} controls
          </>
        }
        actions={
          <>
            {can("programs.manage") && (
              <Button
                component={Link}
                to={`/programs/${program.id}/scope`}
                variant="default"
                leftSection={<IconTarget size={16} />}
              >
                {program.scopedAt ? "Edit scope" : "Scope the audit"}
              </Button>
            )}
            {can("programs.export") && <ExportMenu programId={program.id} />}
            {can("programs.import") && !program.archivedAt && (
              <Button variant="default" leftSection={<IconUpload size={16} />} onClick={openImport}>
                Import program as code
              </Button>
            )}
          </>
        }
      />
      {!program.scopedAt && (
        <Alert color="brand" variant="light" icon={<IconTarget size={18} />} mb="lg" title="Start by scoping the audit">
          <Text size="sm">
            Pick the report type and period, the categories and describe the system. It takes about ten minutes and
            makes every number below meaningful.
          </Text>
          {can("programs.manage") && (
            <Button component={Link} to={`/programs/${program.id}/scope`} size="xs" mt="sm">
              Open the scoping wizard
            </Button>
          )}
        </Alert>
      )}
      {program.warnings.length > 0 && program.scopedAt && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />} mb="lg">
          {program.warnings.join(" ")}
        </Alert>
      )}
      <ErrorAlert error={dash.error ?? content.error} />
      {!d || !content.data ? (
        <Skeleton h={500} />
      ) : (
        <Stack gap="lg">
          <Grid gap="lg">
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <Card withBorder padding="lg" h="100%" component="section" aria-label="Readiness">
                <Group justify="space-between" mb="md">
                  <Title order={2} fz="md">
                    Readiness
                  </Title>
                  {d.overdue.length > 0 && (
                    <Badge color="red" variant="light">
                      {d.overdue.length} overdue item{d.overdue.length === 1 ? "" : "s"}
                    </Badge>
                  )}
                </Group>
                <Stack gap="lg">
                  <ScoreRing
                    summary={d.readiness.overall}
                    level={d.readiness.headline}
                    onExplain={() => explain({ kind: "overall" })}
                    size={120}
                  />
                  <ReadinessLevels summary={d.readiness.overall} headline={d.readiness.headline} />
                  <CategoryBars
                    categories={d.readiness.categories}
                    level={d.readiness.headline}
                    onExplain={(id) => explain({ kind: "category", id })}
                  />
                </Stack>
              </Card>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <JourneyCard programId={program.id} stages={d.journey} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 7 }}>
              <TrendCard trend={d.trend} today={d.readiness.overall} headline={d.readiness.headline} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 5 }}>
              <TopGapsCard programId={program.id} gaps={d.topGaps} level={d.readiness.headline} />
            </Grid.Col>
          </Grid>
          <Card withBorder padding="lg" component="section" aria-label="Criteria heat map">
            <Title order={2} fz="md" mb="md">
              Criteria heat map
            </Title>
            <CriteriaHeatmap
              content={content.data}
              criteria={d.readiness.criteria}
              level={d.readiness.headline}
              onSelect={(id) => explain({ kind: "criterion", id })}
              compact
            />
          </Card>
          {can("remediation.read") && (
            <Grid gap="lg">
              <Grid.Col span={{ base: 12, md: 6 }}>
                <DeadlinesCard
                  programId={program.id}
                  title="Overdue remediation"
                  items={d.overdue}
                  empty="Nothing is overdue."
                  overdue
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 6 }}>
                <DeadlinesCard
                  programId={program.id}
                  title="Due in the next 30 days"
                  items={d.upcoming}
                  empty="No deadlines in the next 30 days."
                />
              </Grid.Col>
            </Grid>
          )}
        </Stack>
      )}
      {can("programs.import") && <ImportProgramModal opened={importing} onClose={closeImport} />}
    </>
  );
}
