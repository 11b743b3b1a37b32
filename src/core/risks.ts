/**
 * Risk register rules, pure: scores (likelihood × impact) on an organization's scales, the level bands, what makes a
 * risk record invalid or untreated, that a completed assessment is frozen, and what the register says about RSK-02
 * (annual assessment), RSK-03 (owner, treatment, review date) and RSK-04 (fraud considered). See docs/risks.md.
 */
import { addMonths, utcDay } from "./dates.ts";

export const RISK_TYPES = [
  "operational",
  "security",
  "compliance",
  "fraud",
  "significant_change",
  "vendor",
  "other",
] as const;
export type RiskType = (typeof RISK_TYPES)[number];
export const RISK_TYPE_LABELS: Record<RiskType, string> = {
  operational: "Operational",
  security: "Security",
  compliance: "Compliance",
  fraud: "Fraud",
  significant_change: "Significant change",
  vendor: "Vendor",
  other: "Other",
};

export const RISK_TREATMENTS = ["mitigate", "accept", "transfer", "avoid"] as const;
export type RiskTreatment = (typeof RISK_TREATMENTS)[number];
export const RISK_TREATMENT_LABELS: Record<RiskTreatment, string> = {
  mitigate: "Mitigate",
  accept: "Accept",
  transfer: "Transfer",
  avoid: "Avoid",
};

export const RISK_STATUSES = ["open", "closed"] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number];

