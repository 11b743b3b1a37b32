import { AreaChart } from "@mantine/charts";
import { Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconBrandGithub, IconBug, IconClockCog, IconFileImport, IconHistory } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useState } from "react";
import { Link, useLocation } from "react-router";
import { api } from "../../api/client.ts";
import type { Finding, VulnerabilityDashboard } from "../../api/models/vulnerabilities.ts";
import { DataTable, type DataTableProps, FilterSelect, listEmpty, TitleLink } from "../../components/DataTable.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { RegisterListLayout, RegisterToolbar } from "../../components/RegisterListLayout.tsx";
import { formatDay, RelativeTime } from "../../components/Time.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCan } from "../../session.tsx";
import { ImportReportModal } from "./ImportReportModal.tsx";
import { SEVERITIES, SEVERITY_COLORS, SEVERITY_LABELS, vulnerabilityKeys } from "./labels.ts";
import { SlaSettingsModal } from "./SlaSettingsModal.tsx";
import { SyncGithubModal } from "./SyncGithubModal.tsx";

const STATUSES = ["open", "resolved"] as const;

export function SeverityBadge({ severity }: { severity: Finding["severity"] }) {
  return (
    <Badge variant="light" color={SEVERITY_COLORS[severity]}>
      {SEVERITY_LABELS[severity]}
    </Badge>
  );
}

/** When a finding must be fixed by, red once it is late. */
export function DueDate({ f }: { f: Pick<Finding, "dueDate" | "overdue" | "status" | "accepted" | "acceptedUntil"> }) {
  if (f.accepted && f.acceptedUntil)
    return (
      <Text size="sm">
        {f.dueDate ? formatDay(f.dueDate) : "No deadline"}
        <Text span size="xs" c="dimmed" display="block">
          Risk accepted until {formatDay(f.acceptedUntil)}
        </Text>
      </Text>
    );
  if (!f.dueDate || f.status !== "open")
    return (
      <Text size="sm" c="dimmed">
        {f.status === "open" ? "No deadline" : "—"}
      </Text>
    );
  const days = dayjs(f.dueDate).diff(dayjs().startOf("day"), "day");
  return (
    <Text size="sm" c={f.overdue ? "red" : undefined} fw={f.overdue ? 600 : undefined}>
      {formatDay(f.dueDate)}
      <Text span size="xs" c={f.overdue ? "red" : "dimmed"}>
        {" "}
        ({f.overdue ? `${-days} ${days === -1 ? "day" : "days"} late` : `in ${days} ${days === 1 ? "day" : "days"}`})
      </Text>
    </Text>
  );
}

