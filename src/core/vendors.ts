/**
 * Vendor rules, pure (docs/vendors.md): when a due-diligence report stops being current, when its owner hears about
 * it, how a security questionnaire is scored, and what the register says about VND-01, VND-02, VND-04 and VND-07.
 */
import { addMonths, daysBetween } from "./dates.ts";

export const VENDOR_CRITICALITIES = ["low", "medium", "high", "critical"] as const;
export type VendorCriticality = (typeof VENDOR_CRITICALITIES)[number];
export const VENDOR_STATUSES = ["active", "offboarded"] as const;
export type VendorStatus = (typeof VENDOR_STATUSES)[number];
export const VENDOR_DATA_CATEGORIES = [
  "none",
  "internal",
  "confidential",
  "customer_personal_data",
  "employee_personal_data",
  "payment_data",
  "health_data",
  "credentials",
  "source_code",
] as const;
export type VendorDataCategory = (typeof VENDOR_DATA_CATEGORIES)[number];

export const REPORT_TYPES = ["type1", "type2", "soc1", "iso27001", "other"] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
/** What a report of each type is called in titles and sentences ("the SOC 2 Type II report"). */
export const REPORT_NAMES: Record<ReportType, string> = {
  type1: "SOC 2 Type I report",
  type2: "SOC 2 Type II report",
  soc1: "SOC 1 report",
  iso27001: "ISO 27001 certificate",
  other: "assurance report",
};
export const REPORT_OPINIONS = ["unqualified", "qualified", "adverse", "disclaimer"] as const;
export type ReportOpinion = (typeof REPORT_OPINIONS)[number];

/** A report stays current for this many months after the end of its period (or its as-of date). */
export const REPORT_CURRENT_MONTHS = 12;
/** The owner is reminded this many days before a vendor's due diligence lapses. */
export const DUE_DILIGENCE_REMINDER_DAYS = 30;
/** A scored questionnaire counts as due diligence for this many months after it was answered. */
export const QUESTIONNAIRE_CURRENT_MONTHS = 12;
export const QUESTIONNAIRE_DEFAULT_DAYS = 14;
export const QUESTIONNAIRE_MAX_DAYS = 60;

export const CONTROLS = { inventory: "VND-01", dueDiligence: "VND-02", review: "VND-04", subprocessors: "VND-07" };

/**
 * A bridge (gap) letter counts up to this many months after the report's period end (or as-of date): it may stretch
 * a report's currency by at most six months past its own twelve. A bridge letter is the service organization's own
 * statement, not an auditor's opinion: covering longer than that, the next audited report is what is owed.
 */
export const BRIDGE_MAX_MONTHS = 18;

export interface ReportDates {
  periodEnd: string | null;
  asOfDate: string | null;
  /** The last day the report's latest bridge letter covers (null or absent: none). */
  bridgedUntil?: string | null;
}

/**
 * The last day a report is current: 12 months after its period end (type 2) or as-of date (type 1), or — when a
 * bridge letter covers longer — the bridge letter's last day, capped at 18 months after the period end.
 */
export function reportExpiry(r: ReportDates): string | null {
  const end = r.periodEnd ?? r.asOfDate;
  if (!end) return null;
  const own = addMonths(end, REPORT_CURRENT_MONTHS);
  if (!r.bridgedUntil || r.bridgedUntil <= own) return own;
  const cap = addMonths(end, BRIDGE_MAX_MONTHS);
  return r.bridgedUntil < cap ? r.bridgedUntil : cap;
}

/** The latest day a report's bridge letters cover (null: none). */
export const bridgedUntil = (letters: readonly { coveredUntil: string }[]) =>
  letters.reduce<string | null>((a, l) => (!a || l.coveredUntil > a ? l.coveredUntil : a), null);

export type DueDiligenceState = "current" | "expiring" | "lapsed" | "none";

/** Where a vendor's due diligence stands on `today`, from the expiry of its latest report. */
export function dueDiligenceState(expiry: string | null, today: string): DueDiligenceState {
  if (!expiry) return "none";
  if (expiry < today) return "lapsed";
  return daysBetween(today, expiry) <= DUE_DILIGENCE_REMINDER_DAYS ? "expiring" : "current";
}

