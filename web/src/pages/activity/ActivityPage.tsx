import {
  ActionIcon,
  Badge,
  Button,
  Card,
  CloseButton,
  Group,
  Menu,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Tooltip,
} from "@mantine/core";
import { DatePickerInput, type DatesRangeValue } from "@mantine/dates";
import { IconActivity, IconChevronDown, IconChevronRight, IconDownload } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { Fragment, type ReactNode, useMemo, useState } from "react";
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
      <Text size="sm" truncate="end" maw={130} title={label}>
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

/** A row of the table: one entry, or the repetitive entries of one run (a sync's batches) folded into one. */
type Row = { kind: "entry"; e: LedgerEntry; nested?: boolean } | { kind: "group"; entries: LedgerEntry[] };
const newest = (r: Row) => (r.kind === "entry" ? r.e : r.entries[0]!);
const rowId = (r: Row) => (r.kind === "entry" ? `e${r.e.seq}` : `g${r.entries[0]!.group!.id}`);

/** Consecutive entries of one group become one row (the API marks them: `group`). */
function rowsOf(items: readonly LedgerEntry[]): Row[] {
  const rows: Row[] = [];
  for (const e of items) {
    const last = rows[rows.length - 1];
    if (e.group && last?.kind === "group" && last.entries[0]!.group?.id === e.group.id) last.entries.push(e);
    else rows.push(e.group ? { kind: "group", entries: [e] } : { kind: "entry", e });
  }
  return rows;
}

