import { Alert, Button, Card, ScrollArea, SegmentedControl, Skeleton, Stack } from "@mantine/core";
import { IconShieldHalf, IconUserCheck } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import type { ExceptionState } from "../../api/models/monitoring.ts";
import { Empty } from "../../components/Empty.tsx";
import { ErrorAlert } from "../../components/ErrorAlert.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { TablePager } from "../../components/TablePager.tsx";
import { useUrlFilters } from "../../lib/use-url-filters.ts";
import { useSession } from "../../session.tsx";
import { ExceptionsTable } from "./components/ExceptionsTable.tsx";
import { EXCEPTION_STATE } from "./labels.ts";
import { mkeys } from "./queries.ts";

const PAGE_SIZE = 25;
const STATES = Object.keys(EXCEPTION_STATE) as ExceptionState[];

/** /monitoring/exceptions — accepted failures: pending ones for their approver, active ones until they expire. */
export function ExceptionsPage() {
  const { user } = useSession();
  const f = useUrlFilters(["state"] as const);
  const state = f.values.state as ExceptionState | undefined;
  const query = { state, page: f.page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: mkeys.exceptions(query),
    queryFn: () => api.GET("/api/v1/monitoring/exceptions", { params: { query } }),
    placeholderData: keepPreviousData,
  });
  const pending = useQuery({
    queryKey: mkeys.exceptions({ state: "pending", pageSize: 100 }),
    queryFn: () => api.GET("/api/v1/monitoring/exceptions", { params: { query: { state: "pending", pageSize: 100 } } }),
  });
  const forMe = (pending.data?.items ?? []).filter((e) => e.approver?.id === user.id).length;

  return (
    <>
      <PageHeader
        title="Exceptions"
        description="An exception accepts a failing test for a while, with a justification and a second person's approval. It ends at its expiry or when revoked; the results themselves are never rewritten."
      />
      <Stack gap="lg">
        {forMe > 0 && state !== "pending" && (
          <Alert
            color="yellow"
            variant="light"
            icon={<IconUserCheck size={18} />}
            title={`${forMe} exception${forMe === 1 ? " waits" : "s wait"} for your approval`}
          >
            <Button size="xs" variant="light" color="yellow" onClick={() => f.set({ state: "pending" })}>
              Show pending exceptions
            </Button>
          </Alert>
        )}
        <Card withBorder padding={0}>
          <ScrollArea type="auto" p="md" pb={0}>
            <SegmentedControl
              aria-label="Filter by state"
              value={state ?? "all"}
              onChange={(v) => f.set({ state: v === "all" ? null : v })}
              data={[
                { value: "all", label: "All" },
                ...STATES.map((s) => ({ value: s, label: EXCEPTION_STATE[s].label })),
              ]}
            />
          </ScrollArea>
          {list.isError && (
            <Stack p="md">
              <ErrorAlert error={list.error} />
            </Stack>
          )}
          {list.isPending ? (
            <Stack p="md" gap="sm">
              <Skeleton h={44} />
              <Skeleton h={44} />
            </Stack>
          ) : list.data && list.data.items.length === 0 ? (
            <Empty
              icon={<IconShieldHalf size={26} />}
              title={state ? `No ${EXCEPTION_STATE[state].label.toLowerCase()} exceptions` : "No exceptions yet"}
              description="Request one from a failing test when a failure is accepted for a while, e.g. until a planned fix ships."
            />
          ) : list.data ? (
            <ExceptionsTable items={list.data.items} />
          ) : null}
          {list.data && list.data.total > 0 && (
            <Stack px="md" pb="md">
              <TablePager
                page={f.page}
                pageSize={PAGE_SIZE}
                total={list.data.total}
                onChange={(p) => f.set({ page: String(p) })}
                noun={["exception", "exceptions"]}
              />
            </Stack>
          )}
        </Card>
      </Stack>
    </>
  );
}
