import {
  Badge,
  Button,
  Card,
  Group,
  Input,
  Progress,
  SegmentedControl,
  Select,
  Skeleton,
  Spoiler,
  Stack,
  Table,
  Text,
  Tooltip,
} from "@mantine/core";
import { IconListCheck, IconRefresh } from "@tabler/icons-react";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { api } from "../../api/client.ts";
import type { Job, JobStatus } from "../../api/models/activity.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { TablePager } from "../../components/TablePager.tsx";
import { RelativeTime } from "../../components/Time.tsx";
import { notifyError, notifySuccess } from "../../lib/notify.ts";
import { useCan } from "../../session.tsx";

const PAGE_SIZE = 25;
const REFRESH_MS = 4000;

const STATUS: Record<JobStatus, { label: string; color: string }> = {
  queued: { label: "Queued", color: "gray" },
  running: { label: "Running", color: "blue" },
  succeeded: { label: "Succeeded", color: "teal" },
  failed: { label: "Failed", color: "red" },
};

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
  const [status, setStatus] = useState<"all" | JobStatus>("all");
  const [name, setName] = useState<string | null>(null);
  const [page, setPage] = useState(1);
  const jobs = useQuery({
    queryKey: ["jobs", { status, name, page }],
    queryFn: () =>
      api.GET("/api/v1/jobs", {
        params: {
          query: { status: status === "all" ? undefined : status, name: name ?? undefined, page, pageSize: PAGE_SIZE },
        },
      }),
    placeholderData: keepPreviousData,
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
      <Card withBorder padding={0}>
        <Group p="md" gap="sm" wrap="wrap" align="flex-end">
          <Stack gap={4}>
            <Input.Label id="job-status-label">Status</Input.Label>
            <SegmentedControl
              aria-labelledby="job-status-label"
              value={status}
              onChange={(v) => {
                setStatus(v as typeof status);
                setPage(1);
              }}
              data={[
                { value: "all", label: "All" },
                { value: "running", label: "Running" },
                { value: "queued", label: "Queued" },
                { value: "failed", label: "Failed" },
                { value: "succeeded", label: "Succeeded" },
              ]}
            />
          </Stack>
          <Select
            label="Job"
            placeholder="Any job"
            data={names}
            value={name}
            onChange={(v) => {
              setName(v);
              setPage(1);
            }}
            clearable
            searchable
            w={{ base: "100%", xs: 260 }}
          />
        </Group>
        {jobs.isError && (
          <Stack px="md" pb="md">
            <ErrorAlert error={jobs.error} />
          </Stack>
        )}
        {jobs.isPending ? (
          <Stack p="md" gap="sm">
            <Skeleton h={40} />
            <Skeleton h={40} />
          </Stack>
        ) : jobs.data && jobs.data.items.length === 0 ? (
          <Empty
            icon={<IconListCheck size={26} />}
            title={status !== "all" || name ? "No jobs match" : "No jobs yet"}
            description={
              status !== "all" || name
                ? "Try another status or job."
                : "Background work such as ledger checkpoints shows up here as it runs."
            }
          />
        ) : jobs.data ? (
          <Table.ScrollContainer minWidth={900}>
            <Table horizontalSpacing="md" verticalSpacing="sm" highlightOnHover aria-label="Jobs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Job</Table.Th>
                  <Table.Th w={260}>Status</Table.Th>
                  <Table.Th>Scheduled</Table.Th>
                  <Table.Th>Finished</Table.Th>
                  <Table.Th>Duration</Table.Th>
                  {can("jobs.manage") && (
                    <Table.Th w={100}>
                      <span className="sr-only">Actions</span>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {jobs.data.items.map((job) => (
                  <Table.Tr key={job.id}>
                    <Table.Td>
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
                    </Table.Td>
                    <Table.Td>
                      <JobStatusCell job={job} />
                    </Table.Td>
                    <Table.Td>
                      <RelativeTime value={job.runAt} />
                    </Table.Td>
                    <Table.Td>
                      <RelativeTime value={job.finishedAt} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{duration(job) ?? "—"}</Text>
                    </Table.Td>
                    {can("jobs.manage") && (
                      <Table.Td>
                        {job.status === "failed" && job.scope === "organization" && (
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
                        )}
                        {job.status === "failed" && job.scope === "installation" && (
                          <Tooltip label="The operator retries installation jobs with: assay jobs retry <id>">
                            <Text size="xs" c="dimmed">
                              Operator retries
                            </Text>
                          </Tooltip>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {jobs.data && jobs.data.total > 0 && (
          <Stack px="md" pb="md">
            <TablePager
              page={page}
              pageSize={PAGE_SIZE}
              total={jobs.data.total}
              onChange={setPage}
              noun={["job", "jobs"]}
            />
          </Stack>
        )}
      </Card>
    </>
  );
}
