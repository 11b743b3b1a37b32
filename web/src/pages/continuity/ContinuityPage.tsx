import { ActionIcon, Anchor, Badge, Button, Card, Group, Skeleton, Table, Text, Title, Tooltip } from "@mantine/core";
import { IconFileImport, IconFlask, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Link, useLocation } from "react-router";
import { api } from "../../api/client.ts";
import type { ContinuityTest, RecoveryObjective } from "../../api/models/assets.ts";
import { DataTable, type DataTableProps, FilterSelect, listEmpty, TitleLink } from "../../components/DataTable.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { ImportTableModal } from "../../components/ImportTableModal.tsx";
import { RegisterChecks } from "../../components/RegisterChecks.tsx";
import { RegisterListLayout, RegisterToolbar } from "../../components/RegisterListLayout.tsx";
import { formatDay } from "../../components/Time.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { notifyError } from "../../lib/notify.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCan } from "../../session.tsx";
import {
  continuityKeys,
  formatMinutes,
  OUTCOME,
  PLAN_KIND_LABELS,
  RESULT_COLORS,
  RESULT_LABELS,
  RESULTS,
  TEST_KIND_LABELS,
  TEST_KINDS,
} from "./labels.ts";
import { ObjectiveModal, PlanModal, TestModal } from "./Modals.tsx";

export function OutcomeBadge({ outcome }: { outcome: ContinuityTest["outcome"] }) {
  return (
    <Badge variant="light" color={OUTCOME[outcome].color} style={{ flex: "none" }} miw="max-content">
      {OUTCOME[outcome].label}
    </Badge>
  );
}

function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="md">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Card>
  );
}