/** The notice a reminder job owes on `today` for a report expiring on `expiry` (each is sent once). */
export function dueDiligenceNotice(expiry: string | null, today: string): "expiring" | "lapsed" | null {
  const s = dueDiligenceState(expiry, today);
  return s === "expiring" || s === "lapsed" ? s : null;
}

/** The latest expiry among reports (null when none has a period). */
export const latestExpiry = (reports: readonly ReportDates[]) =>
  reports.map(reportExpiry).reduce<string | null>((a, b) => (b && (!a || b > a) ? b : a), null);

/** Why the dates of a report cannot be kept, or null. */
export function reportDatesProblem(r: {
  periodStart?: string | null;
  periodEnd?: string | null;
  asOfDate?: string | null;
}): string | null {
  if (r.periodStart && r.periodEnd && r.periodEnd < r.periodStart)
    return `The period ends (${r.periodEnd}) before it starts (${r.periodStart}).`;
  if (!r.periodEnd && !r.asOfDate)
    return "Give the report's period end (a type 2 report) or its as-of date (a type 1 report): the expiry is counted from it.";
  return null;
}

/** Why a vendor's contract dates cannot be kept, or null. */
export function contractDatesProblem(start: string | null | undefined, end: string | null | undefined): string | null {
  return start && end && end < start ? `The contract ends (${end}) before it starts (${start}).` : null;
}

// Security questionnaires ---------------------------------------------------------------------------------------

export const ANSWER_TYPES = ["yes_no", "text"] as const;
export type AnswerType = (typeof ANSWER_TYPES)[number];

export interface Question {
  id: string;
  text: string;
  type: AnswerType;
  /** How much the answer counts in the score (0: not scored). */
  weight: number;
  /** For yes/no questions: the answer that speaks for the vendor. */
  favourable?: "yes" | "no";
}

export type Answers = Record<string, string>;

/** Whether an answer speaks for the vendor: the favourable yes/no, or any written text. */
export function favourable(q: Question, answer: string | undefined): boolean {
  const a = (answer ?? "").trim();
  if (!a) return false;
  return q.type === "yes_no" ? a === (q.favourable ?? "yes") : true;
}

/** The weighted share of favourable answers, 0–100 (rounded); null when no question carries weight. */
export function questionnaireScore(questions: readonly Question[], answers: Answers): number | null {
  const scored = questions.filter((q) => q.weight > 0);
  const total = scored.reduce((n, q) => n + q.weight, 0);
  if (!total) return null;
  const got = scored.filter((q) => favourable(q, answers[q.id])).reduce((n, q) => n + q.weight, 0);
  return Math.round((got / total) * 100);
}

/** Why a set of answers cannot be accepted (a question left out, a yes/no answered otherwise), or null. */
export function answersProblem(questions: readonly Question[], answers: Answers): string | null {
  const known = new Set(questions.map((q) => q.id));
  const stray = Object.keys(answers).filter((k) => !known.has(k));
  if (stray.length) return `These answers are for questions this questionnaire does not have: ${stray.join(", ")}.`;
  for (const [i, q] of questions.entries()) {
    const a = (answers[q.id] ?? "").trim();
    if (q.type === "yes_no" && a !== "yes" && a !== "no") return `Answer question ${i + 1} with yes or no.`;
    if (q.type === "text" && q.weight > 0 && !a) return `Answer question ${i + 1} (a few words are enough).`;
  }
  return null;
}

export type LinkState = "open" | "expired" | "answered";

/** Whether a questionnaire link can still be answered. */
export const linkState = (q: { expiresAt: Date; answeredAt: Date | null }, now: Date): LinkState =>
  q.answeredAt ? "answered" : q.expiresAt <= now ? "expired" : "open";

// Control checks -------------------------------------------------------------------------------------------------

export interface VendorCheck {
  state: "met" | "not_met";
  reason: string;
}

