import {
  Anchor,
  Badge,
  Button,
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
} from "@mantine/core";
import { IconDeviceLaptop, IconFilterOff, IconPlus } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { api } from "../../api/client.ts";
import type { DeviceDetail, DeviceSummary } from "../../api/models/devices.ts";
import { ClearFilters, DataTable, type DataTableProps, SearchInput } from "../../components/DataTable.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { notifySuccess } from "../../lib/notify.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { can } from "../../permissions.ts";
import { useSession } from "../../session.tsx";
import { DeviceChecks, DeviceStatusBadges, PLATFORM_LABEL, PlatformBadge, STATUS_BADGE } from "./DeviceChecks.tsx";
import { EnrollModal, HowToEnroll } from "./EnrollPanel.tsx";
import { PersonSelect } from "./PersonSelect.tsx";

export function DevicesPage() {
  const { role } = useSession();
  // Enrolling and revoking are both admin actions (src/modules/agent/policy.ts).
  const admin = can(role, "agent.manage_enrollment");
  const canPeople = can(role, "people.read");
  const { deviceId } = useParams();
  const navigate = useNavigate();
  const { search } = useLocation();
  const [enrolling, setEnrolling] = useState(false);
  const { filters, list } = useListQuery({
    filters: ["q", "status", "stale", "platform", "person"] as const,
    search: "q",
    query: (v, paging) => ({
      q: v.q,
      status: oneOf(["failing", "passing"] as const, v.status),
      stale: oneOf(["true", "false"] as const, v.stale),
      platform: oneOf(["linux", "macos", "windows"] as const, v.platform),
      person: v.person,
      ...paging,
    }),
    key: (query) => ["devices", "list", query],
    fetch: (query) => api.GET("/api/v1/devices", { params: { query } }),
  });
  const linkTo = (d: DeviceSummary) => ({ pathname: `/devices/${d.id}`, search });
  const columns: DataTableProps<DeviceSummary>["columns"] = [
    {
      header: "Hostname",
      cell: (d) => (
        <Anchor component={Link} to={linkTo(d)} c="inherit" size="sm" fw={500}>
          {d.hostname}
        </Anchor>
      ),
    },
    {
      header: "Person",
      cell: (d) =>
        d.person ? (
          <Text size="sm">{d.person.fullName}</Text>
        ) : (
          <Text size="sm" c="dimmed">
            {d.ownerEmail ?? "Nobody"}
          </Text>
        ),
    },
    {
      header: "Platform",
      cell: (d) => (
        <Stack gap={2}>
          <PlatformBadge platform={d.platform} />
          <Text size="xs" c="dimmed">
            {d.os ?? "—"}
          </Text>
        </Stack>
      ),
    },
    {
      header: "Last report",
      cell: (d) => (
        <Group gap={6}>
          <RelativeTime value={d.lastReportAt} empty="Never" />
          {d.stale && (
            <Badge size="xs" color="yellow" variant="light">
              Stale
            </Badge>
          )}
        </Group>
      ),
    },
    {
      header: "Checks",
      cell: (d) => (
        <Text size="sm">
          <Text span c="teal" fw={500}>
            {d.checks.passing} passing
          </Text>
          {" · "}
          <Text span c={d.checks.failing ? "red" : "dimmed"} fw={500}>
            {d.checks.failing} failing
          </Text>
        </Text>
      ),
    },
    {
      header: "Status",
      cell: (d) => (
        <Badge variant="light" color={STATUS_BADGE[d.status].color}>
          {STATUS_BADGE[d.status].label}
        </Badge>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Devices"
        description="Linux, macOS and Windows computers that report their security posture to Assay, whose they are, each check, its reason and what to do."
        actions={
          admin && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEnrolling(true)}>
              Enroll a device
            </Button>
          )
        }
      />
      <DataTable
        label="Devices"
        query={list}
        columns={columns}
        rowKey={(d) => d.id}
        rowLink={linkTo}
        minWidth={820}
        paging={filters}
        noun={["device", "devices"]}
        toolbar={
          <Group gap="sm" wrap="wrap">
            <SearchInput
              filters={filters}
              aria-label="Search hostname or person"
              placeholder="Search hostname or person"
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
            <Select
              aria-label="Platform"
              w={150}
              value={filters.values.platform ?? "any"}
              onChange={(v) => filters.set({ platform: v === "any" ? null : v })}
              allowDeselect={false}
              data={[
                { value: "any", label: "Any platform" },
                ...(["linux", "macos", "windows"] as const).map((p) => ({ value: p, label: PLATFORM_LABEL[p] })),
              ]}
            />
            {canPeople && (
              <PersonSelect
                aria-label="Person"
                w={220}
                withNobody
                value={filters.values.person ?? null}
                onChange={(v) => filters.set({ person: v })}
              />
            )}
            <ClearFilters filters={filters} size="sm" leftSection={<IconFilterOff size={16} />} />
          </Group>
        }
        empty={
          filters.any
            ? { icon: <IconDeviceLaptop size={26} />, title: "No device matches these filters" }
            : {
                icon: <IconDeviceLaptop size={26} />,
                title: "No devices enrolled yet",
                description: <HowToEnroll admin={admin} />,
                action: admin && (
                  <Button variant="default" onClick={() => setEnrolling(true)}>
                    Create an enrollment token
                  </Button>
                ),
              }
        }
      />
      <DeviceDrawer
        id={deviceId ?? null}
        admin={admin}
        assign={can(role, "devices.assign") && canPeople}
        onClose={() => navigate({ pathname: "/devices", search })}
      />
      <EnrollModal opened={enrolling} onClose={() => setEnrolling(false)} />
    </>
  );
}

function DeviceDrawer({
  id,
  admin,
  assign,
  onClose,
}: {
  id: string | null;
  admin: boolean;
  assign: boolean;
  onClose: () => void;
}) {
  const [revoking, setRevoking] = useState(false);
  const queryClient = useQueryClient();
  const assignTo = useMutation({
    mutationFn: (personId: string | null) =>
      api.POST("/api/v1/devices/{id}/assign", { params: { path: { id: id ?? "" } }, body: { personId } }),
    onSuccess: (d) => {
      notifySuccess(d.person ? `${d.hostname} is ${d.person.fullName}'s.` : `${d.hostname} belongs to nobody now.`);
      void queryClient.invalidateQueries({ queryKey: ["devices"] });
    },
  });
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
            <DeviceStatusBadges device={d} />
          </Group>
          <ErrorAlert error={assignTo.error} />
          <Table variant="vertical" withTableBorder layout="fixed">
            <Table.Tbody>
              <Row label="Person">
                {assign && !d.revokedAt ? (
                  <PersonSelect
                    aria-label="Whose device"
                    value={d.person?.id ?? null}
                    current={d.person}
                    onChange={(v) => assignTo.mutate(v)}
                    disabled={assignTo.isPending}
                  />
                ) : (
                  (d.person?.fullName ?? d.ownerEmail ?? "Nobody")
                )}
              </Row>
              <Row label="Platform">{PLATFORM_LABEL[d.platform]}</Row>
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
          <DeviceChecks device={d} />
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