function Plans({ canManage }: { canManage: boolean }) {
  const [adding, setAdding] = useState(false);
  const q = useQuery({ queryKey: continuityKeys.plans, queryFn: () => api.GET("/api/v1/continuity/plans") });
  return (
    <Section
      title="Plans"
      action={
        canManage && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setAdding(true)}>
            Add a plan
          </Button>
        )
      }
    >
      <ErrorAlert error={q.error} />
      {!q.data ? (
        !q.error && <Skeleton h={60} />
      ) : q.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No plan yet: add your business continuity or disaster recovery plan and link its document.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table fz="sm" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Plan</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Owner</Table.Th>
                <Table.Th>Last reviewed</Table.Th>
                <Table.Th>Next review</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/continuity/plans/${p.id}`} size="sm">
                      {p.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{PLAN_KIND_LABELS[p.kind]}</Table.Td>
                  <Table.Td>{p.ownerName ?? "—"}</Table.Td>
                  <Table.Td>{p.lastReviewedOn ? formatDay(p.lastReviewedOn) : "Never"}</Table.Td>
                  <Table.Td c={p.reviewOverdue ? "red" : undefined} fw={p.reviewOverdue ? 600 : undefined}>
                    {p.nextReviewOn ? formatDay(p.nextReviewOn) : "—"}
                    {p.reviewOverdue ? " (overdue)" : ""}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <PlanModal opened={adding} onClose={() => setAdding(false)} />
    </Section>
  );
}

function Objectives({ canManage }: { canManage: boolean }) {
  const [editing, setEditing] = useState<RecoveryObjective | "new" | null>(null);
  const [importing, setImporting] = useState(false);
  const q = useQuery({ queryKey: continuityKeys.objectives, queryFn: () => api.GET("/api/v1/continuity/objectives") });
  const remove = useMutation({
    mutationFn: (id: string) => api.DELETE("/api/v1/continuity/objectives/{id}", { params: { path: { id } } }),
    onError: (e) => notifyError(e),
  });
  return (
    <Section
      title="Recovery objectives"
      action={
        canManage && (
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              leftSection={<IconFileImport size={14} />}
              onClick={() => setImporting(true)}
            >
              Import objectives
            </Button>
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} onClick={() => setEditing("new")}>
              Set RTO and RPO
            </Button>
          </Group>
        )
      }
    >
      <ErrorAlert error={q.error} />
      {!q.data ? (
        !q.error && <Skeleton h={60} />
      ) : q.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No objectives yet: set how long each critical system may be down (RTO) and how much data it may lose (RPO).
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table fz="sm" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>System</Table.Th>
                <Table.Th>RTO</Table.Th>
                <Table.Th>RPO</Table.Th>
                <Table.Th>Last restore test</Table.Th>
                {canManage && (
                  <Table.Th w={80}>
                    <span className="sr-only">Actions</span>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {q.data.items.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/assets/${o.assetId}`} size="sm">
                      {o.assetName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatMinutes(o.rtoMinutes)}</Table.Td>
                  <Table.Td>{formatMinutes(o.rpoMinutes)}</Table.Td>
                  <Table.Td>
                    {o.lastRestoreTestOn ? (
                      <Group gap="xs">
                        {formatDay(o.lastRestoreTestOn)}
                        {o.lastOutcome && <OutcomeBadge outcome={o.lastOutcome} />}
                      </Group>
                    ) : (
                      <Text size="sm" c="dimmed">
                        Never tested
                      </Text>
                    )}
                  </Table.Td>
                  {canManage && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Tooltip label="Change">
                          <ActionIcon
                            variant="subtle"
                            aria-label={`Change the objectives of ${o.assetName}`}
                            onClick={() => setEditing(o)}
                          >
                            <IconPencil size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label="Remove">
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Remove the objectives of ${o.assetName}`}
                            onClick={() =>
                              window.confirm(`Remove the objectives of “${o.assetName}”?`) && remove.mutate(o.id)
                            }
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ImportTableModal
        opened={importing}
        onClose={() => setImporting(false)}
        title="Import recovery objectives"
        path="/api/v1/continuity/objectives/import"
        noun="objectives"
        help={
          <Text size="sm">
            Columns: <b>system</b> (a system or data store of the asset inventory, by name), <b>RTO</b> and <b>RPO</b>{" "}
            (minutes, or e.g. “4 h”; at least one) and <b>notes</b>. A system that has objectives gets the file's; tests
            already recorded keep the objectives they were judged against.
          </Text>
        }
      />
      <ObjectiveModal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        objective={editing && editing !== "new" ? editing : undefined}
      />
    </Section>
  );
}

/** Business continuity and recovery: how the register stands against its controls, the plans, RTO/RPO, the tests. */
const IMPORT_HELP = (
  <Text size="sm">
    Columns: <b>date</b> (YYYY-MM-DD, not in the future), <b>kind</b> (restore test, failover drill, continuity
    exercise), <b>scenario</b>, <b>result</b> (pass, partial, fail), and optionally <b>systems</b> (asset names as in
    the inventory, separated by “;” — required for restore tests), <b>recovery time</b> and <b>data loss</b> (minutes,
    or e.g. “2 h”) and <b>findings</b>. Each system is judged against the objectives it has now.
  </Text>
);

export function ContinuityPage() {
  const can = useCan();
  const canManage = can("continuity.manage");
  const { search } = useLocation();
  const [recording, setRecording] = useState(false);
  const [importing, setImporting] = useState(false);
  const checks = useQuery({ queryKey: continuityKeys.checks, queryFn: () => api.GET("/api/v1/continuity/checks") });
  const { filters, list } = useListQuery({
    filters: ["q", "kind", "result"] as const,
    search: "q",
    query: (v, paging) => ({ q: v.q, kind: oneOf(TEST_KINDS, v.kind), result: oneOf(RESULTS, v.result), ...paging }),
    key: continuityKeys.tests,
    fetch: (query) => api.GET("/api/v1/continuity/tests", { params: { query } }),
  });
  const linkTo = (t: ContinuityTest) => ({ pathname: `/continuity/tests/${t.id}`, search });
  const columns: DataTableProps<ContinuityTest>["columns"] = [
    { header: "Date", width: 120, cell: (t) => <Text size="sm">{formatDay(t.performedOn)}</Text> },
    {
      header: "Test",
      cell: (t) => (
        <TitleLink to={linkTo(t)} below={t.systems.map((s) => s.name).join(", ") || undefined}>
          {TEST_KIND_LABELS[t.kind]}: {t.scenario}
        </TitleLink>
      ),
    },
    {
      header: "Result",
      width: 100,
      cell: (t) => (
        <Badge variant="dot" color={RESULT_COLORS[t.result]}>
          {RESULT_LABELS[t.result]}
        </Badge>
      ),
    },
    {
      header: "Recovery / data lost",
      width: 170,
      cell: (t) => (
        <Text size="sm">
          {formatMinutes(t.recoveryMinutes)} / {formatMinutes(t.dataLossMinutes)}
        </Text>
      ),
    },
    { header: "Objectives", width: 200, cell: (t) => <OutcomeBadge outcome={t.outcome} /> },
  ];
  return (
    <RegisterListLayout
      title="Continuity"
      description="Your continuity and recovery plans, the recovery objectives of each critical system, and the restore tests and drills that prove them."
      views="continuity"
      download={{ href: "/api/v1/continuity/tests/export.csv", label: "test records" }}
      actions={
        canManage && (
          <>
            <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
              Import
            </Button>
            <Button leftSection={<IconFlask size={16} />} onClick={() => setRecording(true)}>
              Record a test
            </Button>
          </>
        )
      }
      above={
        <>
          {checks.data?.used && <RegisterChecks title="What continuity tells its controls" items={checks.data.items} />}
          <Plans canManage={canManage} />
          <Objectives canManage={canManage} />
        </>
      }
      table={
        <DataTable
          label="Tests"
          query={list}
          columns={columns}
          rowKey={(t) => t.id}
          rowLink={linkTo}
          minWidth={900}
          paging={filters}
          noun={["test", "tests"]}
          empty={listEmpty(filters, "test", {
            icon: <IconFlask size={28} />,
            title: "No tests recorded yet",
            description:
              "Record each restore test and failover drill with what it achieved: it is judged against the objectives.",
          })}
          toolbar={
            <RegisterToolbar
              filters={filters}
              search={{ label: "Search scenario and findings", placeholder: "Search scenario, findings", w: 240 }}
            >
              <FilterSelect
                filters={filters}
                name="kind"
                aria-label="Kind of test"
                placeholder="Any kind"
                w={190}
                data={TEST_KINDS.map((k) => ({ value: k, label: TEST_KIND_LABELS[k] }))}
              />
              <FilterSelect
                filters={filters}
                name="result"
                aria-label="Result"
                placeholder="Any result"
                w={150}
                data={RESULTS.map((r) => ({ value: r, label: RESULT_LABELS[r] }))}
              />
            </RegisterToolbar>
          }
        />
      }
    >
      <TestModal opened={recording} onClose={() => setRecording(false)} />
      <ImportTableModal
        opened={importing}
        onClose={() => setImporting(false)}
        title="Import test records"
        path="/api/v1/continuity/tests/import"
        noun="test records"
        help={IMPORT_HELP}
      />
    </RegisterListLayout>
  );
}
