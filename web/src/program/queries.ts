import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import { useCan } from "../session.tsx";

/**
 * Query keys and hooks shared by the program pages. Everything about one program sits under ["program", id]; writes
 * refresh it through lib/write-effects.ts.
 */
export const keys = {
  programs: ["programs"] as const,
  program: (id: string) => ["program", id] as const,
  controls: (id: string, filter?: unknown) => ["program", id, "controls", filter] as const,
  control: (id: string, key: string) => ["program", id, "control", key] as const,
  readiness: (id: string) => ["program", id, "readiness"] as const,
  gaps: (id: string) => ["program", id, "gaps"] as const,
  dashboard: (id: string) => ["program", id, "dashboard"] as const,
  assessment: (id: string) => ["program", id, "assessment"] as const,
  remediation: (id: string, filter?: unknown) => ["program", id, "remediation", filter] as const,
  remediationItem: (id: string, itemId: string) => ["program", id, "remediation-item", itemId] as const,
  remediationSummary: (id: string) => ["program", id, "remediation-summary"] as const,
  frameworks: (id: string) => ["program", id, "frameworks"] as const,
  framework: (id: string, fw: string) => ["program", id, "framework", fw] as const,
  criteria: ["content", "criteria"] as const,
  library: ["content", "controls"] as const,
  members: ["members", "all"] as const,
};

/** The `params` of a route under /programs/{programId}. */
export const inProgram = (programId: string) => ({ params: { path: { programId } } });

export function usePrograms() {
  const can = useCan();
  return useQuery({
    queryKey: keys.programs,
    queryFn: () => api.GET("/api/v1/programs"),
    enabled: can("programs.read"),
    staleTime: 30_000,
  });
}

export const useProgramQuery = (programId: string) =>
  useQuery({
    queryKey: keys.program(programId),
    queryFn: () => api.GET("/api/v1/programs/{programId}", inProgram(programId)),
  });

/** The Trust Services Criteria: static content, fetched once per session. */
export const useCriteria = () =>
  useQuery({
    queryKey: keys.criteria,
    queryFn: () => api.GET("/api/v1/content/criteria"),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useLibrary = (enabled = true) =>
  useQuery({
    queryKey: keys.library,
    queryFn: () => api.GET("/api/v1/content/controls"),
    staleTime: Number.POSITIVE_INFINITY,
    enabled,
  });

export const useReadiness = (programId: string) =>
  useQuery({
    queryKey: keys.readiness(programId),
    queryFn: () => api.GET("/api/v1/programs/{programId}/readiness", inProgram(programId)),
  });

export const useGaps = (programId: string) =>
  useQuery({
    queryKey: keys.gaps(programId),
    queryFn: () => api.GET("/api/v1/programs/{programId}/gaps", inProgram(programId)),
  });

export const useRemediationSummary = (programId: string, enabled = true) =>
  useQuery({
    queryKey: keys.remediationSummary(programId),
    queryFn: () => api.GET("/api/v1/programs/{programId}/remediation/summary", inProgram(programId)),
    enabled,
  });

/** The program's controls (up to 500) matching a filter; all of them without one, for pickers and lookups. */
export const useControls = (programId: string, filter: { criterion?: string } = {}, enabled = true) =>
  useQuery({
    queryKey: keys.controls(programId, filter.criterion ? { ...filter, pageSize: 500 } : "all"),
    queryFn: () =>
      api.GET("/api/v1/programs/{programId}/controls", {
        params: { path: { programId }, query: { ...filter, pageSize: 500 } },
      }),
    enabled,
  });

/** Every control of the program (up to 500), for pickers and lookups. */
export const useAllControls = (programId: string, enabled = true) => useControls(programId, {}, enabled);

/** Members for owner pickers (the API pages at 100; organizations with more get the first 100 by name). */
export function useMembers() {
  const can = useCan();
  return useQuery({
    queryKey: keys.members,
    queryFn: () => api.GET("/api/v1/members", { params: { query: { pageSize: 100 } } }),
    enabled: can("members.read"),
    staleTime: 60_000,
  });
}
