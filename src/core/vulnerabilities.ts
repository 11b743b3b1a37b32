/**
 * Vulnerability rules, pure: severity bands from CVSS scores, remediation SLAs by severity, and how one import of a
 * scanner's report moves the findings it covers (docs/vulnerabilities.md).
 */
import { type SlaState, windowState } from "./sla.ts";

export const VULN_SEVERITIES = ["critical", "high", "medium", "low", "info", "unknown"] as const;
export type VulnSeverity = (typeof VULN_SEVERITIES)[number];

/** Sort order, most severe first; `unknown` sorts with medium-and-below work, before info. */
export const VULN_SEVERITY_RANK: Record<VulnSeverity, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
  unknown: 4,
  info: 5,
};

/**
 * The CVSS (v3/v4) qualitative band of a base score, as GitHub reads SARIF `security-severity`:
 * 9.0–10 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low, 0 none (info). Anything that is not a
 * score from 0 to 10 is `unknown`.
 */
export function severityFromScore(score: number | string | null | undefined): VulnSeverity {
  const n = typeof score === "string" ? (score.trim() === "" ? Number.NaN : Number(score)) : (score ?? Number.NaN);
  if (!Number.isFinite(n) || n < 0 || n > 10) return "unknown";
  if (n >= 9) return "critical";
  if (n >= 7) return "high";
  if (n >= 4) return "medium";
  if (n > 0) return "low";
  return "info";
}

/**
 * A scanner's own severity word in our scale (Trivy: CRITICAL…LOW, UNKNOWN; Grype: Critical…Low, Negligible,
 * Unknown; GitHub advisories: moderate).
 */
export function severityFromLabel(label: string | null | undefined): VulnSeverity {
  switch ((label ?? "").trim().toLowerCase()) {
    case "critical":
      return "critical";
    case "high":
    case "important":
      return "high";
    case "medium":
    case "moderate":
      return "medium";
    case "low":
      return "low";
    case "negligible":
    case "info":
    case "informational":
    case "none":
      return "info";
    default:
      return "unknown";
  }
}

/** Days a finding of each severity may stay open; `null`: no deadline. */
export type VulnSlaDays = Record<VulnSeverity, number | null>;

/**
 * Default SLAs (an organization sets its own in the register's settings). An unknown severity gets medium's window: a finding nobody
 * has rated is not harmless. Informational findings have no deadline.
 */
export const DEFAULT_VULN_SLA_DAYS: VulnSlaDays = {
  critical: 15,
  high: 30,
  medium: 90,
  low: 180,
  unknown: 90,
  info: null,
};

/** Due date and overdue flag of a finding first seen at `firstSeen`; `null` when its severity has no deadline. */
export function vulnerabilitySla(
  severity: VulnSeverity,
  firstSeen: Date,
  now: Date = new Date(),
  days: VulnSlaDays = DEFAULT_VULN_SLA_DAYS,
): SlaState | null {
  const window = days[severity];
  return window === null ? null : windowState(firstSeen, window, now);
}

/** The fix-by day (YYYY-MM-DD) of a finding whose window started at `from`; null when its severity has none. */
export function fixByDay(severity: VulnSeverity, from: Date, days: VulnSlaDays): string | null {
  const sla = vulnerabilitySla(severity, from, from, days);
  return sla ? sla.dueAt.toISOString().slice(0, 10) : null;
}

/** The longest a risk may be accepted for before someone must look at it again. */
export const MAX_ACCEPTANCE_DAYS = 365;

/**
 * Why a finding's risk cannot be accepted until `until` (YYYY-MM-DD) on `today`; null when it can. Accepting is a
 * decision with an end: the finding stays in the register, is not late meanwhile, and counts again after that day.
 */
export function acceptanceProblem(
  finding: { status: "open" | "resolved" },
  until: string,
  reason: string,
  today: string,
): string | null {
  if (finding.status !== "open") return "Only an open finding can have its risk accepted: this one is resolved.";
  if (until <= today) return "Accept the risk until a day after today.";
  const last = new Date(Date.parse(`${today}T00:00:00Z`) + MAX_ACCEPTANCE_DAYS * 86_400_000).toISOString().slice(0, 10);
  if (until > last)
    return `Accept a risk for at most ${MAX_ACCEPTANCE_DAYS} days (until ${last} at the latest), then review it again.`;
  if (reason.trim().length < 10) return "Say why the risk is accepted (at least 10 characters): the auditor will ask.";
  return null;
}

