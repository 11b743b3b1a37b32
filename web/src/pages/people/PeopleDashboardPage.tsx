import { BarChart } from "@mantine/charts";
import { Anchor, Badge, Card, Group, Progress, SimpleGrid, Skeleton, Stack, Table, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconUserCheck } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { Link } from "react-router";
import { api } from "../../api/client.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { COMPLIANCE } from "./labels.ts";

const KIND_WORDS: Record<string, string> = {
  checklist: "Checklist steps",
  background_check: "Background checks",
  policy: "Policy acceptance",
  training: "Training",
  device: "Devices",
};

/** Who owes what: people by compliance state, the overdue, onboarding in progress and offboarding deviations. */
export function PeopleDashboardPage() {
  const q = useQuery({ queryKey: ["people", "dashboard"], queryFn: () => api.GET("/api/v1/people/dashboard") });
  const d = q.data;
  return (
    <>
      <PageHeader
        title="People dashboard"
        description="Everyone who has not left, by what they owe: checklist steps, background checks, policies, training and devices."
        actions={
          <Anchor component={Link} to="/people" size="sm">
            Directory
          </Anchor>
        }
      />
      <ErrorAlert error={q.error} />
      {!d ? (
        !q.error && <Skeleton h={300} />
      ) : (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {(["compliant", "due", "overdue"] as const).map((s) => (
              <Card withBorder key={s} aria-label={COMPLIANCE[s].label}>
                <Text size="sm" c="dimmed">
                  {COMPLIANCE[s].label}
                </Text>
                <Text fz={30} fw={700} c={COMPLIANCE[s].color} data-testid={`count-${s}`}>
                  {d.counts[s]}
                </Text>
                <Text size="xs" c="dimmed">
                  of {d.total} {d.total === 1 ? "person" : "people"}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          <Card withBorder component="section" aria-label="Deviations">
            <Title order={2} fz="lg" mb="sm">
              Offboarding deviations
            </Title>
            {d.openRevocationsOverdue > 0 && (
              <Text size="sm" c="red" mb="xs">
                {d.openRevocationsOverdue} access {d.openRevocationsOverdue === 1 ? "revocation is" : "revocations are"}{" "}
                still open past the SLA.
              </Text>
            )}
            {!d.deviations.length ? (
              <Text size="sm" c="dimmed">
                Every access revocation so far was within the SLA.
              </Text>
            ) : (
              <Table aria-label="Offboarding deviations" fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Person</Table.Th>
                    <Table.Th>System</Table.Th>
                    <Table.Th>Deadline</Table.Th>
                    <Table.Th>Revoked</Table.Th>
                    <Table.Th>How late</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.deviations.map((x) => (
                    <Table.Tr key={x.itemId}>
                      <Table.Td>
                        <Anchor component={Link} to={`/people/${x.personId}`} size="sm">
                          {x.fullName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{x.system}</Table.Td>
                      <Table.Td>{formatDateTime(x.dueAt)}</Table.Td>
                      <Table.Td>{x.revokedAt ? formatDateTime(x.revokedAt) : "—"}</Table.Td>
                      <Table.Td>
                        <Badge color="red" leftSection={<IconAlertTriangle size={12} />}>
                          {x.deviation}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder component="section" aria-label="Open work by kind">
              <Title order={2} fz="lg" mb="sm">
                Open work by kind
              </Title>
              {!d.byKind.length ? (
                <Text size="sm" c="dimmed">
                  Nothing is outstanding.
                </Text>
              ) : (
                <BarChart
                  h={220}
                  data={d.byKind.map((k) => ({ kind: KIND_WORDS[k.kind] ?? k.kind, Open: k.open, Overdue: k.overdue }))}
                  dataKey="kind"
                  type="stacked"
                  yAxisProps={{ allowDecimals: false }}
                  series={[
                    { name: "Overdue", color: "red.6" },
                    { name: "Open", color: "blue.6" },
                  ]}
                />
              )}
            </Card>
            <Card withBorder component="section" aria-label="Onboarding in progress">
              <Title order={2} fz="lg" mb="sm">
                Onboarding in progress
              </Title>
              {!d.onboarding.length ? (
                <Text size="sm" c="dimmed">
                  Nobody is onboarding.
                </Text>
              ) : (
                <Stack gap="sm">
                  {d.onboarding.map((o) => (
                    <div key={o.id}>
                      <Group justify="space-between">
                        <Anchor component={Link} to={`/people/${o.id}`} size="sm">
                          {o.fullName}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {o.done} of {o.total} · starts {o.startDate ? dayjs(o.startDate).format("D MMM YYYY") : "—"}
                        </Text>
                      </Group>
                      <Progress value={(o.done / o.total) * 100} aria-label={`${o.fullName}'s onboarding`} />
                    </div>
                  ))}
                </Stack>
              )}
            </Card>
          </SimpleGrid>
          <Card withBorder component="section" aria-label="Overdue people">
            <Title order={2} fz="lg" mb="sm">
              Overdue
            </Title>
            {!d.overdue.length ? (
              <Empty icon={<IconUserCheck size={24} />} title="Nobody is overdue" />
            ) : (
              <Table aria-label="Overdue people" fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Person</Table.Th>
                    <Table.Th>Department</Table.Th>
                    <Table.Th>What is overdue</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.overdue.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/people/${p.id}`} size="sm">
                          {p.fullName}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>{p.department ?? "—"}</Table.Td>
                      <Table.Td>{p.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        </Stack>
      )}
    </>
  );
}
