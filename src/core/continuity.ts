/**
 * Business continuity's pure rules: the kinds of plan and test, whether a test met the recovery objectives of the
 * systems it covered, and what the plans, objectives and tests say about AVL-03, AVL-04 and AVL-05. No I/O.
 */
import { withinMonths } from "./assets.ts";

export const PLAN_KINDS = [
  "business_continuity",
  "disaster_recovery",
  "incident_communication",
  "crisis_management",
  "other",
] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export const TEST_KINDS = ["restore_test", "failover_drill", "continuity_exercise"] as const;
export type TestKind = (typeof TEST_KINDS)[number];

export const TEST_RESULTS = ["pass", "partial", "fail"] as const;
export type TestResult = (typeof TEST_RESULTS)[number];

export const TIME_UNITS = ["minutes", "hours"] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export const RESTORE_CONTROL = "AVL-03";
export const PLAN_CONTROL = "AVL-04";
export const EXERCISE_CONTROL = "AVL-05";
export const CONTINUITY_CONTROL_KEYS = [RESTORE_CONTROL, PLAN_CONTROL, EXERCISE_CONTROL] as const;

/** Plans are reviewed, and continuity tested, at least this often. */
export const CONTINUITY_MONTHS = 12;
/**
 * Each system with a recovery point objective passes a restore test at least this often: AVL-03's text and its
 * frequency in the control library say quarterly, and the check follows the control.
 */
export const RESTORE_MONTHS = 3;

/** A duration as minutes. */
export const toMinutes = (value: number, unit: TimeUnit) => Math.round(unit === "hours" ? value * 60 : value);

/** 90 → "1 h 30 min", 120 → "2 h", 45 → "45 min". */
export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (!h) return `${m} min`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

export type ObjectiveOutcome = "met" | "missed" | "not_measured";

/**
 * How a test did against one system's objectives: the recovery time against the RTO, the data lost against the
 * RPO. An objective the system does not have, or a figure the test did not record, is "not measured"; the overall
 * outcome is missed when either is missed, met when at least one is met and none missed.
 */
export function objectiveOutcome(
  objective: { rtoMinutes: number | null; rpoMinutes: number | null },
  achieved: { recoveryMinutes: number | null; dataLossMinutes: number | null },
): { rto: ObjectiveOutcome; rpo: ObjectiveOutcome; overall: ObjectiveOutcome } {
  const judge = (target: number | null, actual: number | null): ObjectiveOutcome =>
    target === null || actual === null ? "not_measured" : actual <= target ? "met" : "missed";
  const rto = judge(objective.rtoMinutes, achieved.recoveryMinutes);
  const rpo = judge(objective.rpoMinutes, achieved.dataLossMinutes);
  const overall =
    rto === "missed" || rpo === "missed" ? "missed" : rto === "met" || rpo === "met" ? "met" : "not_measured";
  return { rto, rpo, overall };
}

export interface ContinuityCheck {
  state: "met" | "not_met" | "lapsed";
  reason: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const some = (names: readonly string[]) =>
  names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
const day = (d: Date | string) => (typeof d === "string" ? d : d.toISOString().slice(0, 10));
const at = (d: string) => new Date(`${d}T00:00:00Z`);

export interface CoveredSystem {
  assetId: string;
  kind: TestKind;
  performedOn: string;
  result: TestResult;
  outcome: ObjectiveOutcome;
}

/** A restore test that counts for AVL-03: it passed and missed none of the system's objectives. */
export const restoreProves = (t: Pick<CoveredSystem, "kind" | "result" | "outcome">) =>
  t.kind === "restore_test" && t.result === "pass" && t.outcome !== "missed";

/**
 * AVL-03: every system with an RPO had a restore test in the last 3 months (each quarter, as the control says) that
 * passed and met its objectives.
 * Null when no system has an RPO (the register says nothing yet).
 */
export function restoreCheck(
  systems: readonly { assetId: string; name: string }[],
  tests: readonly CoveredSystem[],
  now: Date,
): ContinuityCheck | null {
  if (!systems.length) return null;
  const recent = tests.filter((t) => restoreProves(t) && withinMonths(at(t.performedOn), now, RESTORE_MONTHS));
  const proven = new Set(recent.map((t) => t.assetId));
  const missing = systems.filter((s) => !proven.has(s.assetId)).map((s) => s.name);
  if (missing.length) {
    const ever = new Set(tests.filter(restoreProves).map((t) => t.assetId));
    const lapsed = systems.every((s) => proven.has(s.assetId) || ever.has(s.assetId));
    return {
      state: lapsed ? "lapsed" : "not_met",
      reason: `${plural(missing.length, "system with a recovery point objective has", "systems with a recovery point objective have")} no passed restore test meeting its objectives in the last ${RESTORE_MONTHS} months (${some(missing)}): AVL-03 asks for one every quarter.`,
    };
  }
  const last = recent
    .map((t) => t.performedOn)
    .sort()
    .at(-1)!;
  return {
    state: "met",
    reason: `Each of the ${plural(systems.length, "system")} with a recovery point objective passed a restore test in the last ${RESTORE_MONTHS} months (latest ${last}).`,
  };
}

export interface PlanFacts {
  name: string;
  lastReviewedOn: string | null;
}

/** AVL-04: a plan exists and one was reviewed in the last 12 months. */
export function planCheck(plans: readonly PlanFacts[], now: Date): ContinuityCheck {
  if (!plans.length)
    return { state: "not_met", reason: "No continuity or recovery plan is recorded: add the plan and its document." };
  const reviewed = plans
    .filter((p) => p.lastReviewedOn)
    .sort((a, b) => b.lastReviewedOn!.localeCompare(a.lastReviewedOn!));
  const latest = reviewed[0];
  if (!latest)
    return {
      state: "not_met",
      reason: `${plural(plans.length, "plan is", "plans are")} recorded but none was ever reviewed.`,
    };
  if (!withinMonths(at(latest.lastReviewedOn!), now, CONTINUITY_MONTHS))
    return {
      state: "lapsed",
      reason: `The last plan review was on ${latest.lastReviewedOn} (“${latest.name}”): review the plans at least every ${CONTINUITY_MONTHS} months.`,
    };
  return { state: "met", reason: `“${latest.name}” was reviewed on ${latest.lastReviewedOn}.` };
}

/** AVL-05: a failover drill or continuity exercise in the last 12 months. */
export function exerciseCheck(tests: readonly { kind: TestKind; performedOn: string }[], now: Date): ContinuityCheck {
  const drills = tests
    .filter((t) => t.kind !== "restore_test")
    .map((t) => t.performedOn)
    .sort();
  const last = drills.at(-1);
  if (!last)
    return {
      state: "not_met",
      reason: "No failover drill or continuity exercise is recorded: test the plan at least once a year.",
    };
  if (!withinMonths(at(last), now, CONTINUITY_MONTHS))
    return {
      state: "lapsed",
      reason: `The last failover drill or continuity exercise was on ${last}: test the plan at least every ${CONTINUITY_MONTHS} months.`,
    };
  return { state: "met", reason: `The plan was last exercised on ${day(last)}.` };
}
