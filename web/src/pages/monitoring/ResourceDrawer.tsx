import { Alert, Anchor, Badge, Drawer, Group, Skeleton, Stack, Tabs, Text, Title } from "@mantine/core";
import { IconShieldCheck } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import type { ResultView } from "../../api/models/monitoring.ts";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { DueLabel, SeverityBadge, TestStatusBadge } from "./components/Badges.tsx";
import { JsonView } from "./components/JsonView.tsx";
import { ResultTimeline } from "./components/ResultTimeline.tsx";
import { humanize } from "./labels.ts";
import { mkeys, useTests } from "./queries.ts";

function ResultRow({ r }: { r: ResultView }) {
  return (
    <Stack gap={4} py="sm" style={{ borderBottom: "1px solid var(--mantine-color-default-border)" }}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Anchor component={Link} to={`/monitoring/tests/${r.testId}`} size="sm" fw={500}>
          {r.title}
        </Anchor>
        <Group gap={6} wrap="nowrap">
          <SeverityBadge severity={r.severity} size="xs" />
          <TestStatusBadge status={r.status} excepted={r.excepted} />
        </Group>
      </Group>
      <Text size="sm">{r.reason}</Text>
      {r.status === "fail" && r.remediation && !r.excepted && (
        <Text size="xs" c="dimmed">
          Fix: {r.remediation}
        </Text>
      )}
      <Group gap="md">
        <Text size="xs" c="dimmed">
          Since <RelativeTime value={r.since} size="xs" />
        </Text>
        {r.status === "fail" && <DueLabel dueAt={r.dueAt} overdue={r.overdue} excepted={r.excepted} />}
        {r.exception && (
          <Text size="xs" c="violet">
            Excepted until {dayjs(r.exception.expiresAt).format("D MMM YYYY")} (approved by {r.exception.approvedBy})
          </Text>
        )}
      </Group>
    </Stack>
  );
}

/** One resource: its test results now, its raw attributes, and the timeline of its results. */
export function ResourceDrawer({ resourceId, onClose }: { resourceId: string | undefined; onClose: () => void }) {
  const q = useQuery({
    queryKey: mkeys.resource(resourceId ?? ""),
    queryFn: () => api.GET("/api/v1/monitoring/resources/{id}", { params: { path: { id: resourceId ?? "" } } }),
    enabled: !!resourceId,
  });
  const history = useQuery({
    queryKey: mkeys.resourceHistory(resourceId ?? ""),
    queryFn: () =>
      api.GET("/api/v1/monitoring/resources/{id}/history", {
        params: { path: { id: resourceId ?? "" }, query: { pageSize: 200 } },
      }),
    enabled: !!resourceId,
  });
  const tests = useTests();
  const titles = new Map((tests.data?.items ?? []).map((t) => [t.id, t.title]));
  const r = q.data;
  const failing = r?.results.filter((x) => (x.status === "fail" && !x.excepted) || x.status === "error").length ?? 0;
  return (
    <Drawer
      opened={!!resourceId}
      onClose={onClose}
      position="right"
      size="xl"
      title={r && <Text fw={700}>{humanize(r.type)}</Text>}
    >
      {q.isError && <ErrorAlert error={q.error} />}
      {q.isPending && resourceId && <Skeleton h={300} />}
      {r && (
        <Stack gap="md">
          <Stack gap={4}>
            <Title order={2} fz="xl" style={{ wordBreak: "break-word" }}>
              {r.name}
            </Title>
            <Text size="sm" c="dimmed">
              <span className="assay-mono">{r.externalId}</span> · {r.connectionName} · first seen{" "}
              <RelativeTime value={r.firstSeenAt} /> · last seen <RelativeTime value={r.lastSeenAt} />
            </Text>
            {r.missingSince && (
              <Badge color="gray" variant="outline" w="fit-content">
                Missing since {dayjs(r.missingSince).format("D MMM YYYY")}
              </Badge>
            )}
          </Stack>
          {r.results.length > 0 && failing === 0 && (
            <Alert color="teal" variant="light" icon={<IconShieldCheck size={18} />}>
              Nothing failing on this resource right now.
            </Alert>
          )}
          <Tabs defaultValue="results" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="results">Test results ({r.results.length})</Tabs.Tab>
              <Tabs.Tab value="attributes">Attributes</Tabs.Tab>
              <Tabs.Tab value="history">History</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="results" pt="xs">
              {r.results.length === 0 ? (
                <Text size="sm" c="dimmed" pt="sm">
                  No test evaluates this type of resource yet. A custom test can.
                </Text>
              ) : (
                r.results.map((x) => <ResultRow key={x.testId} r={x} />)
              )}
            </Tabs.Panel>
            <Tabs.Panel value="attributes" pt="md">
              <JsonView data={r.attributes} label={`Attributes of ${r.name}`} />
            </Tabs.Panel>
            <Tabs.Panel value="history" pt="md">
              <ErrorAlert error={history.error} />
              {history.data ? (
                <ResultTimeline items={history.data.items} label={(i) => titles.get(i.testId) ?? i.testId} />
              ) : (
                <Skeleton h={120} />
              )}
            </Tabs.Panel>
          </Tabs>
        </Stack>
      )}
    </Drawer>
  );
}
