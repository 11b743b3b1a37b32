import { type QueryClient, useQuery } from "@tanstack/react-query";
import { api } from "../../api.ts";
import { useCurrentProgramId } from "../../program/context.tsx";
import type { Member, Page } from "../../types.ts";
import { APPROVER_ROLES } from "./permissions.ts";
import type { Connection, Connector, TestSummary } from "./types.ts";

/** Query keys and hooks shared by the monitoring pages; everything sits under ["monitoring"]. */
export const M = "/api/v1/monitoring";

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

/** Results, counts and exceptions move together: after any monitoring write, everything is refetched. */
export const invalidateMonitoring = (qc: QueryClient) => qc.invalidateQueries({ queryKey: mkeys.all });

export const useConnectors = () =>
  useQuery({
    queryKey: mkeys.connectors,
    queryFn: () => api.get<{ items: Connector[] }>(`${M}/connectors`),
    staleTime: 5 * 60_000,
  });

/** Connections; polled every second while any of them has a sync queued or running, so progress is live. */
export const useConnections = () =>
  useQuery({
    queryKey: mkeys.connections,
    queryFn: () => api.get<{ items: Connection[] }>(`${M}/connections`),
    refetchInterval: (q) => (q.state.data?.items.some((c) => c.currentJob || c.syncing) ? 1000 : 30_000),
  });

export const useTests = () =>
  useQuery({ queryKey: mkeys.tests, queryFn: () => api.get<{ items: TestSummary[] }>(`${M}/tests`) });

/** Members who may approve exceptions (the API pages at 100; larger organizations get the first 100 by name). */
export const useApprovers = () =>
  useQuery({
    queryKey: mkeys.approvers,
    queryFn: () => api.get<Page<Member>>("/api/v1/members", { pageSize: 100 }),
    select: (d) => d.items.filter((m) => (APPROVER_ROLES as readonly string[]).includes(m.role)),
    staleTime: 60_000,
  });

/** Where a control key links: the control in the current program, when there is one. */
export function useControlHref() {
  const { programId } = useCurrentProgramId();
  return (key: string) => (programId ? `/programs/${programId}/controls/${key}` : null);
}
