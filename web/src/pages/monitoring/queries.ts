import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import { useCurrentProgramId } from "../../program/context.tsx";
import { APPROVER_ROLES } from "./permissions.ts";

/**
 * Query keys and hooks shared by the monitoring pages; everything sits under ["monitoring"]. Results, counts and
 * exceptions move together, so any monitoring write refreshes all of it (lib/write-effects.ts).
 */

export const mkeys = {
  all: ["monitoring"] as const,
  connectors: ["monitoring", "connectors"] as const,
  connections: ["monitoring", "connections"] as const,
  syncs: (filter: unknown) => ["monitoring", "syncs", filter] as const,
  resources: (filter: unknown) => ["monitoring", "resources", filter] as const,
  resource: (id: string) => ["monitoring", "resource", id] as const,
  resourceHistory: (id: string) => ["monitoring", "resource-history", id] as const,
  tests: ["monitoring", "tests"] as const,
  test: (id: string) => ["monitoring", "test", id] as const,
  testHistory: (id: string) => ["monitoring", "test-history", id] as const,
  exceptions: (filter: unknown) => ["monitoring", "exceptions", filter] as const,
  approvers: ["monitoring", "approvers"] as const,
};

export const useConnectors = () =>
  useQuery({
    queryKey: mkeys.connectors,
    queryFn: () => api.GET("/api/v1/monitoring/connectors"),
    staleTime: 5 * 60_000,
  });

/** Connections; polled every second while any of them has a sync queued or running, so progress is live. */
export const useConnections = () =>
  useQuery({
    queryKey: mkeys.connections,
    queryFn: () => api.GET("/api/v1/monitoring/connections"),
    refetchInterval: (q) => (q.state.data?.items.some((c) => c.currentJob || c.syncing) ? 1000 : 30_000),
  });

export const useTests = () => useQuery({ queryKey: mkeys.tests, queryFn: () => api.GET("/api/v1/monitoring/tests") });

/** Members who may approve exceptions (the API pages at 100; larger organizations get the first 100 by name). */
export const useApprovers = () =>
  useQuery({
    queryKey: mkeys.approvers,
    queryFn: () => api.GET("/api/v1/members", { params: { query: { pageSize: 100 } } }),
    select: (d) => d.items.filter((m) => (APPROVER_ROLES as readonly string[]).includes(m.role)),
    staleTime: 60_000,
  });

/** Where a control key links: the control in the current program, when there is one. */
export function useControlHref() {
  const { programId } = useCurrentProgramId();
  return (key: string) => (programId ? `/programs/${programId}/controls/${key}` : null);
}