/** Whether an acceptance still holds on `today`. */
export const isAccepted = (acceptedUntil: string | null, today: string) => !!acceptedUntil && acceptedUntil >= today;

/** What the register knows of one finding in the scope an import covers. */
export type KnownState = "open" | "resolved";

export interface Reconciliation {
  /** Never seen in this scope: create, first seen now. */
  new: string[];
  /** Open and in the import again: still open, last seen now. */
  reseen: string[];
  /** Open but absent from the import: fixed, resolved now. */
  resolved: string[];
  /** Resolved before and back in the import: open again, with its original first-seen date. */
  reopened: string[];
}

/**
 * One import of a scanner's report for a scope (scanner + target): the findings it lists are the whole truth for
 * that scope at that time. `known` maps the fingerprints the register holds for the scope to their state; an
 * import listing a fingerprint twice counts it once. Each output list keeps the order of first appearance.
 */
export function reconcileImport(known: ReadonlyMap<string, KnownState>, imported: Iterable<string>): Reconciliation {
  const out: Reconciliation = { new: [], reseen: [], resolved: [], reopened: [] };
  const seen = new Set<string>();
  for (const fp of imported) {
    if (seen.has(fp)) continue;
    seen.add(fp);
    const state = known.get(fp);
    if (state === undefined) out.new.push(fp);
    else if (state === "open") out.reseen.push(fp);
    else out.reopened.push(fp);
  }
  for (const [fp, state] of known) if (state === "open" && !seen.has(fp)) out.resolved.push(fp);
  return out;
}

/** The register's states for the scope after a reconciliation is applied (used by tests and the importer alike). */
export function applyReconciliation(
  known: ReadonlyMap<string, KnownState>,
  r: Reconciliation,
): Map<string, KnownState> {
  const next = new Map(known);
  for (const fp of r.new) next.set(fp, "open");
  for (const fp of r.reopened) next.set(fp, "open");
  for (const fp of r.resolved) next.set(fp, "resolved");
  return next;
}

/** What a control check says (core/control-status.ts's ControlCheck without its source and label). */
export interface VulnCheck {
  state: "met" | "not_met" | "lapsed";
  reason: string;
}

/** Scans are expected at least monthly: a month and a day of grace between two reports. */
export const SCAN_INTERVAL_DAYS = 31;

/** OPS-06: whether a scanner report was imported recently enough; null before the first import. */
export function scanningCheck(lastImportAt: Date | null, now: Date): VulnCheck | null {
  if (!lastImportAt) return null;
  const days = Math.floor((now.getTime() - lastImportAt.getTime()) / 86_400_000);
  const ago = days === 0 ? "today" : days === 1 ? "yesterday" : `${days} days ago`;
  return days <= SCAN_INTERVAL_DAYS
    ? { state: "met", reason: `The last scanner report was imported ${ago}.` }
    : {
        state: "lapsed",
        reason: `No scanner report was imported for ${days} days: scans are expected at least every ${SCAN_INTERVAL_DAYS} days. Import the latest report.`,
      };
}

/** OPS-07: whether every open finding is within its fix-by date. */
export function remediationCheck(
  open: number,
  overdue: Partial<Record<VulnSeverity, number>>,
  /** Findings past their fix-by date whose risk is accepted (not in `overdue`). */
  acceptedLate = 0,
): VulnCheck {
  const late = VULN_SEVERITIES.filter((s) => (overdue[s] ?? 0) > 0);
  const total = late.reduce((n, s) => n + overdue[s]!, 0);
  const accepted = acceptedLate
    ? ` ${acceptedLate} past ${acceptedLate === 1 ? "its" : "their"} fix-by date ${acceptedLate === 1 ? "has its" : "have their"} risk accepted for a time.`
    : "";
  if (!total)
    return {
      state: "met",
      reason:
        open === 0
          ? "No vulnerability is open."
          : `None of the ${open} open ${open === 1 ? "finding is" : "findings is"} past its fix-by date without an accepted risk.${accepted}`,
    };
  const bySeverity = late.map((s) => `${overdue[s]} ${s}`).join(", ");
  return {
    state: "not_met",
    reason: `${total} ${total === 1 ? "finding is" : "findings are"} past the fix-by date of ${total === 1 ? "its" : "their"} severity (${bySeverity}): fix ${total === 1 ? "it" : "them"} or record a risk acceptance.`,
  };
}
