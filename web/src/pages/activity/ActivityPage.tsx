import { ActionIcon, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Tooltip } from "@mantine/core";
import { DatePickerInput, type DatesRangeValue } from "@mantine/dates";
import { IconActivity, IconChevronDown, IconChevronRight, IconDownload } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, apiUrl } from "../../api/client.ts";
import type { LedgerEntry } from "../../api/models/activity.ts";
import { ClearFilters, DataTable, type DataTableProps, FilterSelect } from "../../components/DataTable.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { formatDateTime, RelativeTime } from "../../components/Time.tsx";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useCan } from "../../session.tsx";
import { ChangesView } from "./ChangesView.tsx";
import { LedgerVerifyButton, useLastVerification } from "./LedgerVerify.tsx";
import { PublicKeyButton } from "./PublicKeyButton.tsx";

function ActorCell({ e }: { e: LedgerEntry }) {
  const label = e.actorLabel ?? (e.actorType === "system" ? "Assay" : "Unknown");
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" truncate="end" maw={220}>
        {label}
      </Text>
      {e.actorType !== "user" && (
        <Badge size="xs" variant="outline" color="gray">
          {e.actorType === "token" ? "API token" : e.actorType}
        </Badge>
      )}
    </Group>
  );
}

export function ActivityPage() {
  const can = useCan();
  const [open, setOpen] = useState<Set<number>>(new Set());
  const verification = useLastVerification();
  const problemSeq = verification.data?.ok === false ? verification.data.firstProblem?.seq : undefined;

  const facets = useQuery({
    queryKey: ["ledger", "facets"],
    queryFn: () => api.GET("/api/v1/ledger/facets"),
    staleTime: 30_000,
  });
  const { filters: f, list: entries } = useListQuery({
    filters: ["actor", "action", "entityType", "from", "to"] as const,
    pageSize: 50,
    query: (v, paging) => ({ ...v, ...paging }),
    key: (query) => ["ledger", "list", query],
    fetch: (query) => api.GET("/api/v1/ledger", { params: { query } }),
  });

  const actorOptions =
    facets.data?.actors
      .filter((a) => a.actorId)
      .map((a) => ({ value: a.actorId!, label: a.actorLabel ?? a.actorId! }))
      .filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i) ?? [];
  const range: DatesRangeValue<string> = [f.values.from ?? null, f.values.to ?? null];
  const toggle = (seq: number) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(seq)) n.delete(seq);
      else n.add(seq);
      return n;
    });
  const columns: DataTableProps<LedgerEntry>["columns"] = [
    {
      header: "Details",
      hideHeader: true,
      width: 40,
      cell: (e) => {
        const expanded = open.has(e.seq);
        return (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            aria-expanded={expanded}
            aria-label={`${expanded ? "Hide" : "Show"} changes of entry ${e.seq}`}
            onClick={(ev) => {
              ev.stopPropagation();
              toggle(e.seq);
            }}
          >
            {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        );
      },
    },
    {
      header: "#",
      width: 70,
      cell: (e) => (
        <Group gap={4} wrap="nowrap">
          <Text size="sm" c="dimmed" className="assay-mono">
            {e.seq}
          </Text>
          {problemSeq === e.seq && (
            <Badge color="red" size="xs">
              Problem
            </Badge>
          )}
        </Group>
      ),
    },
    {
      header: "When",
      width: 170,
      cell: (e) => (
        <Tooltip label={formatDateTime(e.at)}>
          <span>
            <RelativeTime value={e.at} />
          </span>
        </Tooltip>
      ),
    },
    { header: "Who", cell: (e) => <ActorCell e={e} /> },
    {
      header: "Action",
      cell: (e) => (
        <Text size="sm" className="assay-mono" fw={500}>
          {e.action}
        </Text>
      ),
    },
    {
      header: "Entity",
      cell: (e) => (
        <Group gap={6} wrap="nowrap">
          <Text size="sm">{e.entityType}</Text>
          {e.entityId && (
            // UUID v7 ids share their leading (time) digits: the tail tells entities apart.
            <Tooltip label={e.entityId}>
              <Text span size="xs" c="dimmed" className="assay-mono">
                …{e.entityId.slice(-8)}
              </Text>
            </Tooltip>
          )}
        </Group>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Activity"
        description="Every change in this organization, newest first. Entries are hash-chained and signed: they cannot be edited or removed without verification noticing."
        actions={
          <>
            <PublicKeyButton />
            <Button
              component="a"
              href={apiUrl("/api/v1/ledger/export.csv", { query: f.values })}
              download
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              Export CSV
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        {can("ledger.verify") && (
          <Card withBorder padding="md">
            <Group justify="space-between" align="flex-start" gap="md">
              <Stack gap={2} style={{ flex: "1 1 320px" }}>
                <Text fw={600}>Ledger integrity</Text>
                <Text size="sm" c="dimmed">
                  Recomputes every entry's hash and checks the signed checkpoints. The first entry that was edited,
                  deleted, inserted or reordered is reported.
                </Text>
              </Stack>
              <div style={{ flex: "1 1 360px" }}>
                <LedgerVerifyButton />
              </div>
            </Group>
          </Card>
        )}

        <DataTable
          label="Ledger entries"
          query={entries}
          error={facets.error}
          columns={columns}
          rowKey={(e) => e.seq}
          minWidth={860}
          tableProps={{ verticalSpacing: "xs" }}
          paging={f}
          noun={["entry", "entries"]}
          rowProps={(e) => ({
            className: problemSeq === e.seq ? "assay-row-problem" : undefined,
            onClick: () => toggle(e.seq),
            style: { cursor: "pointer" },
            "data-testid": `ledger-row-${e.seq}`,
          })}
          rowDetail={(e) =>
            open.has(e.seq) && (
              <Table.Tr className={problemSeq === e.seq ? "assay-row-problem" : undefined}>
                <Table.Td />
                <Table.Td colSpan={5} pb="md">
                  <ChangesView entry={e} />
                </Table.Td>
              </Table.Tr>
            )
          }
          toolbar={
            <>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
                <FilterSelect
                  filters={f}
                  name="actor"
                  label="Person"
                  placeholder="Anyone"
                  data={actorOptions}
                  searchable
                  nothingFoundMessage="Nobody by that name"
                />
                <FilterSelect
                  filters={f}
                  name="action"
                  label="Action"
                  placeholder="Any action"
                  data={facets.data?.actions ?? []}
                  searchable
                  nothingFoundMessage="No such action"
                />
                <FilterSelect
                  filters={f}
                  name="entityType"
                  label="Entity type"
                  placeholder="Any type"
                  data={facets.data?.entityTypes ?? []}
                  searchable
                />
                <DatePickerInput
                  type="range"
                  label="Date range"
                  placeholder="Any time"
                  value={range}
                  onChange={(v) => {
                    // Apply once the range is complete (or cleared).
                    if ((v[0] && v[1]) || (!v[0] && !v[1])) f.set({ from: v[0], to: v[1] });
                  }}
                  allowSingleDateInRange
                  clearable
                  maxDate={new Date()}
                  valueFormat="D MMM YYYY"
                />
              </SimpleGrid>
              {f.any && (
                <Group>
                  <ClearFilters filters={f} />
                </Group>
              )}
            </>
          }
          empty={{
            icon: <IconActivity size={26} />,
            title: f.any ? "No entries match these filters" : "No activity yet",
            description: f.any
              ? "Widen the date range or clear a filter."
              : "Changes in this organization appear here.",
          }}
        />
      </Stack>
    </>
  );
}
