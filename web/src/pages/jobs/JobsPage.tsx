import { Badge, Button, Group, Input, Progress, SegmentedControl, Spoiler, Stack, Text, Tooltip } from "@mantine/core";
import { IconListCheck, IconRefresh } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { api } from "../../api/client.ts";
import type { Job, JobStatus } from "../../api/models/activity.ts";
import { DataTable, type DataTableProps, FilterSelect } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { notifyError, notifySuccess } from "../../lib/notify.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCan } from "../../session.tsx";

const REFRESH_MS = 4000;

const STATUS: Record<JobStatus, { label: string; color: string }> = {
  queued: { label: "Queued", color: "gray" },
  running: { label: "Running", color: "blue" },
  succeeded: { label: "Succeeded", color: "teal" },
  skipped: { label: "Skipped", color: "yellow" },
  failed: { label: "Failed", color: "red" },
};

const JOB_STATUSES = Object.keys(STATUS) as JobStatus[];

function duration(job: Job): string | null {
  if (!job.startedAt) return null;
  const end = job.finishedAt ? dayjs(job.finishedAt) : dayjs();
  const ms = end.diff(dayjs(job.startedAt));
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function JobStatusCell({ job }: { job: Job }) {
  const s = STATUS[job.status] ?? { label: job.status, color: "gray" };
  return (
    <Stack gap={4}>
      <Group gap={6}>
        <Badge color={s.color} variant="light">
          {s.label}
        </Badge>
        {job.attempts > 1 && (
          <Text size="xs" c="dimmed">
            attempt {job.attempts} of {job.maxAttempts}
          </Text>
        )}
      </Group>
      {job.status === "skipped" && job.progressMessage && (
        <Text size="xs" c="dimmed" maw={240}>
          {job.progressMessage}
        </Text>
      )}
      {job.status === "running" && (
        <Stack gap={2} maw={220}>
          <Progress
            value={job.progress ?? 0}
            animated={job.progress == null}
            striped={job.progress == null}
            size="sm"
            aria-label={`Progress of ${job.name}`}
          />
          <Text size="xs" c="dimmed">
            {job.progress != null ? `${job.progress}%` : "Working…"}
            {job.progressMessage ? ` · ${job.progressMessage}` : ""}
          </Text>
        </Stack>
      )}
    </Stack>
  );
}

export function JobsPage() {
  const can = useCan();
  const { filters: f, list: jobs } = useListQuery({
    filters: ["status", "name"] as const,
    query: (v, paging) => ({ status: oneOf(JOB_STATUSES, v.status), name: v.name, ...paging }),
    key: (query) => ["jobs", query],
    fetch: (query) => api.GET("/api/v1/jobs", { params: { query } }),
    refetchInterval: REFRESH_MS,
  });
  // Job names seen so far, for the name filter (there is no separate endpoint for them).
  const [names, setNames] = useState<string[]>([]);
  useEffect(() => {
    const seen = jobs.data?.items.map((j) => j.name) ?? [];
    setNames((prev) => (seen.every((n) => prev.includes(n)) ? prev : [...new Set([...prev, ...seen])].sort()));
  }, [jobs.data]);

  const retry = useMutation({
    mutationFn: (job: Job) => api.POST("/api/v1/jobs/{id}/retry", { params: { path: { id: job.id } }, body: {} }),
    onSuccess: (job) => notifySuccess(`${job.name} is queued to run again.`, "Retry scheduled"),
    onError: (err) => notifyError(err, "Job not retried"),
  });
  const columns: DataTableProps<Job>["columns"] = [
    {
      header: "Job",
      cell: (job) => (
        <>
          <Group gap={6} wrap="nowrap">
            <Text size="sm" fw={500} className="assay-mono">
              {job.name}
            </Text>
            {job.scope === "installation" && (
              <Tooltip label="Installation-wide maintenance, shared by all organizations">
                <Badge size="xs" variant="outline" color="gray">
                  Installation
                </Badge>
              </Tooltip>
            )}
          </Group>
          {job.lastError && (
            <Spoiler maxHeight={40} showLabel="Show more" hideLabel="Show less" mt={4} fz="xs">
              <Text size="xs" c="red" style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
                {job.lastError}
              </Text>
            </Spoiler>
          )}
        </>
      ),
    },
    { header: "Status", width: 260, cell: (job) => <JobStatusCell job={job} /> },
    { header: "Scheduled", cell: (job) => <RelativeTime value={job.runAt} /> },
    { header: "Finished", cell: (job) => <RelativeTime value={job.finishedAt} /> },
    { header: "Duration", cell: (job) => <Text size="sm">{duration(job) ?? "—"}</Text> },
    can("jobs.manage") && {
      header: "Actions",
      hideHeader: true,
      width: 100,
      cell: (job) =>
        job.status !== "failed" ? null : job.scope === "organization" ? (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconRefresh size={14} />}
            loading={retry.isPending && retry.variables?.id === job.id}
            onClick={() => retry.mutate(job)}
            aria-label={`Retry ${job.name}`}
          >
            Retry
          </Button>
        ) : (
          <Tooltip label="The operator retries installation jobs with: assay jobs retry <id>">
            <Text size="xs" c="dimmed">
              Operator retries
            </Text>
          </Tooltip>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Jobs"
        description="Background work for this organization and installation-wide maintenance (such as signing ledger checkpoints). Failed jobs are retried with backoff before they are marked failed."
        actions={
          <Text size="xs" c="dimmed" aria-live="off">
            {jobs.isFetching ? "Refreshing…" : `Refreshes every ${REFRESH_MS / 1000} s`}
          </Text>
        }
      />
      <DataTable
        label="Jobs"
        query={jobs}
        columns={columns}
        rowKey={(job) => job.id}
        minWidth={900}
        paging={f}
        noun={["job", "jobs"]}
        toolbar={
          <Group gap="sm" wrap="wrap" align="flex-end">
            <Stack gap={4}>
              <Input.Label id="job-status-label">Status</Input.Label>
              <SegmentedControl
                aria-labelledby="job-status-label"
                value={f.values.status ?? "all"}
                onChange={(v) => f.set({ status: v === "all" ? null : v })}
                data={[
                  { value: "all", label: "All" },
                  { value: "running", label: "Running" },
                  { value: "queued", label: "Queued" },
                  { value: "failed", label: "Failed" },
                  { value: "succeeded", label: "Succeeded" },
                  { value: "skipped", label: "Skipped" },
                ]}
              />
            </Stack>
            <FilterSelect
              filters={f}
              name="name"
              label="Job"
              placeholder="Any job"
              data={names}
              searchable
              w={{ base: "100%", xs: 260 }}
            />
          </Group>
        }
        empty={{
          icon: <IconListCheck size={26} />,
          title: f.any ? "No jobs match" : "No jobs yet",
          description: f.any
            ? "Try another status or job."
            : "Background work such as ledger checkpoints shows up here as it runs.",
        }}
      />
    </>
  );
}
