/**
 * The one rule that says what state a program control is in, and why. Here its inputs are applicability and the
 * status people set (by hand or through the self-assessment); evidence freshness, tests and policies plug in as
 * further inputs later, without callers changing.
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
}

export interface ControlStatusVerdict {
  status: ControlStatus;
  /** A sentence a person can read: why the control is in this state. */
  reason: string;
  since: Date | null;
  source: "applicability" | "manual";
}

const DEFAULT_REASONS: Record<ManualStatus, string> = {
  not_started: "Nobody has started on this control yet.",
  in_progress: "Work on this control has started but it is not in place yet.",
  implemented: "Marked as implemented; no evidence of operation has been recorded yet.",
  operating: "Marked as operating: in place, with current evidence.",
  needs_attention: "Marked as needing attention.",
};

export function controlStatus(input: ControlStatusInput): ControlStatusVerdict {
  if (!input.applicable)
    return {
      status: "not_applicable",
      reason: `Not applicable: ${input.notApplicableReason?.trim() || "no justification recorded"}`,
      since: input.manual.setAt,
      source: "applicability",
    };
  const m = input.manual;
  return {
    status: m.status,
    reason: m.reason.trim() || DEFAULT_REASONS[m.status],
    since: m.setAt,
    source: "manual",
  };
}