export const RISK_LEVELS = ["low", "medium", "high", "critical"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = {
  low: "Low",
  medium: "Medium",
  high: "High",
  critical: "Critical",
};

export const ASSESSMENT_STATUSES = ["in_progress", "completed"] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

export const MIN_SCALE = 3;
export const MAX_SCALE = 5;

/**
 * An organization's scales: a label per step of likelihood (1..N) and of impact (1..M), and the lowest score of each
 * level above low (a score below `medium` is low).
 */
export interface RiskScales {
  likelihood: string[];
  impact: string[];
  thresholds: { medium: number; high: number; critical: number };
}

export const DEFAULT_RISK_SCALES: RiskScales = {
  likelihood: ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"],
  impact: ["Negligible", "Minor", "Moderate", "Major", "Severe"],
  thresholds: { medium: 5, high: 10, critical: 20 },
};

export const riskScore = (likelihood: number, impact: number) => likelihood * impact;

/** The level band of a score. */
export function riskLevel(score: number, t: RiskScales["thresholds"]): RiskLevel {
  if (score >= t.critical) return "critical";
  if (score >= t.high) return "high";
  if (score >= t.medium) return "medium";
  return "low";
}

/** The scores `[from, to)` of a level (to = null: no upper bound), for filtering in SQL. */
export function levelRange(level: RiskLevel, t: RiskScales["thresholds"]): [number, number | null] {
  switch (level) {
    case "low":
      return [1, t.medium];
    case "medium":
      return [t.medium, t.high];
    case "high":
      return [t.high, t.critical];
    case "critical":
      return [t.critical, null];
  }
}

/** Why a set of scales cannot be used, or null. */
export function scalesProblem(s: RiskScales): string | null {
  for (const [name, labels] of [
    ["likelihood", s.likelihood],
    ["impact", s.impact],
  ] as const) {
    if (labels.length < MIN_SCALE || labels.length > MAX_SCALE)
      return `The ${name} scale has ${labels.length} levels: use ${MIN_SCALE} to ${MAX_SCALE}.`;
    if (labels.some((l) => !l.trim())) return `Every level of the ${name} scale needs a label.`;
    const lower = labels.map((l) => l.trim().toLowerCase());
    const dup = lower.find((l, i) => lower.indexOf(l) !== i);
    if (dup) return `The ${name} scale uses the label “${labels[lower.indexOf(dup)]!.trim()}” twice.`;
  }
  const max = s.likelihood.length * s.impact.length;
  const { medium, high, critical } = s.thresholds;
  if (!(medium > 1 && medium < high && high < critical && critical <= max))
    return `The level thresholds must rise: 1 < medium (${medium}) < high (${high}) < critical (${critical}) ≤ ${max}, the highest score on these scales.`;
  return null;
}

/** The fields of a risk the record rules look at. */
export interface RiskFacts {
  likelihood: number;
  impact: number;
  residualLikelihood: number | null;
  residualImpact: number | null;
  treatment: RiskTreatment | null;
  treatmentPlan: string | null;
}

/**
 * Record rules: each returns why the risk cannot be saved as it is, or null. Shared with the web app's form.
 */
export const riskRules = {
  /** Likelihood and impact (inherent and residual) are steps of the organization's scales. */
  onScale(r: RiskFacts, s: RiskScales): string | null {
    const check = (v: number | null, n: number, what: string) =>
      v !== null && (!Number.isInteger(v) || v < 1 || v > n) ? `The ${what} must be from 1 to ${n}.` : null;
    return (
      check(r.likelihood, s.likelihood.length, "likelihood") ??
      check(r.impact, s.impact.length, "impact") ??
      check(r.residualLikelihood, s.likelihood.length, "residual likelihood") ??
      check(r.residualImpact, s.impact.length, "residual impact")
    );
  },
  /** The residual rating is both numbers or neither. */
  residualComplete(r: RiskFacts): string | null {
    return (r.residualLikelihood === null) !== (r.residualImpact === null)
      ? "Give both the residual likelihood and the residual impact, or neither."
      : null;
  },
  /** Treatment does not make a risk worse: residual likelihood, impact and score stay at or below the inherent ones. */
  residualWithinInherent(r: RiskFacts): string | null {
    if (r.residualLikelihood === null || r.residualImpact === null) return null;
    if (r.residualLikelihood > r.likelihood || r.residualImpact > r.impact)
      return `The residual rating (likelihood ${r.residualLikelihood}, impact ${r.residualImpact}) may not exceed the inherent one (likelihood ${r.likelihood}, impact ${r.impact}): treatment lowers a risk, it does not raise it.`;
    return null;
  },
  /** Accepting a risk is a decision someone must justify. */
  acceptJustified(r: RiskFacts): string | null {
    return r.treatment === "accept" && !r.treatmentPlan?.trim()
      ? "Accepting a risk needs a justification: write why the risk is acceptable in the treatment plan."
      : null;
  },
};

/** The first reason the risk cannot be saved, or null. */
export function riskProblem(r: RiskFacts, s: RiskScales): string | null {
  return (
    riskRules.onScale(r, s) ??
    riskRules.residualComplete(r) ??
    riskRules.residualWithinInherent(r) ??
    riskRules.acceptJustified(r)
  );
}

export const TREATMENT_STATES = ["untreated", "needs_controls", "treated"] as const;
export type TreatmentState = (typeof TREATMENT_STATES)[number];

/**
 * Whether the risk's treatment counts: none chosen is untreated; "mitigate" counts only once at least one control
 * is linked (a warning, never a reason to refuse the record).
 */
export function treatmentState(treatment: RiskTreatment | null, linkedControls: number): TreatmentState {
  if (!treatment) return "untreated";
  if (treatment === "mitigate" && linkedControls === 0) return "needs_controls";
  return "treated";
}

/** An open risk whose next review date has passed. */
export const reviewOverdue = (status: RiskStatus, reviewDate: string | null, today: string) =>
  status === "open" && reviewDate !== null && reviewDate < today;

/** A completed assessment is a frozen record: why it cannot change, or null. */
export function assessmentFrozen(status: AssessmentStatus): string | null {
  return status === "completed"
    ? "This risk assessment is completed: its snapshot and report are frozen. Start a new assessment instead."
    : null;
}

/** What a control check says (core/control-status.ts's ControlCheck without its source and label). */
export interface RiskCheck {
  state: "met" | "not_met" | "lapsed";
  reason: string;
}

/** An assessment is expected at least once every 12 months. */
export const ASSESSMENT_INTERVAL_MONTHS = 12;

/** A completed assessment as RSK-02 sees it. */
export interface AssessmentFacts {
  name: string;
  completedAt: Date;
  signedOffAt: Date | null;
}

/**
 * RSK-02: the last assessment that was completed and signed off by a second person, completed within 12 months;
 * null before the first completed one. A completed assessment awaiting sign-off does not count yet (it is named).
 */
export function assessmentCheck(completed: readonly AssessmentFacts[], now: Date): RiskCheck | null {
  if (!completed.length) return null;
  const newest = (list: readonly AssessmentFacts[]) =>
    list.reduce<AssessmentFacts | null>((a, b) => (!a || b.completedAt > a.completedAt ? b : a), null);
  const signed = newest(completed.filter((a) => a.signedOffAt));
  const waiting = newest(completed.filter((a) => !a.signedOffAt && (!signed || a.completedAt > signed.completedAt)));
  const awaiting = waiting
    ? `The assessment “${waiting.name}” completed on ${utcDay(waiting.completedAt)} awaits sign-off by someone other than who completed it.`
    : "";
  if (!signed) return { state: "not_met", reason: awaiting };
  const last = utcDay(signed.completedAt);
  const due = addMonths(last, ASSESSMENT_INTERVAL_MONTHS);
  const signedOn = utcDay(signed.signedOffAt!);
  return utcDay(now) <= due
    ? {
        state: "met",
        reason: `The last risk assessment was completed on ${last} and signed off on ${signedOn}; the next is due by ${due}.`,
      }
    : {
        state: "lapsed",
        reason: `The last signed-off risk assessment was completed on ${last}, more than ${ASSESSMENT_INTERVAL_MONTHS} months ago (due by ${due}). ${awaiting || "Run this year's assessment."}`,
      };
}

/** Who may sign off a completed assessment: not before completion, once only, never the person who completed it. */
export function signOffRefusal(
  a: { status: AssessmentStatus; completedBy: string | null; signedOffAt: Date | null },
  userId: string,
): { status: 403 | 409; code: string; message: string } | null {
  if (a.status !== "completed")
    return { status: 409, code: "assessment_in_progress", message: "Complete the assessment before it is signed off." };
  if (a.signedOffAt)
    return { status: 409, code: "already_signed_off", message: "This assessment is already signed off." };
  if (a.completedBy === userId)
    return {
      status: 403,
      code: "self_approval",
      message: "You completed this assessment: someone else (an owner, admin or compliance manager) signs it off.",
    };
  return null;
}

export interface OpenRiskFacts {
  title: string;
  ownerUserId: string | null;
  treatment: RiskTreatment | null;
  reviewDate: string | null;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const some = (titles: string[]) =>
  titles.length > 3 ? `${titles.slice(0, 3).join("”, “")}” and ${titles.length - 3} more` : `${titles.join("”, “")}”`;

/** RSK-03: every open risk has an owner, a treatment and a review date that has not passed; null with no open risk. */
export function registerCheck(open: readonly OpenRiskFacts[], today: string): RiskCheck | null {
  if (!open.length) return null;
  const gaps: string[] = [];
  const titles = new Set<string>();
  const count = (what: string, bad: OpenRiskFacts[]) => {
    if (!bad.length) return;
    gaps.push(`${plural(bad.length, "has", "have")} ${what}`);
    for (const r of bad) titles.add(r.title);
  };
  count(
    "no owner",
    open.filter((r) => !r.ownerUserId),
  );
  count(
    "no treatment",
    open.filter((r) => !r.treatment),
  );
  count(
    "no review date",
    open.filter((r) => !r.reviewDate),
  );
  count(
    "a review date in the past",
    open.filter((r) => r.reviewDate !== null && r.reviewDate < today),
  );
  if (!gaps.length)
    return {
      state: "met",
      reason: `All ${plural(open.length, "open risk has", "open risks have")} an owner, a treatment and a review date to come.`,
    };
  return {
    state: "not_met",
    reason: `Of ${plural(open.length, "open risk", "open risks")}, ${gaps.join("; ")} (“${some([...titles])}). Give each an owner, a treatment and a next review date.`,
  };
}

/** RSK-04: a fraud risk is in the register, and the last completed assessment included one; null with no risk at all. */
export function fraudCheck(
  fraudRisksNow: number,
  lastAssessment: { name: string; fraudRisks: number } | null,
  anyRisk: boolean,
): RiskCheck | null {
  if (!anyRisk && !lastAssessment) return null;
  if (!fraudRisksNow)
    return {
      state: "not_met",
      reason:
        "No fraud risk is in the register. Add one (payment fraud, insider theft, management override, falsified records) and assess it.",
    };
  if (!lastAssessment)
    return {
      state: "not_met",
      reason: `The register has ${plural(fraudRisksNow, "fraud risk", "fraud risks")}, but no risk assessment has been completed yet to assess it.`,
    };
  if (!lastAssessment.fraudRisks)
    return {
      state: "not_met",
      reason: `The last risk assessment (“${lastAssessment.name}”) included no fraud risk. Assess fraud in the next one.`,
    };
  return {
    state: "met",
    reason: `The last risk assessment (“${lastAssessment.name}”) assessed ${plural(lastAssessment.fraudRisks, "fraud risk", "fraud risks")}.`,
  };
}
