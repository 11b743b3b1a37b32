import { Anchor, Card, Group, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { IconArrowLeft, IconGitMerge } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { Link, useSearchParams } from "react-router";
import { api } from "../../api/client.ts";
import type { ChangeRecord } from "../../api/models/changes.ts";
import { DataTable, type DataTableProps, TitleLink } from "../../components/DataTable.tsx";
import { DownloadButtons } from "../../components/DownloadButtons.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatDateTime } from "../../components/Time.tsx";
import { ChangeFlagBadges, changeKeys, reviewedBy, SOURCE_LABELS } from "./labels.tsx";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Stack gap={0}>
      <Text fw={700} fz={26} lh={1.2} c={value && color ? color : undefined} data-testid={`count-${label}`}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

/** The population of a period: every change that landed in it, with its review evidence — what a sample is drawn from. */
export function PopulationPage() {
  const [params, setParams] = useSearchParams();
  const from = params.get("from") ?? dayjs().subtract(90, "day").format("YYYY-MM-DD");
  const to = params.get("to") ?? dayjs().format("YYYY-MM-DD");
  const valid = DAY.test(from) && DAY.test(to) && from <= to;
  const q = useQuery({
    queryKey: changeKeys.population(from, to),
    queryFn: () => api.GET("/api/v1/changes/population", { params: { query: { from, to } } }),
    enabled: valid,
  });
  const setRange = (k: "from" | "to", v: string) => {
    const next = new URLSearchParams(params);
    next.set("from", from);
    next.set("to", to);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  const p = q.data;
  const columns: DataTableProps<ChangeRecord>["columns"] = [
    {
      header: "Landed",
      width: 170,
      cell: (c) => <Text size="sm">{formatDateTime((c.mergedAt ?? c.deployedAt)!)}</Text>,
    },
    {
      header: "Change",
      cell: (c) => (
        <TitleLink to={`/changes/${c.id}`} below={[SOURCE_LABELS[c.source], c.repository].filter(Boolean).join(" · ")}>
          {c.title}
        </TitleLink>
      ),
    },
    { header: "Author", width: 160, cell: (c) => <Text size="sm">{c.author ?? "—"}</Text> },
    {
      header: "Reviewed by",
      width: 160,
      cell: (c) => (
        <Text size="sm" c={c.independentApprovals.length ? undefined : "dimmed"}>
          {reviewedBy(c)}
        </Text>
      ),
    },
    { header: "Flags", width: 210, cell: (c) => <ChangeFlagBadges c={c} /> },
  ];
  return (
    <>
      <Anchor component={Link} to="/changes" size="sm" mb="sm" display="inline-block">
        <Group gap={4}>
          <IconArrowLeft size={14} /> Changes
        </Group>
      </Anchor>
      <PageHeader
        title="Change population"
        description="Every change merged or deployed in the period, with its review evidence and flags: the population an auditor draws a Type II sample from."
        actions={
          <DownloadButtons
            hrefFor={() => "/api/v1/changes/population.csv"}
            search={`?from=${from}&to=${to}`}
            label="the population"
          />
        }
      />
      <Stack gap="lg">
        <Card withBorder padding="lg" component="section" aria-label="Population summary">
          <Group justify="space-between" align="flex-end" wrap="wrap" gap="lg">
            <Group gap="sm" align="flex-end">
              <TextInput
                label="From"
                type="date"
                value={from}
                onChange={(e) => setRange("from", e.currentTarget.value)}
              />
              <TextInput
                label="To"
                type="date"
                value={to}
                onChange={(e) => setRange("to", e.currentTarget.value)}
                error={valid ? undefined : "The end is before the start."}
              />
            </Group>
            {p && (
              <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xl">
                <Count label="changes" value={p.counts.total} />
                <Count label="unreviewed" value={p.counts.unreviewed} color="red" />
                <Count label="emergency" value={p.counts.emergency} color="orange" />
                <Count label="emergency unapproved" value={p.counts.emergencyUnapproved} color="red" />
              </SimpleGrid>
            )}
          </Group>
        </Card>
        <ErrorAlert error={q.error} />
        <DataTable
          label="Population"
          rows={p?.items}
          loading={q.isLoading}
          columns={columns}
          rowKey={(c) => c.id}
          rowLink={(c) => `/changes/${c.id}`}
          minWidth={900}
          empty={{
            icon: <IconGitMerge size={28} />,
            title: "No change in this period",
            description: "Sync a connection for the period, or pick other dates.",
          }}
        />
      </Stack>
    </>
  );
}