export function ActivityPage() {
  const can = useCan();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const verification = useLastVerification();
  const problemSeq = verification.data?.ok === false ? verification.data.firstProblem?.seq : undefined;

  const facets = useQuery({
    queryKey: ["ledger", "facets"],
    queryFn: () => api.GET("/api/v1/ledger/facets"),
    staleTime: 30_000,
  });
  const { filters: f, list: entries } = useListQuery({
    filters: ["actor", "action", "entityType", "entityId", "from", "to"] as const,
    pageSize: 50,
    query: (v, paging) => ({ ...v, ...paging }),
    key: (query) => ["ledger", "list", query],
    fetch: (query) => api.GET("/api/v1/ledger", { params: { query } }),
  });
  const rows = useMemo(() => rowsOf(entries.data?.items ?? []), [entries.data]);
  const table = {
    data: entries.data && { items: rows, total: entries.data.total },
    isPending: entries.isPending,
    error: entries.error,
  };

  const actorOptions =
    facets.data?.actors
      .filter((a) => a.actorId)
      .map((a) => ({ value: a.actorId!, label: a.actorLabel ?? a.actorId! }))
      .filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i) ?? [];
  const range: DatesRangeValue<string> = [f.values.from ?? null, f.values.to ?? null];
  // The record filtered on, by the name its entries give it.
  const filteredRecord =
    f.values.entityId &&
    (entries.data?.items.find((e) => e.entityId === f.values.entityId)?.recordLabel ?? "the chosen record");
  const toggle = (id: string) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });
  const columns: DataTableProps<Row>["columns"] = [
    {
      header: "Details",
      hideHeader: true,
      width: 40,
      cell: (r) => {
        const id = rowId(r);
        const expanded = open.has(id);
        const what =
          r.kind === "group"
            ? `the ${r.entries.length} entries of ${r.entries[0]!.group!.summary}`
            : `entry ${r.e.seq}`;
        return (
          <ActionIcon
            variant="subtle"
            color="gray"
            size="sm"
            ml={r.kind === "entry" && r.nested ? "md" : 0}
            aria-expanded={expanded}
            aria-label={`${expanded ? "Hide" : "Show"} ${r.kind === "group" ? what : `the raw ${what}`}`}
            onClick={(ev) => {
              ev.stopPropagation();
              toggle(id);
            }}
          >
            {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        );
      },
    },
    {
      header: "#",
      width: 90,
      cell: (r) => (
        <Group gap={4} wrap="nowrap">
          <Text size="sm" c="dimmed" className="assay-mono">
            {r.kind === "entry" ? r.e.seq : `${r.entries[r.entries.length - 1]!.seq}–${r.entries[0]!.seq}`}
          </Text>
          {r.kind === "entry" && problemSeq === r.e.seq && (
            <Badge color="red" size="xs">
              Problem
            </Badge>
          )}
        </Group>
      ),
    },
    {
      header: "When",
      width: 150,
      cell: (r) => (
        <Tooltip label={formatDateTime(newest(r).at)}>
          <span>
            <RelativeTime value={newest(r).at} />
          </span>
        </Tooltip>
      ),
    },
    { header: "Who", width: 190, cell: (r) => <ActorCell e={newest(r)} /> },
    {
      header: "What happened",
      cell: (r) =>
        r.kind === "entry" ? (
          <Text size="sm" data-testid="ledger-description">
            {r.e.description}
          </Text>
        ) : (
          <Group gap={8} wrap="nowrap">
            <Badge size="sm" variant="light" color="gray" style={{ flex: "none" }}>
              {r.entries.length} entries
            </Badge>
            <Text size="sm" data-testid="ledger-description">
              {`${r.entries[0]!.group!.summary} at ${dayjs(r.entries[0]!.at).format("HH:mm")}`}
            </Text>
          </Group>
        ),
    },
    {
      header: "Record",
      width: 170,
      cell: (r) => {
        const e = newest(r);
        if (!e.recordLabel || !e.entityId) return null;
        return (
          <Tooltip label={`Only entries about ${e.recordLabel}`}>
            <Button
              variant="subtle"
              size="compact-sm"
              maw={160}
              aria-label={`Show only entries about ${e.recordLabel}`}
              onClick={(ev) => {
                ev.stopPropagation();
                f.set({ entityType: e.entityType, entityId: e.entityId });
              }}
            >
              <Text span size="sm" truncate="end">
                {e.recordLabel}
              </Text>
            </Button>
          </Tooltip>
        );
      },
    },
  ];
  const shown = columns.filter((c) => !!c);
  const rowPropsOf = (r: Row) => {
    const problem = r.kind === "entry" && problemSeq === r.e.seq;
    return {
      className: problem ? "assay-row-problem" : undefined,
      onClick: () => toggle(rowId(r)),
      style: { cursor: "pointer" },
      "data-testid": r.kind === "entry" ? `ledger-row-${r.e.seq}` : `ledger-group-${r.entries[0]!.group!.id}`,
    };
  };
  const rawOf = (e: LedgerEntry) =>
    open.has(`e${e.seq}`) && (
      <Table.Tr className={problemSeq === e.seq ? "assay-row-problem" : undefined}>
        <Table.Td />
        <Table.Td colSpan={shown.length - 1} pb="md">
          <ChangesView entry={e} />
        </Table.Td>
      </Table.Tr>
    );
  const detailOf = (r: Row): ReactNode => {
    if (r.kind === "entry") return rawOf(r.e);
    if (!open.has(rowId(r))) return null;
    // The group's own entries, each with its raw entry one click away (the same cells as a row of the table).
    return r.entries.map((e) => {
      const nested: Row = { kind: "entry", e, nested: true };
      return (
        <Fragment key={e.seq}>
          <Table.Tr {...rowPropsOf(nested)}>
            {shown.map((c) => (
              <Table.Td key={c.header}>{c.cell(nested)}</Table.Td>
            ))}
          </Table.Tr>
          {rawOf(e)}
        </Fragment>
      );
    });
  };

  return (
    <>
      <PageHeader
        title="Activity"
        description="Every change in this organization, newest first, in words. Open an entry for its raw record (changes, hash, signature). Entries are hash-chained and signed: they cannot be edited or removed without verification noticing."
        actions={
          <>
            <PublicKeyButton />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button variant="default" leftSection={<IconDownload size={16} />}>
                  Export
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item component="a" href={apiUrl("/api/v1/ledger/export.csv", { query: f.values })} download>
                  CSV (the entries shown)
                </Menu.Item>
                <Menu.Label>For auditors (docs: ledger)</Menu.Label>
                <Menu.Item component="a" href="/api/v1/ledger/export.jsonl" download>
                  Verifiable (JSON Lines, whole chain)
                </Menu.Item>
                <Menu.Item component="a" href="/api/v1/ledger/checkpoints.jsonl" download>
                  Signed checkpoints (JSON Lines)
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
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
                  Recomputes every entry's hash and signature and checks the signed checkpoints. The first entry that
                  was edited, deleted, inserted, reordered or written outside Assay is reported. Keep the signed
                  checkpoints somewhere else and verify against them to catch a shortened or replaced chain too.
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
          query={table}
          error={facets.error}
          columns={columns}
          rowKey={rowId}
          minWidth={960}
          tableProps={{ verticalSpacing: "xs" }}
          paging={f}
          noun={["entry", "entries"]}
          rowProps={rowPropsOf}
          rowDetail={detailOf}
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
                  label="Kind"
                  placeholder="Any kind"
                  data={facets.data?.kinds ?? []}
                  searchable
                  nothingFoundMessage="No such kind of entry"
                />
                <FilterSelect
                  filters={f}
                  name="entityType"
                  label="Record type"
                  placeholder="Any record"
                  data={facets.data?.recordTypes ?? []}
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
                  {filteredRecord && (
                    <Badge
                      size="lg"
                      variant="light"
                      tt="none"
                      data-testid="record-filter"
                      rightSection={
                        <CloseButton
                          size="xs"
                          aria-label={`Show entries about every record, not only ${filteredRecord}`}
                          onClick={() => f.set({ entityType: null, entityId: null })}
                        />
                      }
                    >
                      Only {filteredRecord}
                    </Badge>
                  )}
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
