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
/**
 * What a people routine says about a control (policy approved and accepted, training completed, checklists done):
 * a module that runs the routine reports one check per control it covers. `met` counts as evidence of operation,
 * `not_met` (never done yet) keeps the control from operating, `lapsed` (done once, no longer: a review date or a
 * training year passed) puts it in "needs attention" as stale evidence does.
 */
export interface ControlCheck {
  /** The module that reports it ("policies", "training"): one check per source and control. */
  source: string;
  /** What is checked, in a few words ("Policy accepted by staff"). */
  label: string;
  state: "met" | "not_met" | "lapsed";
  /** A sentence a person can act on. */
  reason: string;
  /** When it entered this state, when known (ISO). */
  since: string | null;
}

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
  /** People routines covering the control (absent on signals stored before they existed: read as none). */
  checks?: ControlCheck[];
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
  source: "applicability" | "manual" | "tests" | "evidence" | "checks";
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
const latest = (isos: (string | null)[]) =>
  date(
    isos
      .filter((x) => x !== null)
      .sort()
      .at(-1) ?? null,
  );

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
  for (const k of s.checks ?? []) parts.push(k.reason.replace(/\.$/, ""));
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
  const checks = s?.checks ?? [];
  const lapsed = checks.find((k) => k.state === "lapsed");
  if (lapsed) return { status: "needs_attention", reason: lapsed.reason, since: date(lapsed.since), source: "checks" };
  if (m.status === "needs_attention") return manual;
  const unmet = checks.find((k) => k.state === "not_met");
  const evidenceCurrent = evidence === "current" || evidence === "due_soon";
  if (unmet && (evidenceCurrent || m.status === "operating" || m.status === "implemented"))
    return { status: "implemented", reason: unmet.reason, since: date(unmet.since) ?? m.setAt, source: "checks" };
  if (unmet) return manual;
  if (s && evidenceCurrent)
    return {
      status: "operating",
      reason: operatingReason(s),
      since: date(s.evidence.latestCollectedAt),
      source: "evidence",
    };
  if (checks.length)
    return {
      status: "operating",
      reason: `Operating: ${checks.map((k) => k.reason.replace(/\.$/, "")).join("; ")}.`,
      since: latest(checks.map((k) => k.since)),
      source: "checks",
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

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** How far back the evidence of a control may reach and still show it operating, by its frequency. */
const EVIDENCE_WITHIN: Record<string, string> = {
  continuous: "within the last day",
  daily: "within the last day",
  weekly: "within the last week",
  monthly: "within the last month",
  quarterly: "within the last 3 months",
  annually: "within the last 12 months",
  on_event: "for its latest occurrence",
};

/**
 * What would make a control show "Operating" (null when it does, or does not apply): the same inputs as
 * controlStatus — evidence current for the control's frequency, no failing monitoring test, and no "needs
 * attention" set by hand.
 */
export function toOperate(
  verdict: Pick<ControlStatusVerdict, "status">,
  input: {
    manual: { status: ManualStatus };
    signals?: ControlSignals | null;
    frequency: string;
    /** Days its evidence stays fresh when people set that instead of the frequency's rule. */
    freshDays?: number | null;
    now?: Date;
  },
): string | null {
  if (verdict.status === "operating" || verdict.status === "not_applicable") return null;
  const s = input.signals;
  const within = input.freshDays
    ? `within the last ${plural(input.freshDays, "day")}`
    : (EVIDENCE_WITHIN[input.frequency] ?? "recently");
  const steps: string[] = [];
  const evidence = s ? evidenceStateAt(s.evidence, input.now ?? new Date()) : "missing";
  const rule = input.freshDays ? "" : ` (${input.frequency})`;
  const checks = s?.checks ?? [];
  for (const k of checks) if (k.state !== "met") steps.push(lowerFirst(k.reason.replace(/\.$/, "")));
  // Routine checks stand in for evidence once met, so missing evidence is no step then; stale evidence still is.
  if (evidence === "missing" && !checks.length) steps.push(`link evidence of its operation collected ${within}${rule}`);
  else if (evidence === "stale") steps.push(`link evidence collected ${within}${rule}: the latest is stale`);
  if (s && s.tests.failing > 0)
    steps.push(
      `make its ${plural(s.tests.failing, "failing monitoring test")} pass, or accept the failures with an exception`,
    );
  if (input.manual.status === "needs_attention") steps.push("set its status back once the issue is resolved");
  if (steps.length === 0) return null;
  return `To show Operating: ${steps.join("; and ")}.`;
}
