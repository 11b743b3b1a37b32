import { Alert, Button, ScrollArea, SegmentedControl, Stack } from "@mantine/core";
import { IconShieldHalf, IconUserCheck } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useSearchParams } from "react-router";
import { api } from "../../api/client.ts";
import type { ExceptionState } from "../../api/models/monitoring.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { oneOf } from "../../lib/every-of.ts";
import { useListQuery } from "../../lib/use-list-query.ts";
import { useSession } from "../../session.tsx";
import { ExceptionsTable } from "./components/ExceptionsTable.tsx";
import { EXCEPTION_STATE } from "./labels.ts";
import { mkeys } from "./queries.ts";

const STATES = Object.keys(EXCEPTION_STATE) as ExceptionState[];

/** /monitoring/exceptions — accepted failures: pending ones for their approver, active ones until they expire. */
export function ExceptionsPage() {
  const { user } = useSession();
  const {
    filters: f,
    list,
    query: { state },
  } = useListQuery({
    filters: ["state"] as const,
    query: (v, paging) => ({ state: oneOf(STATES, v.state), ...paging }),
    key: mkeys.exceptions,
    fetch: (query) => api.GET("/api/v1/monitoring/exceptions", { params: { query } }),
  });
  const pending = useQuery({
    queryKey: mkeys.exceptions({ state: "pending", pageSize: 100 }),
    queryFn: () => api.GET("/api/v1/monitoring/exceptions", { params: { query: { state: "pending", pageSize: 100 } } }),
  });
  const forMe = (pending.data?.items ?? []).filter((e) => e.approver?.id === user.id).length;
  // A notification links here with ?exception=<id>: bring that row into view and mark it.
  const [params] = useSearchParams();
  const linked = params.get("exception");
  useEffect(() => {
    if (!linked || !list.data) return;
    const row = document.querySelector<HTMLElement>(`[data-testid="exception-${CSS.escape(linked)}"]`);
    if (!row) return;
    row.dataset.linked = "true";
    row.scrollIntoView({ block: "center" });
  }, [linked, list.data]);

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
        <ExceptionsTable
          query={list}
          paging={f}
          noun={["exception", "exceptions"]}
          toolbar={
            <ScrollArea type="auto">
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
          }
          empty={{
            icon: <IconShieldHalf size={26} />,
            title: state ? `No ${EXCEPTION_STATE[state].label.toLowerCase()} exceptions` : "No exceptions yet",
            description:
              "Request one from a failing test when a failure is accepted for a while, e.g. until a planned fix ships.",
          }}
        />
      </Stack>
    </>
  );
}
