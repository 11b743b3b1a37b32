import { Badge, Button, Group, Paper, SimpleGrid, Stack, Switch, Text, UnstyledButton } from "@mantine/core";
import { IconClockExclamation, IconPlus, IconTestPipe } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import type { TestSummary } from "../../api/models/monitoring.ts";
import {
  ClearFilters,
  type Column,
  DataTable,
  FilterSelect,
  SearchInput,
  TitleLink,
} from "../../components/DataTable.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { useUrlFilters } from "../../lib/use-url-filters.ts";
import { CustomTestModal } from "./CustomTestModal.tsx";
import { ControlLinks, SeverityBadge } from "./components/Badges.tsx";
import { ResultCounts, type TestState, testState } from "./components/ResultCounts.tsx";
import { ToggleTest } from "./components/ToggleTest.tsx";
import { SEVERITY_OPTIONS, TEST_STATUS } from "./labels.ts";
import { useMonitoringCan } from "./permissions.ts";
import { useConnections, useConnectors, useTests } from "./queries.ts";

const FILTERS = ["status", "severity", "connector", "q", "all"] as const;

const TILES: { state: TestState; label: string; color: string }[] = [
  { state: "failing", label: "Failing", color: TEST_STATUS.fail.color },
  { state: "excepted", label: "Excepted", color: TEST_STATUS.excepted.color },
  { state: "passing", label: "Passing", color: TEST_STATUS.pass.color },
  { state: "not_applicable", label: "Not applicable", color: TEST_STATUS.not_applicable.color },
];

const STATUS_OPTIONS = [
  ...TILES.map((t) => ({ value: t.state, label: t.label })),
  { value: "overdue", label: "Overdue (past SLA)" },
  { value: "no_results", label: "No results yet" },
  { value: "disabled", label: "Turned off" },
];

