import type { ContinuityPlan, ContinuityTest } from "../../api/models/assets.ts";

export const PLAN_KINDS = [
  "business_continuity",
  "disaster_recovery",
  "incident_communication",
  "crisis_management",
  "other",
] as const;
export const PLAN_KIND_LABELS: Record<ContinuityPlan["kind"], string> = {
  business_continuity: "Business continuity",
  disaster_recovery: "Disaster recovery",
  incident_communication: "Incident communication",
  crisis_management: "Crisis management",
  other: "Other",
};
export const TEST_KINDS = ["restore_test", "failover_drill", "continuity_exercise"] as const;
export const TEST_KIND_LABELS: Record<ContinuityTest["kind"], string> = {
  restore_test: "Restore test",
  failover_drill: "Failover drill",
  continuity_exercise: "Continuity exercise",
};
export const RESULTS = ["pass", "partial", "fail"] as const;
export const RESULT_LABELS: Record<ContinuityTest["result"], string> = {
  pass: "Pass",
  partial: "Partial",
  fail: "Fail",
};
export const RESULT_COLORS: Record<ContinuityTest["result"], string> = { pass: "teal", partial: "orange", fail: "red" };
export const OUTCOME = {
  met: { label: "Objectives met", color: "teal" },
  missed: { label: "Objectives missed", color: "red" },
  not_measured: { label: "Not measured", color: "gray" },
} as const;

export const continuityKeys = {
  all: ["continuity"] as const,
  checks: ["continuity", "checks"] as const,
  plans: ["continuity", "plans"] as const,
  plan: (id: string) => ["continuity", "plans", id] as const,
  objectives: ["continuity", "objectives"] as const,
  tests: (query: unknown) => ["continuity", "tests", query] as const,
  test: (id: string) => ["continuity", "test", id] as const,
};

/** 90 → "1 h 30 min". */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return "—";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}
