import type { QueryClient, QueryKey } from "@tanstack/react-query";
import type { PathOf } from "../api/types.ts";

/**
 * What a write changes on screen, by the API domain it writes to (`/api/v1/<domain>/…`): the roots of the query keys
 * to refetch. Control status is derived from evidence, monitoring results and exceptions, so writes there also move
 * the program pages (controls, readiness, dashboard, gaps). Pages key their queries under these roots
 * (`["program", id, …]`, `["monitoring", …]`). Session-changing writes (auth, setup, account, organizations) are
 * handled by the flows that make them, which decide when to refetch or clear the session.
 */
const PROGRAM_PAGES: QueryKey[] = [["programs"], ["program"]];

const EFFECTS: Record<string, QueryKey[]> = {
  programs: PROGRAM_PAGES,
  "access-reviews": [["access-reviews"], ["evidence"], ...PROGRAM_PAGES],
  evidence: [["evidence"], ...PROGRAM_PAGES],
  policies: [["policies"], ...PROGRAM_PAGES],
  monitoring: [["monitoring"], ["devices"], ...PROGRAM_PAGES],
  devices: [["devices"], ["monitoring"], ...PROGRAM_PAGES],
  agent: [["devices"], ["monitoring"]],
  members: [["members"], ["monitoring", "approvers"]],
  invitations: [["invitations"]],
  tokens: [["tokens"]],
  alerts: [["alerts"]],
  notifications: [["notifications"]],
  jobs: [["jobs"]],
  organization: [["organization"], ["session"]],
  // Completions move the training control (HR-04) of every program.
  training: [["training"], ...PROGRAM_PAGES],
  people: [["people"], ...PROGRAM_PAGES],
  "checklist-steps": [["people"], ...PROGRAM_PAGES],
  // The registers: their records move routine checks on controls (src/kernel/routines.ts).
  // Report imports and GitHub syncs (/vulnerabilities/imports, /vulnerabilities/sync) move OPS-06 and OPS-07.
  vulnerabilities: [["vulnerabilities"], ...PROGRAM_PAGES],
  // Completing a risk assessment also attaches its report as evidence.
  risks: [["risks"], ["evidence"], ...PROGRAM_PAGES],
  "risk-assessments": [["risks"], ["evidence"], ...PROGRAM_PAGES],
  vendors: [["vendors"], ...PROGRAM_PAGES],
  "vendor-questionnaire-templates": [["vendors"]],
  assets: [["assets"], ["continuity"], ...PROGRAM_PAGES],
  continuity: [["continuity"], ...PROGRAM_PAGES],
  incidents: [["incidents"], ...PROGRAM_PAGES],
  "tabletop-exercises": [["incidents"], ...PROGRAM_PAGES],
  changes: [["changes"], ...PROGRAM_PAGES],
  "saved-views": [["saved-views"]],
};

/** Writes that change nothing: previews and checks. */
const READ_ONLY = new Set<string>([
  "/api/v1/monitoring/dry-run",
  "/api/v1/monitoring/tests/{testId}/dry-run",
  "/api/v1/monitoring/test-connection",
  "/api/v1/monitoring/connections/{id}/test",
  "/api/v1/ledger/verify",
  "/api/v1/programs/{programId}/controls/bulk/preview",
  "/api/v1/programs/{programId}/remediation/bulk/preview",
  "/api/v1/people/import/preview",
  "/api/v1/people/sync/{connectionId}/preview",
  "/api/v1/assets/discover",
] satisfies PathOf<"post">[]);

export const domainOf = (path: string) => path.split("/")[3] ?? "";

/** The query-key roots a write to this route changes. */
export const keysChangedBy = (path: string): QueryKey[] =>
  READ_ONLY.has(path) || path.endsWith("/import/preview") ? [] : (EFFECTS[domainOf(path)] ?? []);

/** Refetch what the write changed (active queries now, the rest when next shown). */
export const invalidateAfterWrite = (qc: QueryClient, path: string) =>
  Promise.all(keysChangedBy(path).map((queryKey) => qc.invalidateQueries({ queryKey })));