export interface VendorFacts {
  name: string;
  status: VendorStatus;
  criticality: VendorCriticality | null;
  ownerUserId: string | null;
  nextReviewDate: string | null;
  isSubprocessor: boolean;
  /** Expiry of the latest report (null: none). */
  reportExpiry: string | null;
  /** When the latest scored questionnaire was answered (null: none). */
  questionnaireAnsweredOn: string | null;
}

const listed = (names: string[]) =>
  names.length <= 3 ? names.join(", ") : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
const vendorsWord = (n: number) => (n === 1 ? "vendor" : "vendors");

/** VND-01: every active vendor has an owner and a criticality. Null before the first vendor is listed. */
export function inventoryCheck(vendors: readonly VendorFacts[]): VendorCheck | null {
  const active = vendors.filter((v) => v.status === "active");
  if (!vendors.length) return null;
  const missing = active.filter((v) => !v.ownerUserId || !v.criticality).map((v) => v.name);
  if (missing.length)
    return {
      state: "not_met",
      reason: `${missing.length} active ${vendorsWord(missing.length)} ${missing.length === 1 ? "has" : "have"} no owner or no criticality: ${listed(missing)}.`,
    };
  return {
    state: "met",
    reason: `All ${active.length} active ${vendorsWord(active.length)} have an owner and a criticality.`,
  };
}

/** Whether a vendor's due diligence is current: a report within its 12 months (or its bridge letter), or a recent scored questionnaire. */
export function hasCurrentDueDiligence(v: VendorFacts, today: string): boolean {
  if (v.reportExpiry && v.reportExpiry >= today) return true;
  return !!v.questionnaireAnsweredOn && addMonths(v.questionnaireAnsweredOn, QUESTIONNAIRE_CURRENT_MONTHS) >= today;
}

/** VND-02: every active high or critical vendor has current due diligence. */
export function dueDiligenceCheck(vendors: readonly VendorFacts[], today: string): VendorCheck | null {
  if (!vendors.length) return null;
  const tiered = vendors.filter(
    (v) => v.status === "active" && (v.criticality === "high" || v.criticality === "critical"),
  );
  const missing = tiered.filter((v) => !hasCurrentDueDiligence(v, today)).map((v) => v.name);
  if (missing.length)
    return {
      state: "not_met",
      reason: `${missing.length} high or critical ${vendorsWord(missing.length)} ${missing.length === 1 ? "has" : "have"} no current SOC report or scored questionnaire: ${listed(missing)}.`,
    };
  return {
    state: "met",
    reason: tiered.length
      ? `All ${tiered.length} high or critical ${vendorsWord(tiered.length)} have current due diligence.`
      : "No active vendor is high or critical.",
  };
}

/** VND-04: every active vendor has a review date that has not passed. */
export function reviewCheck(vendors: readonly VendorFacts[], today: string): VendorCheck | null {
  if (!vendors.length) return null;
  const active = vendors.filter((v) => v.status === "active");
  const late = active.filter((v) => !v.nextReviewDate || v.nextReviewDate < today).map((v) => v.name);
  if (late.length)
    return {
      state: "not_met",
      reason: `${late.length} active ${vendorsWord(late.length)} ${late.length === 1 ? "is" : "are"} past their review date or have none: ${listed(late)}.`,
    };
  return { state: "met", reason: `All ${active.length} active ${vendorsWord(active.length)} were reviewed on time.` };
}

/** VND-07: the subprocessor list is kept: a vendor is marked as one, or the organization said it has none. */
export function subprocessorCheck(vendors: readonly VendorFacts[], declaredNone: boolean): VendorCheck | null {
  const marked = vendors.filter((v) => v.status === "active" && v.isSubprocessor).length;
  if (marked)
    return {
      state: "met",
      reason: `${marked} active ${marked === 1 ? "subprocessor is" : "subprocessors are"} listed.`,
    };
  if (declaredNone) return { state: "met", reason: "The organization stated that it uses no subprocessors." };
  if (!vendors.length) return null;
  return {
    state: "not_met",
    reason:
      "No vendor is marked as a subprocessor: mark those that process customer data, or state that there are none.",
  };
}
