import { type QueryClient, useQuery } from "@tanstack/react-query";
import { api } from "../api.ts";
import { useCan } from "../session.tsx";
import type { Member, Page } from "../types.ts";
import type {
  ControlsContent,
  CriteriaContent,
  Gaps,
  Program,
  ProgramControl,
  Readiness,
  RemediationSummary,
} from "./types.ts";

/** Query keys and hooks shared by the program pages. Everything about one program sits under ["program", id]. */
export const programPath = (programId: string, rest = "") => `/api/v1/programs/${programId}${rest}`;

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

/** After any change to a program: its controls, readiness, gaps, dashboard and plan may all have moved. */
export const invalidateProgram = (qc: QueryClient, programId: string) =>
  Promise.all([
    qc.invalidateQueries({ queryKey: ["program", programId] }),
    qc.invalidateQueries({ queryKey: keys.programs }),
  ]);

export function usePrograms() {
  const can = useCan();
  return useQuery({
    queryKey: keys.programs,
    queryFn: () => api.get<{ items: Program[] }>("/api/v1/programs"),
    enabled: can("programs.read"),
    staleTime: 30_000,
  });
}

export const useProgramQuery = (programId: string) =>
  useQuery({ queryKey: keys.program(programId), queryFn: () => api.get<Program>(programPath(programId)) });

/** The Trust Services Criteria: static content, fetched once per session. */
export const useCriteria = () =>
  useQuery({
    queryKey: keys.criteria,
    queryFn: () => api.get<CriteriaContent>("/api/v1/content/criteria"),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useLibrary = (enabled = true) =>
  useQuery({
    queryKey: keys.library,
    queryFn: () => api.get<ControlsContent>("/api/v1/content/controls"),
    staleTime: Number.POSITIVE_INFINITY,
    enabled,
  });

export const useReadiness = (programId: string) =>
  useQuery({
    queryKey: keys.readiness(programId),
    queryFn: () => api.get<Readiness>(programPath(programId, "/readiness")),
  });

export const useGaps = (programId: string) =>
  useQuery({ queryKey: keys.gaps(programId), queryFn: () => api.get<Gaps>(programPath(programId, "/gaps")) });

export const useRemediationSummary = (programId: string, enabled = true) =>
  useQuery({
    queryKey: keys.remediationSummary(programId),
    queryFn: () => api.get<RemediationSummary>(programPath(programId, "/remediation/summary")),
    enabled,
  });

/** Every control of the program (up to 500), for pickers and lookups. */
export const useAllControls = (programId: string, enabled = true) =>
  useQuery({
    queryKey: keys.controls(programId, "all"),
    queryFn: () => api.get<Page<ProgramControl>>(programPath(programId, "/controls"), { pageSize: 500 }),
    enabled,
  });

/** Members for owner pickers (the API pages at 100; organizations with more get the first 100 by name). */
export function useMembers() {
  const can = useCan();
  return useQuery({
    queryKey: keys.members,
    queryFn: () => api.get<Page<Member>>("/api/v1/members", { pageSize: 100 }),
    enabled: can("members.read"),
    staleTime: 60_000,
  });
}
