import {
  Badge,
  Button,
  Card,
  Code,
  Drawer,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { IconDeviceLaptop, IconPlus, IconSearch } from "@tabler/icons-react";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { api } from "../../api/client.ts";
import type { CheckStatus, DeviceDetail, DeviceSummary } from "../../api/models/devices.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { TablePager } from "../../components/TablePager.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { notifySuccess } from "../../lib/notify.ts";
import { useDebounced } from "../../lib/use-debounced.ts";
import { useUrlFilters } from "../../lib/use-url-filters.ts";
import { can } from "../../permissions.ts";
import { useSession } from "../../session.tsx";
import { EnrollModal, HowToEnroll } from "./EnrollPanel.tsx";

const PAGE_SIZE = 25;

const STATUS_BADGE: Record<DeviceSummary["status"], { color: string; label: string }> = {
  failing: { color: "red", label: "Failing" },
  passing: { color: "teal", label: "Passing" },
  pending: { color: "gray", label: "No report yet" },
  revoked: { color: "gray", label: "Revoked" },
};
const CHECK_BADGE: Record<CheckStatus, { color: string; label: string }> = {
  pass: { color: "teal", label: "Pass" },
  fail: { color: "red", label: "Fail" },
  not_applicable: { color: "gray", label: "Not applicable" },
  error: { color: "orange", label: "Error" },
};

export function DevicesPage() {
  const { role } = useSession();
  // Enrolling and revoking are both admin actions (src/modules/agent/policy.ts).
  const admin = can(role, "agent.manage_enrollment");
  const { deviceId } = useParams();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const filters = useUrlFilters(["q", "status", "stale"] as const);
  const [search, setSearch] = useState(filters.values.q ?? "");
  const q = useDebounced(search);
  const [enrolling, setEnrolling] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced text drives the URL
  useEffect(() => {
    if ((filters.values.q ?? "") !== q) filters.set({ q });
  }, [q]);

  const list = useQuery({
    queryKey: ["devices", "list", filters.values, filters.page],
    queryFn: () =>
      api.GET("/api/v1/devices", {
        params: {
          query: {
            q: filters.values.q,
            status: oneOf(["failing", "passing"] as const, filters.values.status),
            stale: oneOf(["true", "false"] as const, filters.values.stale),
            page: filters.page,
            pageSize: PAGE_SIZE,
          },
        },
      }),
    placeholderData: keepPreviousData,
  });
  const open = (id: string | null) =>
    navigate({ pathname: id ? `/devices/${id}` : "/devices", search: searchParams.toString() });

  return (
    <>
      <PageHeader
        title="Devices"
        description="Linux machines that report their security posture with the Assay agent: each check, its reason and what to do."
        actions={
          admin && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEnrolling(true)}>
              Enroll a device
            </Button>
          )
        }
      />
      <Card withBorder padding={0}>
        <Group p="md" gap="sm" wrap="wrap">
          <TextInput
            aria-label="Search hostname or owner"
            placeholder="Search hostname or owner"
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={260}
          />
          <SegmentedControl
            aria-label="Status"
            value={filters.values.status ?? "all"}
            onChange={(v) => filters.set({ status: v === "all" ? null : v })}
            data={[
              { value: "all", label: "All" },
              { value: "failing", label: "Failing" },
              { value: "passing", label: "Passing" },
            ]}
          />
          <Select
            aria-label="Last report"
            w={220}
            value={filters.values.stale ?? "any"}
            onChange={(v) => filters.set({ stale: v === "any" ? null : v })}
            allowDeselect={false}
            data={[
              { value: "any", label: "Any last report" },
              { value: "true", label: "Stale (no report for 2 days)" },
              { value: "false", label: "Reported in the last 2 days" },
            ]}
          />
          {filters.any && (
            <Button
              variant="subtle"
              onClick={() => {
                setSearch("");
                filters.clear();
              }}
            >
              Clear filters
            </Button>
          )}
        </Group>
        {list.isError && (
          <Stack px="md" pb="md">
            <ErrorAlert error={list.error} />
          </Stack>
        )}
        {list.isPending ? (
          <Stack p="md" gap="sm">
            <Skeleton h={40} />
            <Skeleton h={40} />
          </Stack>
        ) : list.data && list.data.items.length === 0 ? (
          filters.any ? (
            <Empty icon={<IconDeviceLaptop size={26} />} title="No device matches these filters" />
          ) : (
            <Empty
              icon={<IconDeviceLaptop size={26} />}
              title="No devices enrolled yet"
              description={<HowToEnroll admin={admin} />}
              action={
                admin && (
                  <Button variant="default" onClick={() => setEnrolling(true)}>
                    Create an enrollment token
                  </Button>
                )
              }
            />
          )
        ) : list.data ? (
          <Table.ScrollContainer minWidth={820}>
            <Table horizontalSpacing="md" verticalSpacing="sm" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Hostname</Table.Th>
                  <Table.Th>Owner</Table.Th>
                  <Table.Th>OS</Table.Th>
                  <Table.Th>Last report</Table.Th>
                  <Table.Th>Checks</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((d) => (
                  <Table.Tr key={d.id} style={{ cursor: "pointer" }} onClick={() => open(d.id)}>
                    <Table.Td>
                      <Text
                        size="sm"
                        fw={500}
                        component="a"
                        href={`/devices/${d.id}`}
                        onClick={(e) => {
                          e.preventDefault();
                          open(d.id);
                        }}
                      >
                        {d.hostname}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={d.ownerEmail ? undefined : "dimmed"}>
                        {d.ownerEmail ?? "—"}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{d.os ?? "—"}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={6}>
                        <RelativeTime value={d.lastReportAt} empty="Never" />
                        {d.stale && (
                          <Badge size="xs" color="yellow" variant="light">
                            Stale
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        <Text span c="teal" fw={500}>
                          {d.checks.passing} passing
                        </Text>
                        {" · "}
                        <Text span c={d.checks.failing ? "red" : "dimmed"} fw={500}>
                          {d.checks.failing} failing
                        </Text>
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={STATUS_BADGE[d.status].color}>
                        {STATUS_BADGE[d.status].label}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {list.data && list.data.total > 0 && (
          <Stack px="md" pb="md">
            <TablePager
              page={filters.page}
              pageSize={PAGE_SIZE}
              total={list.data.total}
              onChange={(p) => filters.set({ page: String(p) })}
              noun={["device", "devices"]}
            />
          </Stack>
        )}
      </Card>
      <DeviceDrawer id={deviceId ?? null} admin={admin} onClose={() => open(null)} />
      <EnrollModal opened={enrolling} onClose={() => setEnrolling(false)} />
    </>
  );
}

function DeviceDrawer({ id, admin, onClose }: { id: string | null; admin: boolean; onClose: () => void }) {
  const [revoking, setRevoking] = useState(false);
  const detail = useQuery({
    queryKey: ["devices", "detail", id],
    queryFn: () => api.GET("/api/v1/devices/{id}", { params: { path: { id: id ?? "" } } }),
    enabled: !!id,
  });
  const d = detail.data;
  return (
    <Drawer opened={!!id} onClose={onClose} position="right" size="xl" title={d ? d.hostname : "Device"}>
      {detail.isError && <ErrorAlert error={detail.error} />}
      {detail.isPending && id && <Skeleton h={200} />}
      {d && (
        <Stack>
          <Group gap="xs">
            <Badge variant="light" color={STATUS_BADGE[d.status].color}>
              {STATUS_BADGE[d.status].label}
            </Badge>
            {d.stale && (
              <Badge variant="light" color="yellow">
                No report for more than 2 days
              </Badge>
            )}
          </Group>
          <Table variant="vertical" withTableBorder layout="fixed">
            <Table.Tbody>
              <Row label="Owner">{d.ownerEmail ?? "—"}</Row>
              <Row label="OS">{d.os ?? "—"}</Row>
              <Row label="Machine id">
                <Code>{d.machineId}</Code>
              </Row>
              <Row label="Agent">{d.agentVersion ?? "—"}</Row>
              <Row label="Connection">{d.connection.name}</Row>
              <Row label="Enrolled">
                <RelativeTime value={d.enrolledAt} />
              </Row>
              <Row label="Last report">
                <RelativeTime value={d.lastReportAt} empty="Never" />
              </Row>
            </Table.Tbody>
          </Table>
          <Text fw={600}>Checks</Text>
          {!d.lastReportAt && (
            <Text size="sm" c="dimmed">
              This device has not reported yet: run `sudo assay agent report` on it.
            </Text>
          )}
          {d.results.map((c) => (
            <Card key={c.testId} withBorder padding="sm">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Stack gap={2}>
                  <Text size="sm" fw={500}>
                    {c.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {c.severity} · {c.controls.join(", ")}
                  </Text>
                </Stack>
                {c.status ? (
                  <Badge variant="light" color={c.excepted ? "gray" : CHECK_BADGE[c.status].color}>
                    {c.excepted ? "Excepted" : CHECK_BADGE[c.status].label}
                  </Badge>
                ) : (
                  <Badge variant="outline" color="gray">
                    No result
                  </Badge>
                )}
              </Group>
              {c.reason && (
                <Text size="sm" mt="xs">
                  {c.reason}
                </Text>
              )}
              {c.remediation && (c.status === "fail" || c.status === "error") && (
                <Text size="sm" mt="xs" c="dimmed">
                  <Text span fw={500} c="inherit">
                    What to do:{" "}
                  </Text>
                  {c.remediation}
                </Text>
              )}
              {c.overdue && (
                <Text size="xs" c="red" mt={4}>
                  Overdue
                </Text>
              )}
            </Card>
          ))}
          {admin && !d.revokedAt && (
            <Group justify="flex-end">
              <Button color="red" variant="light" onClick={() => setRevoking(true)}>
                Revoke device
              </Button>
            </Group>
          )}
          <RevokeModal device={revoking ? d : null} onClose={() => setRevoking(false)} />
        </Stack>
      )}
    </Drawer>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={140}>{label}</Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

function RevokeModal({ device, onClose }: { device: DeviceDetail | null; onClose: () => void }) {
  const revoke = useMutation({
    mutationFn: (d: DeviceDetail) => api.POST("/api/v1/devices/{id}/revoke", { params: { path: { id: d.id } } }),
    onSuccess: (_r, d) => {
      notifySuccess(`${d.hostname} can no longer report.`, "Device revoked");
      onClose();
    },
  });
  return (
    <Modal opened={!!device} onClose={onClose} title="Revoke this device?">
      {device && (
        <Stack>
          <Text size="sm">
            {device.hostname}'s device token stops working now and its check results stop counting (their history is
            kept). To bring it back, enroll it again with a new enrollment token.
          </Text>
          <ErrorAlert error={revoke.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus>
              Cancel
            </Button>
            <Button color="red" loading={revoke.isPending} onClick={() => revoke.mutate(device)}>
              Revoke device
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