function Dashboard({ d, onFilter }: { d: VulnerabilityDashboard; onFilter: (f: Record<string, string>) => void }) {
  const data = d.trend.map((p) => ({ ...p, label: dayjs(p.weekEnding).format("D MMM") }));
  return (
    <Card withBorder padding="lg" component="section" aria-label="Vulnerability summary">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
        <Stack gap="md">
          <Title order={2} fz="md">
            Open findings by severity
          </Title>
          <Group gap="lg" align="flex-start">
            {SEVERITIES.filter((s) => s !== "info" || d.openBySeverity.info > 0).map((s) => (
              <Tooltip key={s} label={d.slaDays[s] === null ? "No fix-by deadline" : `Fix within ${d.slaDays[s]} days`}>
                <Stack gap={0} data-testid={`open-${s}`}>
                  <Text
                    component="button"
                    type="button"
                    onClick={() => onFilter({ status: "open", severity: s })}
                    fw={700}
                    fz={24}
                    lh={1.2}
                    c={d.openBySeverity[s] ? SEVERITY_COLORS[s] : undefined}
                    style={{ background: "none", border: 0, padding: 0, cursor: "pointer", textAlign: "left" }}
                  >
                    {d.openBySeverity[s]}
                    <span className="sr-only"> open {SEVERITY_LABELS[s].toLowerCase()}: show them</span>
                  </Text>
                  <Text size="xs" c="dimmed">
                    {SEVERITY_LABELS[s]}
                  </Text>
                  {d.overdueBySeverity[s] > 0 && (
                    <Text size="xs" c="red" fw={600}>
                      {d.overdueBySeverity[s]} late
                    </Text>
                  )}
                </Stack>
              </Tooltip>
            ))}
          </Group>
          <Group gap="xs">
            <Text size="sm">
              <b>{d.open}</b> open, <b data-testid="overdue-count">{d.overdue}</b> past their fix-by date.
            </Text>
            {d.overdue > 0 && (
              <Button size="compact-xs" variant="light" color="red" onClick={() => onFilter({ overdue: "true" })}>
                Show the late ones
              </Button>
            )}
            {d.accepted > 0 && (
              <Button size="compact-xs" variant="light" color="gray" onClick={() => onFilter({ accepted: "true" })}>
                {d.accepted} with an accepted risk
              </Button>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            Last report imported: <RelativeTime value={d.lastImportAt} empty="never" size="xs" />
          </Text>
        </Stack>
        <Stack gap={4}>
          <Title order={2} fz="md">
            Open findings, last 12 weeks
          </Title>
          <AreaChart
            h={160}
            data={data}
            dataKey="label"
            series={[{ name: "open", label: "Open", color: "brand.6" }]}
            curveType="stepAfter"
            withDots={false}
            gridAxis="y"
            yAxisProps={{ width: 40, allowDecimals: false, interval: 0 }}
            fillOpacity={0.15}
          />
        </Stack>
      </SimpleGrid>
    </Card>
  );
}

/** The vulnerability register: what is open and late, the trend, and every finding with search and filters. */
export function VulnerabilitiesPage() {
  const can = useCan();
  const { search } = useLocation();
  const [importing, setImporting] = useState(false);
  const [syncing, setSyncing] = useState(false);
  const [settings, setSettings] = useState(false);
  const board = useQuery({
    queryKey: vulnerabilityKeys.dashboard,
    queryFn: () => api.GET("/api/v1/vulnerabilities/dashboard"),
  });
  const { filters, list } = useListQuery({
    filters: ["q", "status", "severity", "overdue", "accepted"] as const,
    search: "q",
    query: (v, paging) => ({
      q: v.q,
      status: oneOf(STATUSES, v.status),
      severity: oneOf(SEVERITIES, v.severity),
      overdue: v.overdue === "true" ? ("true" as const) : undefined,
      accepted: oneOf(["true", "false"] as const, v.accepted),
      ...paging,
    }),
    key: vulnerabilityKeys.list,
    fetch: (query) => api.GET("/api/v1/vulnerabilities", { params: { query } }),
  });
  const linkTo = (f: Finding) => ({ pathname: `/vulnerabilities/${f.id}`, search });
  const columns: DataTableProps<Finding>["columns"] = [
    { header: "Severity", width: 110, cell: (f) => <SeverityBadge severity={f.severity} /> },
    {
      header: "Finding",
      cell: (f) => (
        <TitleLink to={linkTo(f)} below={f.package ? `${f.package} ${f.installedVersion ?? ""}`.trim() : f.location}>
          <span className="assay-mono">{f.ruleId}</span> {f.title !== f.ruleId ? f.title : ""}
        </TitleLink>
      ),
    },
    {
      header: "Target",
      cell: (f) => (
        <Text size="sm" lineClamp={2} style={{ wordBreak: "break-all" }}>
          {f.target}
        </Text>
      ),
    },
    {
      header: "Fix",
      width: 130,
      cell: (f) => (
        <Text size="sm" c={f.fixedVersion ? undefined : "dimmed"} style={{ wordBreak: "keep-all" }}>
          {f.fixedVersion ?? "No fix yet"}
        </Text>
      ),
    },
    { header: "Fix by", width: 170, cell: (f) => <DueDate f={f} /> },
    {
      header: "Status",
      width: 100,
      cell: (f) => (
        <Badge variant="dot" color={f.status === "open" ? "blue" : "teal"}>
          {f.status === "open" ? "Open" : "Resolved"}
        </Badge>
      ),
    },
  ];
  return (
    <RegisterListLayout
      title="Vulnerabilities"
      description="Findings from your scanners and GitHub, kept current by each report you import or sync: what is open, how late, and what was fixed when."
      views="vulnerabilities"
      download={{ href: "/api/v1/vulnerabilities/export.csv", label: "findings" }}
      actions={
        <>
          <Button
            variant="default"
            component={Link}
            to="/vulnerabilities/imports"
            leftSection={<IconHistory size={16} />}
          >
            Imports
          </Button>
          {can("vulnerabilities.manage_settings") && (
            <Button variant="default" leftSection={<IconClockCog size={16} />} onClick={() => setSettings(true)}>
              SLAs
            </Button>
          )}
          {can("vulnerabilities.import") && (
            <>
              <Button variant="default" leftSection={<IconBrandGithub size={16} />} onClick={() => setSyncing(true)}>
                Sync from GitHub
              </Button>
              <Button leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
                Import a report
              </Button>
            </>
          )}
        </>
      }
      above={
        <>
          <ErrorAlert error={board.error} />
          {board.data ? (
            <Dashboard d={board.data} onFilter={(f) => filters.set(f)} />
          ) : (
            !board.error && <Skeleton h={220} />
          )}
        </>
      }
      table={
        <DataTable
          label="Findings"
          query={list}
          columns={columns}
          rowKey={(f) => f.id}
          rowLink={linkTo}
          minWidth={900}
          paging={filters}
          noun={["finding", "findings"]}
          empty={listEmpty(filters, "finding", {
            icon: <IconBug size={28} />,
            title: "No findings yet",
            description:
              "Import a report from Trivy, Grype or any SARIF 2.1.0 scanner, or sync a GitHub connection's code scanning and Dependabot alerts: findings appear here with a fix-by date from their severity.",
          })}
          toolbar={
            <RegisterToolbar
              filters={filters}
              search={{
                label: "Search advisory, title, package or target",
                placeholder: "Search advisory, package, target",
                w: 280,
              }}
            >
              <FilterSelect
                filters={filters}
                name="status"
                aria-label="Status"
                placeholder="Open and resolved"
                w={180}
                data={[
                  { value: "open", label: "Open" },
                  { value: "resolved", label: "Resolved" },
                ]}
              />
              <FilterSelect
                filters={filters}
                name="severity"
                aria-label="Severity"
                placeholder="Any severity"
                w={160}
                data={SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }))}
              />
              <FilterSelect
                filters={filters}
                name="overdue"
                aria-label="Deadline"
                placeholder="Any deadline"
                w={170}
                data={[{ value: "true", label: "Past fix-by date" }]}
              />
              <FilterSelect
                filters={filters}
                name="accepted"
                aria-label="Risk acceptance"
                placeholder="Accepted or not"
                w={190}
                data={[
                  { value: "true", label: "Risk accepted" },
                  { value: "false", label: "No accepted risk" },
                ]}
              />
            </RegisterToolbar>
          }
        />
      }
    >
      <ImportReportModal opened={importing} onClose={() => setImporting(false)} />
      <SyncGithubModal opened={syncing} onClose={() => setSyncing(false)} />
      {board.data && (
        <SlaSettingsModal
          key={JSON.stringify(board.data.slaDays)}
          opened={settings}
          onClose={() => setSettings(false)}
          current={board.data.slaDays}
        />
      )}
    </RegisterListLayout>
  );
}
