import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Collapse,
  Group,
  List,
  Menu,
  Progress,
  Stack,
  Switch,
  Text,
  Tooltip,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconChevronDown,
  IconChevronUp,
  IconDots,
  IconPencil,
  IconRefresh,
  IconTrash,
} from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useState } from "react";
import { api } from "../../api/client.ts";
import type { Connection, Connector, Sync } from "../../api/models/monitoring.ts";
import { type Column, DataTable } from "../../components/DataTable.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { notifyError, notifySuccess } from "../../lib/notify.ts";
import { SyncStatusBadge } from "./components/Badges.tsx";
import { CategoryIcon } from "./components/ConnectorIcon.tsx";
import { syncSummary } from "./components/SyncCounts.tsx";
import { everyLabel, SYNC_STATUS } from "./labels.ts";
import { useMonitoringCan } from "./permissions.ts";
import { mkeys } from "./queries.ts";

/** A sync this page started: shown until its result is in and dismissed. */
export interface Watch {
  jobId: string;
  before: string | null;
}

const TRIGGER: Record<string, string> = { manual: "started by hand", schedule: "on schedule" };

function duration(s: Sync) {
  if (!s.finishedAt) return "—";
  const ms = dayjs(s.finishedAt).diff(dayjs(s.startedAt));
  return ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

function RecentSyncs({
  connectionId,
  busy,
  lastSyncId,
}: {
  connectionId: string;
  busy: boolean;
  lastSyncId?: string | null;
}) {
  const q = useQuery({
    // Keyed by the last sync, so a sync that ends while the list is open shows its outcome.
    queryKey: mkeys.syncs({ connectionId, recent: lastSyncId ?? null }),
    queryFn: () => api.GET("/api/v1/monitoring/syncs", { params: { query: { connectionId, pageSize: 5 } } }),
    refetchInterval: busy ? 1000 : false,
  });
  if (q.isError)
    return (
      <Text size="sm" c="red">
        {(q.error as Error).message}
      </Text>
    );
  if (!q.data)
    return (
      <Text size="sm" c="dimmed">
        Loading…
      </Text>
    );
  if (q.data.items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No syncs yet.
      </Text>
    );
  return (
    <DataTable
      label="Recent syncs"
      rows={q.data.items}
      columns={SYNC_COLUMNS}
      rowKey={(s) => s.id}
      minWidth={640}
      framed={false}
      tableProps={{ horizontalSpacing: "xs", verticalSpacing: 6, highlightOnHover: false, fz: "sm" }}
    />
  );
}

const SYNC_COLUMNS: Column<Sync>[] = [
  {
    header: "Started",
    width: 130,
    cell: (s) => (
      <>
        <RelativeTime value={s.startedAt} />
        <Text size="xs" c="dimmed">
          {TRIGGER[s.trigger] ?? s.trigger}
        </Text>
      </>
    ),
  },
  {
    header: "Result",
    width: 100,
    cell: (s) => (
      <Badge variant="light" color={SYNC_STATUS[s.status].color} size="sm">
        {s.status === "succeeded" ? "Succeeded" : SYNC_STATUS[s.status].label}
      </Badge>
    ),
  },
  {
    header: "What it did",
    cell: (s) => (
      <>
        <Text size="sm">
          {s.status === "running"
            ? (s.message ?? "Running…")
            : s.status === "skipped"
              ? s.message
              : s.status === "failed" && s.error
                ? s.error
                : syncSummary(s)}
        </Text>
        {s.warnings.length > 0 && (
          <List size="xs" c="yellow.8" mt={2}>
            {s.warnings.slice(0, 5).map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
            {s.warnings.length > 5 && <List.Item>and {s.warnings.length - 5} more warnings</List.Item>}
          </List>
        )}
      </>
    ),
  },
  { header: "Took", width: 80, cell: duration },
];

/** Progress of a sync while it runs; its outcome once it is done (for syncs started here). */
function SyncProgress({
  connection,
  watch,
  onDismiss,
}: {
  connection: Connection;
  watch: Watch | undefined;
  onDismiss: () => void;
}) {
  const job = connection.currentJob;
  const ended = !!watch && !job;
  const moved = !!watch && connection.lastSync?.id !== watch.before;
  const latest = useQuery({
    queryKey: mkeys.syncs({ connectionId: connection.id, latest: connection.lastSync?.id ?? null, job: watch?.jobId }),
    queryFn: () =>
      api.GET("/api/v1/monitoring/syncs", { params: { query: { connectionId: connection.id, pageSize: 1 } } }),
    enabled: ended,
    // A skipped sync leaves the connection's last sync as it was: look until the watched job's own row shows.
    refetchInterval: (q) => (ended && !moved && q.state.data?.items[0]?.jobId !== watch?.jobId ? 1000 : false),
  });
  const newest = latest.data?.items[0];
  const skipped = ended && !moved && newest?.jobId === watch?.jobId && newest?.status === "skipped" ? newest : null;
  const finished = ended && (moved || !!skipped);
  if (job || (watch && !finished)) {
    const queued = !job || job.status === "queued";
    return (
      <Stack gap={4} data-testid="sync-progress" aria-live="polite">
        <Progress
          value={queued ? 100 : (job?.progress ?? 0)}
          animated={queued || job?.progress == null}
          striped={queued || job?.progress == null}
          color={queued ? "gray" : "blue"}
          size="md"
          aria-label={`Sync progress of ${connection.name}`}
        />
        <Text size="xs" c="dimmed">
          {queued
            ? "Sync queued — a worker picks it up in a moment…"
            : `Syncing${job?.progress != null ? ` · ${job.progress}%` : "…"}${job?.message ? ` · ${job.message}` : ""}`}
        </Text>
      </Stack>
    );
  }
  if (!finished) return null;
  if (skipped)
    return (
      <Alert
        data-testid="sync-result"
        color={SYNC_STATUS.skipped.color}
        variant="light"
        withCloseButton
        onClose={onDismiss}
        closeButtonLabel="Dismiss sync result"
        title="Sync skipped"
      >
        {skipped.message}
      </Alert>
    );
  const sync = latest.data?.items[0];
  const status = connection.lastSync?.status ?? "succeeded";
  return (
    <Alert
      data-testid="sync-result"
      color={SYNC_STATUS[status].color}
      variant="light"
      withCloseButton
      onClose={onDismiss}
      closeButtonLabel="Dismiss sync result"
      title={
        status === "succeeded" ? "Sync finished" : status === "partial" ? "Sync finished with warnings" : "Sync failed"
      }
    >
      {status === "failed" ? connection.lastSync?.error : sync ? syncSummary(sync) : "Loading the counts…"}
    </Alert>
  );
}

export function ConnectionCard({
  connection: c,
  connector,
  watch,
  onWatch,
  onEdit,
  onDelete,
}: {
  connection: Connection;
  connector: Connector | undefined;
  watch: Watch | undefined;
  onWatch: (w: Watch | undefined) => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const can = useMonitoringCan();
  const [open, setOpen] = useState(false);
  const sync = useMutation({
    mutationFn: async () => {
      // The sync this one will replace, taken before the connections refresh (a quick sync may already show).
      const before = c.lastSync?.id ?? null;
      const r = await api.POST("/api/v1/monitoring/connections/{id}/sync", {
        params: { path: { id: c.id } },
        body: {},
      });
      return { ...r, before };
    },
    onSuccess: (r) => {
      onWatch({ jobId: r.jobId, before: r.before });
      if (r.alreadyQueued) notifySuccess("A sync of this connection was already queued; showing its progress.");
    },
    onError: (e) => notifyError(e, "Could not start the sync"),
  });
  const toggle = useMutation({
    mutationFn: (enabled: boolean) =>
      api.PATCH("/api/v1/monitoring/connections/{id}", { params: { path: { id: c.id } }, body: { enabled } }),
    onSuccess: (r) => {
      notifySuccess(
        r.enabled
          ? `${r.name} syncs ${everyLabel(r.intervalSeconds)} again.`
          : `${r.name} no longer syncs on schedule.`,
      );
    },
    onError: (e) => notifyError(e),
  });
  const busy = !!c.currentJob || sync.isPending;
  const last = c.lastSync;
  const problem = last && (last.status === "failed" || last.status === "partial") && (last.error || last.guidance);
  return (
    <Card
      withBorder
      padding="lg"
      component="article"
      aria-label={`Connection ${c.name}`}
      data-testid={`connection-${c.name}`}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <CategoryIcon category={connector?.category ?? ""} />
            <Stack gap={0} miw={0}>
              <Group gap={8}>
                <Text fw={600} truncate="end">
                  {c.name}
                </Text>
                {c.push ? (
                  <Badge variant="light" color={c.lastReportAt ? "teal" : "gray"} size="sm">
                    {c.lastReportAt ? "Reporting" : "No reports yet"}
                  </Badge>
                ) : (
                  <SyncStatusBadge status={busy ? "running" : last?.status} />
                )}
                {!c.enabled && (
                  <Badge variant="outline" color="gray" size="sm">
                    Paused
                  </Badge>
                )}
              </Group>
              <Text size="xs" c="dimmed">
                {connector?.title ?? c.type} · {c.resourceCount.toLocaleString()} resource
                {c.resourceCount === 1 ? "" : "s"} ·{" "}
                {c.push
                  ? "devices report themselves"
                  : c.enabled
                    ? `syncs ${everyLabel(c.intervalSeconds)}`
                    : "not on a schedule"}
              </Text>
            </Stack>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {can("monitoring.sync") && !c.push && (
              <Button
                size="xs"
                variant="light"
                leftSection={<IconRefresh size={14} />}
                onClick={() => sync.mutate()}
                loading={sync.isPending}
                disabled={busy}
              >
                Sync now
              </Button>
            )}
            {can("monitoring.manage_connections") && (
              <Menu position="bottom-end" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="subtle" color="gray" aria-label={`More actions for ${c.name}`}>
                    <IconDots size={16} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Item leftSection={<IconPencil size={14} />} onClick={onEdit} disabled={!connector}>
                    Edit settings
                  </Menu.Item>
                  <Menu.Item leftSection={<IconTrash size={14} />} color="red" onClick={onDelete}>
                    Remove connection
                  </Menu.Item>
                </Menu.Dropdown>
              </Menu>
            )}
          </Group>
        </Group>
        {/* Push connections (the Linux agent) are never synced: their devices report when they run. */}
        {c.push ? (
          <Stack gap={0} data-testid="last-report">
            <Text size="xs" c="dimmed">
              Last report from a device
            </Text>
            <RelativeTime value={c.lastReportAt} empty="No device has reported yet" />
          </Stack>
        ) : (
          <Group gap="xl" wrap="wrap">
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                Last sync
              </Text>
              <RelativeTime value={last?.at} empty="Never" />
            </Stack>
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                Last success
              </Text>
              <RelativeTime value={last?.lastSuccessAt} empty="Never" />
            </Stack>
            <Stack gap={0}>
              <Text size="xs" c="dimmed">
                Next sync
              </Text>
              <RelativeTime value={c.enabled ? c.nextSyncAt : null} empty="—" />
            </Stack>
            {can("monitoring.manage_connections") && (
              <Tooltip label="Sync on schedule" openDelay={400}>
                <Switch
                  ml="auto"
                  size="sm"
                  label="Scheduled"
                  checked={c.enabled}
                  disabled={toggle.isPending}
                  onChange={(e) => toggle.mutate(e.currentTarget.checked)}
                  aria-label={`Sync ${c.name} on schedule`}
                />
              </Tooltip>
            )}
          </Group>
        )}
        <SyncProgress connection={c} watch={watch} onDismiss={() => onWatch(undefined)} />
        {problem && !busy && (
          <Alert
            color={last.status === "failed" ? "red" : "yellow"}
            variant="light"
            icon={<IconAlertTriangle size={18} />}
            title={last.error ?? "The last sync was incomplete"}
          >
            {last.guidance ?? "Open the recent syncs below for the warnings."}
          </Alert>
        )}
        {!c.push && (
          <Button
            variant="subtle"
            size="compact-sm"
            color="gray"
            w="fit-content"
            onClick={() => setOpen((o) => !o)}
            rightSection={open ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
            aria-expanded={open}
          >
            Recent syncs
          </Button>
        )}
        <Collapse expanded={open}>
          {open && <RecentSyncs connectionId={c.id} busy={busy} lastSyncId={last?.id} />}
        </Collapse>
      </Stack>
    </Card>
  );
}
