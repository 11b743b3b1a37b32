/**
 * The one rule that says what state a program control is in, and why. Its inputs: applicability, the status people
 * set (by hand or through the self-assessment), and the signals evidence and monitoring tests give (stored on the
 * control, see ControlSignals). Honest status: "operating" needs current evidence and no failing test; a failing
 * test or stale evidence puts the control in "needs attention" whatever people said, with the reason.
 */
export const CONTROL_STATUSES = [
  "not_started",
  "in_progress",
  "implemented",
  "operating",
  "needs_attention",
  "not_applicable",
] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

/** Statuses a person may set; "not applicable" is set through applicability, which needs a justification. */
export const MANUAL_STATUSES = [
  "not_started",
  "in_progress",
  "implemented",
  "operating",
  "needs_attention",
] as const satisfies readonly ControlStatus[];
export type ManualStatus = (typeof MANUAL_STATUSES)[number];

export const CONTROL_STATUS_LABELS: Record<ControlStatus, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  implemented: "Implemented",
  operating: "Operating",
  needs_attention: "Needs attention",
  not_applicable: "Not applicable",
};

/** A control counts towards readiness in these states. */
export const DONE_STATUSES: ReadonlySet<ControlStatus> = new Set(["implemented", "operating"]);

/**
 * What automatic inputs say about a control, as stored on the control (dates as ISO strings: it lives in jsonb).
 * Evidence: the freshness of its freshest linked evidence (src/core/freshness.ts). Tests: the monitoring tests
 * mapped to it and what they found.
 */
export interface ControlSignals {
  evidence: {
    state: "missing" | "current" | "due_soon" | "stale";
    count: number;
    latestCollectedAt: string | null;
    staleAt: string | null;
    reason: string;
  };
  tests: {
    failing: number;
    passing: number;
    excepted: number;
    since: string | null;
    failingTests: { testId: string; title: string; resources: number }[];
  };
}

export interface ControlStatusInput {
  applicable: boolean;
  notApplicableReason?: string | null;
  manual: { status: ManualStatus; reason: string; setAt: Date | null; setBy?: string | null };
  /** Null or absent: nothing computed yet, read as "no evidence, no tests". */
  signals?: ControlSignals | null;
  /** The moment to judge at (evidence goes stale with time). */
  now?: Date;
}

export interface ControlStatusVerdict {
  status: ControlStatus;
  /** A sentence a person can read: why the control is in this state. */
  reason: string;
  since: Date | null;
  source: "applicability" | "manual" | "tests" | "evidence";
}

const DEFAULT_REASONS: Record<ManualStatus, string> = {
  not_started: "Nobody has started on this control yet.",
  in_progress: "Work on this control has started but it is not in place yet.",
  implemented: "Marked as implemented; no evidence of operation has been recorded yet.",
  operating: "Marked as operating: in place, with current evidence.",
  needs_attention: "Marked as needing attention.",
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const day = (iso: string) => iso.slice(0, 10);
const date = (iso: string | null) => (iso ? new Date(iso) : null);

/** Evidence state at `now`: stored signals age, so "current" evidence past its stale day is stale. */
export function evidenceStateAt(e: ControlSignals["evidence"], now: Date): ControlSignals["evidence"]["state"] {
  if ((e.state === "current" || e.state === "due_soon") && e.staleAt && new Date(e.staleAt) <= now) return "stale";
  return e.state;
}

function failingReason(t: ControlSignals["tests"]): string {
  const shown = t.failingTests
    .slice(0, 3)
    .map((f) => `"${f.title}" on ${plural(f.resources, "resource")}`)
    .join(", ");
  const more = t.failingTests.length > 3 ? ` and ${plural(t.failingTests.length - 3, "more test")}` : "";
  const since = t.since ? ` since ${day(t.since)}` : "";
  return `${plural(t.failingTests.length || 1, "monitoring test")} ${t.failingTests.length === 1 ? "fails" : "fail"}${since}: ${shown}${more}.`;
}

function operatingReason(s: ControlSignals): string {
  const e = s.evidence;
  const parts = [
    `current evidence (${plural(e.count, "piece")}, latest collected ${e.latestCollectedAt ? day(e.latestCollectedAt) : "—"}${e.staleAt ? `, fresh until ${day(e.staleAt)}` : ""})`,
  ];
  if (s.tests.passing) parts.push(`${plural(s.tests.passing, "passing check")}`);
  if (s.tests.excepted) parts.push(`${plural(s.tests.excepted, "failure")} accepted by an exception`);
  return `Operating: ${parts.join("; ")}.`;
}

export function controlStatus(input: ControlStatusInput): ControlStatusVerdict {
  const m = input.manual;
  if (!input.applicable)
    return {
      status: "not_applicable",
      reason: `Not applicable: ${input.notApplicableReason?.trim() || "no justification recorded"}`,
      since: m.setAt,
      source: "applicability",
    };
  const manual: ControlStatusVerdict = {
    status: m.status,
    reason: m.reason.trim() || DEFAULT_REASONS[m.status],
    since: m.setAt,
    source: "manual",
  };
  const s = input.signals;
  if (s && s.tests.failing > 0)
    return { status: "needs_attention", reason: failingReason(s.tests), since: date(s.tests.since), source: "tests" };
  const evidence = s ? evidenceStateAt(s.evidence, input.now ?? new Date()) : "missing";
  if (s && evidence === "stale")
    return {
      status: "needs_attention",
      reason: `The evidence went stale on ${s.evidence.staleAt ? day(s.evidence.staleAt) : "its stale day"}: add evidence collected since then.`,
      since: date(s.evidence.staleAt),
      source: "evidence",
    };
  if (m.status === "needs_attention") return manual;
  if (s && (evidence === "current" || evidence === "due_soon"))
    return {
      status: "operating",
      reason: operatingReason(s),
      since: date(s.evidence.latestCollectedAt),
      source: "evidence",
    };
  if (m.status === "operating")
    return {
      status: "implemented",
      reason: "Marked as operating, but no evidence is linked to show it: add evidence to make it operating.",
      since: m.setAt,
      source: "evidence",
    };
  return manual;
}
