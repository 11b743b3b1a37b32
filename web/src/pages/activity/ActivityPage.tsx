import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
} from "@mantine/core";
import { DatePickerInput, type DatesRangeValue } from "@mantine/dates";
import { IconActivity, IconChevronDown, IconChevronRight, IconDownload, IconFilterOff } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { useSearchParams } from "react-router";
import { api, apiUrl } from "../../api/client.ts";
import type { LedgerEntry } from "../../api/models/activity.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { TablePager } from "../../components/TablePager.tsx";
import { formatDateTime, RelativeTime } from "../../components/Time.tsx";
import { useCan } from "../../session.tsx";
import { ChangesView } from "./ChangesView.tsx";
import { LedgerVerifyButton, useLastVerification } from "./LedgerVerify.tsx";
import { PublicKeyButton } from "./PublicKeyButton.tsx";

const PAGE_SIZE = 50;
const FILTERS = ["actor", "action", "entityType", "from", "to"] as const;
type Filter = (typeof FILTERS)[number];

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
  const [params, setParams] = useSearchParams();
  const [open, setOpen] = useState<Set<number>>(new Set());
  const verification = useLastVerification();
  const problemSeq = verification.data?.ok === false ? verification.data.firstProblem?.seq : undefined;

  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined])) as Record<
    Filter,
    string | undefined
  >;
  const page = Math.max(1, Number(params.get("page")) || 1);
  const setFilter = (changes: Partial<Record<Filter | "page", string | null | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next, { replace: true });
  };
  const anyFilter = FILTERS.some((f) => filters[f]);

  const facets = useQuery({
    queryKey: ["ledger", "facets"],
    queryFn: () => api.GET("/api/v1/ledger/facets"),
    staleTime: 30_000,
  });
  const entries = useQuery({
    queryKey: ["ledger", "list", filters, page],
    queryFn: () => api.GET("/api/v1/ledger", { params: { query: { ...filters, page, pageSize: PAGE_SIZE } } }),
    placeholderData: keepPreviousData,
  });

  const actorOptions =
    facets.data?.actors
      .filter((a) => a.actorId)
      .map((a) => ({ value: a.actorId!, label: a.actorLabel ?? a.actorId! }))
      .filter((o, i, all) => all.findIndex((x) => x.value === o.value) === i) ?? [];
  const range: DatesRangeValue<string> = [filters.from ?? null, filters.to ?? null];
  const toggle = (seq: number) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(seq)) n.delete(seq);
      else n.add(seq);
      return n;
    });

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
              href={apiUrl("/api/v1/ledger/export.csv", { query: filters })}
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

        <Card withBorder padding={0}>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} p="md" spacing="sm">
            <Select
              label="Person"
              placeholder="Anyone"
              data={actorOptions}
              value={filters.actor ?? null}
              onChange={(v) => setFilter({ actor: v })}
              searchable
              clearable
              nothingFoundMessage="Nobody by that name"
            />
            <Select
              label="Action"
              placeholder="Any action"
              data={facets.data?.actions ?? []}
              value={filters.action ?? null}
              onChange={(v) => setFilter({ action: v })}
              searchable
              clearable
              nothingFoundMessage="No such action"
            />
            <Select
              label="Entity type"
              placeholder="Any type"
              data={facets.data?.entityTypes ?? []}
              value={filters.entityType ?? null}
              onChange={(v) => setFilter({ entityType: v })}
              searchable
              clearable
            />
            <DatePickerInput
              type="range"
              label="Date range"
              placeholder="Any time"
              value={range}
              onChange={(v) => {
                // Apply once the range is complete (or cleared).
                if ((v[0] && v[1]) || (!v[0] && !v[1])) setFilter({ from: v[0], to: v[1] });
              }}
              allowSingleDateInRange
              clearable
              maxDate={new Date()}
              valueFormat="D MMM YYYY"
            />
          </SimpleGrid>
          {anyFilter && (
            <Group px="md" pb="sm">
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconFilterOff size={14} />}
                onClick={() => setParams(new URLSearchParams(), { replace: true })}
              >
                Clear filters
              </Button>
            </Group>
          )}
          {(entries.isError || facets.isError) && (
            <Stack px="md" pb="md">
              <ErrorAlert error={entries.error ?? facets.error} />
            </Stack>
          )}
          {entries.isPending ? (
            <Stack p="md" gap="sm">
              {[0, 1, 2, 3].map((i) => (
                <Skeleton key={i} h={36} />
              ))}
            </Stack>
          ) : entries.data && entries.data.items.length === 0 ? (
            <Empty
              icon={<IconActivity size={26} />}
              title={anyFilter ? "No entries match these filters" : "No activity yet"}
              description={
                anyFilter ? "Widen the date range or clear a filter." : "Changes in this organization appear here."
              }
            />
          ) : entries.data ? (
            <Table.ScrollContainer minWidth={860}>
              <Table horizontalSpacing="md" verticalSpacing="xs" highlightOnHover aria-label="Ledger entries">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={40}>
                      <span className="sr-only">Details</span>
                    </Table.Th>
                    <Table.Th w={70}>#</Table.Th>
                    <Table.Th w={170}>When</Table.Th>
                    <Table.Th>Who</Table.Th>
                    <Table.Th>Action</Table.Th>
                    <Table.Th>Entity</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {entries.data.items.map((e) => {
                    const expanded = open.has(e.seq);
                    const bad = problemSeq === e.seq;
                    return (
                      <Fragment key={e.seq}>
                        <Table.Tr
                          className={bad ? "assay-row-problem" : undefined}
                          onClick={() => toggle(e.seq)}
                          style={{ cursor: "pointer" }}
                          data-testid={`ledger-row-${e.seq}`}
                        >
                          <Table.Td>
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
                          </Table.Td>
                          <Table.Td>
                            <Group gap={4} wrap="nowrap">
                              <Text size="sm" c="dimmed" className="assay-mono">
                                {e.seq}
                              </Text>
                              {bad && (
                                <Badge color="red" size="xs">
                                  Problem
                                </Badge>
                              )}
                            </Group>
                          </Table.Td>
                          <Table.Td>
                            <Tooltip label={formatDateTime(e.at)}>
                              <span>
                                <RelativeTime value={e.at} />
                              </span>
                            </Tooltip>
                          </Table.Td>
                          <Table.Td>
                            <ActorCell e={e} />
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" className="assay-mono" fw={500}>
                              {e.action}
                            </Text>
                          </Table.Td>
                          <Table.Td>
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
                          </Table.Td>
                        </Table.Tr>
                        {expanded && (
                          <Table.Tr className={bad ? "assay-row-problem" : undefined}>
                            <Table.Td />
                            <Table.Td colSpan={5} pb="md">
                              <ChangesView entry={e} />
                            </Table.Td>
                          </Table.Tr>
                        )}
                      </Fragment>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          ) : null}
          {entries.data && entries.data.total > 0 && (
            <Stack px="md" pb="md">
              <TablePager
                page={page}
                pageSize={PAGE_SIZE}
                total={entries.data.total}
                onChange={(p) => setFilter({ page: String(p) })}
                noun={["entry", "entries"]}
              />
            </Stack>
          )}
        </Card>
      </Stack>
    </>
  );
}
