import { Anchor, Button, Card, Code, Grid, Group, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconArrowLeft, IconCircleCheck, IconFlask, IconShieldHalf } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { type ReactNode, useState } from "react";
import { Link, useParams } from "react-router";
import { SLA_DAYS } from "../../../../src/core/sla.ts";
import { api } from "../../api/client.ts";
import type { FailingResource } from "../../api/models/monitoring.ts";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { ControlLinks, DueLabel, SeverityBadge, TestStatusBadge } from "./components/Badges.tsx";
import { DryRunPreview } from "./components/DryRunPreview.tsx";
import { ExceptionRequestModal } from "./components/ExceptionRequestModal.tsx";
import { ExceptionsTable } from "./components/ExceptionsTable.tsx";
import { ResultCounts } from "./components/ResultCounts.tsx";
import { ResultsChart } from "./components/ResultsChart.tsx";
import { ResultTimeline } from "./components/ResultTimeline.tsx";
import { ToggleTest } from "./components/ToggleTest.tsx";
import { humanize } from "./labels.ts";
import { useMonitoringCan } from "./permissions.ts";
import { mkeys, useConnectors } from "./queries.ts";

const HISTORY_SIZE = 500;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** /monitoring/tests/:testId — what a test checks, where it fails and why, its history, dry run and exceptions. */
export function TestDetailPage() {
  const { testId = "" } = useParams();
  const can = useMonitoringCan();
  const [requesting, setRequesting] = useState<{ resourceId?: string } | null>(null);
  const inTest = { path: { testId } };
  const q = useQuery({
    queryKey: mkeys.test(testId),
    queryFn: () => api.GET("/api/v1/monitoring/tests/{testId}", { params: inTest }),
  });
  const history = useQuery({
    queryKey: mkeys.testHistory(testId),
    queryFn: () =>
      api.GET("/api/v1/monitoring/tests/{testId}/history", {
        params: { ...inTest, query: { pageSize: HISTORY_SIZE } },
      }),
  });
  const exceptions = useQuery({
    queryKey: mkeys.exceptions({ testId }),
    queryFn: () => api.GET("/api/v1/monitoring/exceptions", { params: { query: { testId, pageSize: 100 } } }),
  });
  const connectors = useConnectors();
  const dryRun = useMutation({
    mutationFn: () => api.POST("/api/v1/monitoring/tests/{testId}/dry-run", { params: inTest, body: {} }),
  });
  const t = q.data;
  const back = (
    <Anchor
      component={Link}
      to="/monitoring/tests"
      size="sm"
      mb="xs"
      display="inline-flex"
      style={{ alignItems: "center", gap: 4 }}
    >
      <IconArrowLeft size={14} /> All tests
    </Anchor>
  );
  if (q.isError)
    return (
      <>
        {back}
        <ErrorAlert error={q.error} />
      </>
    );
  if (!t) return <Skeleton h={400} />;
  const failures = t.failing.filter((f) => f.status === "fail" || f.status === "error");
  const mayRequest = can("monitoring.request_exception") && failures.some((f) => f.status === "fail");
  const failureColumns: Column<FailingResource>[] = [
    {
      header: "Resource",
      width: "25%",
      cell: (f) => (
        <Stack gap={4}>
          <Anchor
            component={Link}
            to={`/monitoring/resources/${f.resourceId}`}
            size="sm"
            fw={500}
            style={{ wordBreak: "break-word" }}
          >
            {f.name}
          </Anchor>
          <TestStatusBadge status={f.status} excepted={f.excepted} size="xs" />
        </Stack>
      ),
    },
    { header: "Reason", cell: (f) => <Text size="sm">{f.reason}</Text> },
    { header: "Since", width: 110, cell: (f) => <RelativeTime value={f.since} /> },
    {
      header: "SLA",
      width: 140,
      cell: (f) => <DueLabel dueAt={f.dueAt} overdue={f.overdue} excepted={f.excepted} />,
    },
    {
      header: "Exception",
      hideHeader: true,
      width: 170,
      cell: (f) =>
        f.exception ? (
          <Text size="xs" c="violet">
            Excepted until {dayjs(f.exception.expiresAt).format("D MMM YYYY")} · {f.exception.approvedBy}
          </Text>
        ) : (
          mayRequest &&
          f.status === "fail" && (
            <Button size="compact-sm" variant="subtle" onClick={() => setRequesting({ resourceId: f.resourceId })}>
              Request exception
            </Button>
          )
        ),
    },
  ];

  return (
    <>
      {back}
      <PageHeader
        title={t.title}
        description={t.description}
        actions={
          <>
            <ToggleTest test={t} withLabel />
            {can("monitoring.manage_tests") && (
              <Button
                variant="default"
                leftSection={<IconFlask size={16} />}
                onClick={() => dryRun.mutate()}
                loading={dryRun.isPending}
              >
                Dry run
              </Button>
            )}
            {mayRequest && (
              <Button leftSection={<IconShieldHalf size={16} />} onClick={() => setRequesting({})}>
                Request exception
              </Button>
            )}
          </>
        }
      />
      <Stack gap="lg">
        <Card withBorder padding="lg">
          <Group gap="xl" align="flex-start">
            <Fact label="Status">
              {t.enabled ? <ResultCounts counts={t.counts} /> : <Text size="sm">Turned off</Text>}
            </Fact>
            <Fact label="Severity">
              <Group gap={6}>
                <SeverityBadge severity={t.severity} />
                <Text size="xs" c="dimmed">
                  fix within {SLA_DAYS[t.severity]} days
                </Text>
              </Group>
            </Fact>
            <Fact label="Checks">
              <Text size="sm">{humanize(t.resourceType)}</Text>
            </Fact>
            <Fact label="Source">
              <Text size="sm">
                {t.source === "custom"
                  ? "Custom test"
                  : `${connectors.data?.items.find((c) => c.type === t.connectorType)?.title ?? humanize(t.connectorType ?? "")} connector`}
              </Text>
            </Fact>
            <Fact label="Controls">
              <ControlLinks controls={t.controls} />
            </Fact>
            <Fact label="Test id">
              <Text size="sm" className="assay-mono">
                {t.id}
              </Text>
            </Fact>
          </Group>
        </Card>
        <ErrorAlert error={dryRun.error} />
        {dryRun.data && <DryRunPreview result={dryRun.data} />}
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Card withBorder padding="lg" h="100%" component="section" aria-label="Results over time">
              <Title order={2} fz="md" mb={4}>
                Results over time
              </Title>
              <Text size="xs" c="dimmed" mb="md">
                Resources in each state, at every change the syncs recorded.
              </Text>
              <ErrorAlert error={history.error} />
              {history.data ? (
                <ResultsChart intervals={history.data.items} truncated={history.data.total > HISTORY_SIZE} />
              ) : (
                <Skeleton h={220} />
              )}
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Card withBorder padding="lg" h="100%" component="section" aria-label="How to fix">
              <Title order={2} fz="md" mb="xs">
                How to fix
              </Title>
              <Text size="sm">{t.remediation || "No guidance given."}</Text>
              {t.rule !== undefined && t.rule !== null && (
                <Stack gap={4} mt="md">
                  <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                    Rule
                  </Text>
                  <Code block fz="xs">
                    {JSON.stringify(
                      { rule: t.rule, ...(t.appliesWhen ? { appliesWhen: t.appliesWhen } : {}) },
                      null,
                      2,
                    )}
                  </Code>
                </Stack>
              )}
            </Card>
          </Grid.Col>
        </Grid>

        <SectionCard
          title={`Failing resources (${failures.length})`}
          description="Each failure with the reason the test gave, since when, and its remediation deadline."
        >
          {failures.length === 0 ? (
            <Group gap="xs">
              <IconCircleCheck size={18} color="var(--mantine-color-teal-6)" />
              <Text size="sm">
                {t.enabled ? "Nothing fails this test right now." : "The test is off: it has no current results."}
              </Text>
            </Group>
          ) : (
            <DataTable
              label="Failing resources"
              rows={failures}
              columns={failureColumns}
              rowKey={(f) => f.resourceId}
              rowProps={() => ({ "data-testid": "failing-resource" })}
              minWidth={820}
              framed={false}
              tableProps={{ horizontalSpacing: "xs", highlightOnHover: false }}
            />
          )}
        </SectionCard>

        <SectionCard
          title="Exceptions"
          description="Failures of this test accepted for a while, with who approved them and until when."
        >
          <ErrorAlert error={exceptions.error} />
          {exceptions.data && exceptions.data.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              No exceptions for this test.
            </Text>
          ) : exceptions.data ? (
            <ExceptionsTable rows={exceptions.data.items} showTest={false} framed={false} />
          ) : (
            <Skeleton h={60} />
          )}
        </SectionCard>

        <SectionCard title="Recent changes" description="Every status change of this test, newest first.">
          {history.data ? (
            <ResultTimeline items={history.data.items.slice(0, 20)} label={(i) => i.resourceName ?? "Every resource"} />
          ) : (
            <Skeleton h={80} />
          )}
        </SectionCard>
      </Stack>
      {requesting && (
        <ExceptionRequestModal
          test={t}
          failing={failures.filter((f) => f.status === "fail" && !f.excepted)}
          resourceId={requesting.resourceId}
          onClose={() => setRequesting(null)}
        />
      )}
    </>
  );
}