/** Tests of connectors nobody connected cannot have results: hidden unless asked for (or filtered to). */
function matches(
  t: TestSummary,
  v: Record<(typeof FILTERS)[number], string | undefined>,
  connected: Set<string | null>,
): boolean {
  if (!v.all && !v.connector && t.source === "catalogue" && !connected.has(t.connectorType)) return false;
  if (v.status === "overdue" ? t.overdue === 0 : v.status && testState(t) !== v.status) return false;
  if (v.severity && t.severity !== v.severity) return false;
  if (v.connector && (v.connector === "custom" ? t.source !== "custom" : t.connectorType !== v.connector)) return false;
  if (v.q) {
    const needle = v.q.toLowerCase();
    const hay = `${t.id} ${t.title} ${t.controls.join(" ")} ${t.resourceType}`.toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  return true;
}

const COLUMNS: Column<TestSummary>[] = [
  {
    header: "Test",
    cell: (t) => (
      <TitleLink
        to={`/monitoring/tests/${t.id}`}
        below={
          <Group gap={6}>
            <Text size="xs" c="dimmed" className="assay-mono">
              {t.id}
            </Text>
            {t.source === "custom" && (
              <Badge size="xs" variant="outline" color="gray">
                Custom
              </Badge>
            )}
          </Group>
        }
      >
        {t.title}
      </TitleLink>
    ),
  },
  { header: "Severity", width: 110, cell: (t) => <SeverityBadge severity={t.severity} /> },
  { header: "Controls", width: 150, cell: (t) => <ControlLinks controls={t.controls} /> },
  {
    header: "Results",
    width: 240,
    cell: (t) =>
      t.enabled ? (
        <ResultCounts counts={t.counts} />
      ) : (
        <Badge variant="outline" color="gray" size="sm">
          Off
        </Badge>
      ),
  },
  {
    header: "SLA",
    width: 110,
    cell: (t) =>
      t.overdue > 0 ? (
        <Badge color="red" variant="filled" size="sm">
          {t.overdue} overdue
        </Badge>
      ) : (
        <Text size="sm" c="dimmed">
          —
        </Text>
      ),
  },
  { header: "On", width: 70, cell: (t) => <ToggleTest test={t} /> },
];

/** /monitoring/tests — every catalogue and custom test with its current results, filters and SLA flags. */
export function TestsPage() {
  const can = useMonitoringCan();
  const tests = useTests();
  const connectors = useConnectors();
  const f = useUrlFilters(FILTERS, { search: "q" });
  const [creating, setCreating] = useState(false);
  const connections = useConnections();
  const connected = new Set<string | null>((connections.data?.items ?? []).map((c) => c.type));
  const all = tests.data?.items ?? [];
  const shown = all.filter((t) => matches(t, f.values, connected));
  const unconnected = all.filter((t) => t.source === "catalogue" && !connected.has(t.connectorType)).length;
  const byState = (s: TestState) => all.filter((t) => testState(t) === s).length;
  const overdue = all.reduce((n, t) => n + t.overdue, 0);
  const connectorOptions = [
    ...(connectors.data?.items ?? []).map((c) => ({ value: c.type, label: c.title })),
    { value: "custom", label: "Custom tests" },
  ];

  return (
    <>
      <PageHeader
        title="Tests"
        description="Each test checks one kind of resource and supports controls. Failures must be fixed within their SLA (7 days critical, 30 high, 90 medium, 180 low) or covered by an approved exception."
        actions={
          can("monitoring.manage_tests") && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New custom test
            </Button>
          )
        }
      />
      <Stack gap="lg">
        <ErrorAlert error={tests.error} />
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="md" aria-label="Tests by status">
          {TILES.map((tile) => {
            const active = f.values.status === tile.state;
            return (
              <UnstyledButton
                key={tile.state}
                onClick={() => f.set({ status: active ? null : tile.state })}
                aria-pressed={active}
                data-testid={`tile-${tile.state}`}
              >
                <Paper
                  withBorder
                  p="md"
                  radius="md"
                  style={active ? { borderColor: `var(--mantine-color-${tile.color}-6)` } : undefined}
                >
                  <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                    {tile.label}
                  </Text>
                  <Text fz={28} fw={700} c={byState(tile.state) > 0 ? tile.color : "dimmed"} lh={1.2} data-value>
                    {tests.isPending ? "–" : byState(tile.state)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    tests
                  </Text>
                </Paper>
              </UnstyledButton>
            );
          })}
          <UnstyledButton
            onClick={() => f.set({ status: f.values.status === "overdue" ? null : "overdue" })}
            aria-pressed={f.values.status === "overdue"}
          >
            <Paper withBorder p="md" radius="md">
              <Group gap={6}>
                <IconClockExclamation size={14} color="var(--mantine-color-dimmed)" />
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  Past SLA
                </Text>
              </Group>
              <Text fz={28} fw={700} c={overdue > 0 ? "red" : "dimmed"} lh={1.2}>
                {tests.isPending ? "–" : overdue}
              </Text>
              <Text size="xs" c="dimmed">
                failing resources
              </Text>
            </Paper>
          </UnstyledButton>
        </SimpleGrid>

        <DataTable
          label="Tests"
          rows={shown}
          loading={tests.isPending}
          columns={COLUMNS}
          rowKey={(t) => t.id}
          rowProps={(t) => ({ "data-testid": `test-${t.id}`, style: t.enabled ? undefined : { opacity: 0.65 } })}
          minWidth={980}
          toolbar={
            <>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
                <SearchInput filters={f} aria-label="Search tests" placeholder="Search title, id or control" />
                <FilterSelect
                  filters={f}
                  name="status"
                  aria-label="Filter by status"
                  placeholder="Any status"
                  data={STATUS_OPTIONS}
                />
                <FilterSelect
                  filters={f}
                  name="severity"
                  aria-label="Filter by severity"
                  placeholder="Any severity"
                  data={SEVERITY_OPTIONS}
                />
                <FilterSelect
                  filters={f}
                  name="connector"
                  aria-label="Filter by connector"
                  placeholder="Any connector"
                  data={connectorOptions}
                />
              </SimpleGrid>
              <Group gap="md">
                {unconnected > 0 && (
                  <Switch
                    label={`Include tests of connectors not connected (${unconnected})`}
                    checked={f.values.all === "true"}
                    onChange={(e) => f.set({ all: e.currentTarget.checked ? "true" : null })}
                  />
                )}
                <ClearFilters filters={f} />
              </Group>
            </>
          }
          empty={{
            icon: <IconTestPipe size={26} />,
            title: f.any ? "No tests match these filters" : "Nothing is connected yet",
            description: f.any
              ? "Clear a filter or search for something else."
              : "Tests run on the resources of connected systems. Connect one, or include the tests of connectors not connected to browse them.",
            action: !f.any && (
              <Button component={Link} to="/monitoring/integrations" variant="default">
                Go to integrations
              </Button>
            ),
          }}
          footer={
            !tests.isPending &&
            shown.length > 0 && (
              <Text size="sm" c="dimmed" px="md" pb="md" aria-live="polite">
                {shown.length === all.length ? `${all.length} tests` : `${shown.length} of ${all.length} tests`}
              </Text>
            )
          }
        />
      </Stack>
      {creating && <CustomTestModal onClose={() => setCreating(false)} />}
    </>
  );
}
