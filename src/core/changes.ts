/**
 * Change register rules, pure: what counts as an independent review, the flags a change carries (unreviewed,
 * emergency without its after-the-fact approval, unsigned, checks failed), who may approve an emergency change after
 * the fact, and what CHG-02, CHG-03 and CHG-06 say about the changes of the last 90 days (docs/changes.md).
 * Shared with the web app.
 */

export const CHANGE_SOURCES = ["manual", "github", "git"] as const;
export type ChangeSource = (typeof CHANGE_SOURCES)[number];

export const CHANGE_STATUSES = ["proposed", "approved", "merged", "deployed", "rolled_back", "cancelled"] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** Days an emergency change may wait for its after-the-fact approval before it is flagged. */
export const DEFAULT_EMERGENCY_APPROVAL_DAYS = 3;
/** The range an organization may set its window in (days). */
export const MIN_EMERGENCY_APPROVAL_DAYS = 1;
export const MAX_EMERGENCY_APPROVAL_DAYS = 30;
/** The window CHG-02, CHG-03 and CHG-06 look back over. */
export const CHANGE_CHECK_WINDOW_DAYS = 90;

const DAY = 86_400_000;

export interface Approval {
  /** Who approved: a GitHub login, a name or an email. */
  by: string;
  /** When (ISO), when known. */
  at: string | null;
}

/** What the rules look at of one change. */
export interface ChangeEvidence {
  source: ChangeSource;
  author: string | null;
  committer: string | null;
  approvals: readonly Approval[];
  checksPassed: boolean | null;
  /** git's %G? code: N is no signature; null when the source does not tell. */
  signature: string | null;
  mergedAt: Date | null;
  deployedAt: Date | null;
  emergency: boolean;
  emergencyApprovedAt: Date | null;
}

/**
 * One person, however a source names them: "Ada Lovelace <ada@example.test>", "ada@example.test", "@ada" or "ada"
 * all compare by the lower-cased email when there is one, else the lower-cased name without a leading @.
 */
export function identityKey(who: string | null | undefined): string {
  const s = (who ?? "").trim().toLowerCase();
  const email = /<([^<>]+)>\s*$/.exec(s)?.[1] ?? (s.includes("@") && !s.startsWith("@") ? s : null);
  return (email ?? s.replace(/^@/, "")).trim();
}

/** Two mentions of the same person (an empty one is nobody). */
export function samePerson(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = identityKey(a);
  if (!x) return false;
  if (x === identityKey(b)) return true;
  // "Ada <ada@example.test>" against "Ada": the name part counts too.
  const name = (v: string | null | undefined) =>
    (v ?? "")
      .replace(/<[^<>]*>\s*$/, "")
      .trim()
      .toLowerCase()
      .replace(/^@/, "");
  return !!name(a) && name(a) === name(b);
}

/** Approvers other than the author: the independent reviews. */
export function independentApprovals(c: Pick<ChangeEvidence, "author" | "approvals">): Approval[] {
  return c.approvals.filter((a) => a.by.trim() && !samePerson(a.by, c.author));
}

/** A git commit committed by someone other than its author: the committer applied another person's work. */
export function independentCommitter(c: Pick<ChangeEvidence, "source" | "author" | "committer">): boolean {
  return c.source === "git" && !!c.author && !!c.committer && !samePerson(c.author, c.committer);
}

/** The moment the change reached the main line or production: merged, else deployed. */
export const landedAt = (c: Pick<ChangeEvidence, "mergedAt" | "deployedAt">): Date | null => c.mergedAt ?? c.deployedAt;

/**
 * Merged (or deployed) without an independent review: nobody but the author approved it and, for a git commit,
 * its committer is its author. A change not landed yet is not judged.
 */
export function isUnreviewed(c: ChangeEvidence): boolean {
  if (!landedAt(c)) return false;
  return independentApprovals(c).length === 0 && !independentCommitter(c);
}

export type EmergencyState = "not_emergency" | "approved" | "approved_late" | "pending" | "overdue";

/** Where an emergency change stands with its after-the-fact approval, `days` after it landed. */
export function emergencyState(c: ChangeEvidence, now: Date, days = DEFAULT_EMERGENCY_APPROVAL_DAYS): EmergencyState {
  if (!c.emergency) return "not_emergency";
  const landed = landedAt(c);
  const deadline = landed ? landed.getTime() + days * DAY : null;
  if (c.emergencyApprovedAt)
    return deadline !== null && c.emergencyApprovedAt.getTime() > deadline ? "approved_late" : "approved";
  return deadline !== null && now.getTime() > deadline ? "overdue" : "pending";
}

export interface ChangeFlags {
  unreviewed: boolean;
  /** An emergency change still without its after-the-fact approval after the allowed days. */
  emergencyUnapproved: boolean;
  /** A git commit without a signature. */
  unsigned: boolean;
  /** Its checks ran and did not pass. */
  checksFailed: boolean;
}

export function changeFlags(c: ChangeEvidence, now: Date, days = DEFAULT_EMERGENCY_APPROVAL_DAYS): ChangeFlags {
  const e = emergencyState(c, now, days);
  return {
    unreviewed: isUnreviewed(c),
    emergencyUnapproved: e === "overdue",
    unsigned: c.source === "git" && c.signature === "N",
    checksFailed: c.checksPassed === false,
  };
}

/** Who wants to approve an emergency change after the fact. */
export interface Approver {
  userId: string;
  name: string;
  email: string;
}

/**
 * Why this person may not approve this emergency change after the fact, or null when they may. The author (by
 * name, email or login) never approves their own change; a change recorded by hand without an author cannot be
 * approved by the person who recorded it.
 */
export function emergencyApprovalRefusal(
  c: Pick<ChangeEvidence, "emergency" | "emergencyApprovedAt" | "author" | "committer"> & { createdBy: string | null },
  approver: Approver,
): string | null {
  if (!c.emergency) return "Only an emergency change is approved after the fact.";
  if (c.emergencyApprovedAt) return "This emergency change is already approved.";
  const mentions = [approver.email, approver.name].filter(Boolean);
  if (mentions.some((m) => samePerson(m, c.author)))
    return "The author of a change cannot approve it: another person must.";
  if (!c.author && c.createdBy === approver.userId)
    return "This change names no author, and you recorded it: another person must approve it.";
  return null;
}

/** Plain dates in order (YYYY-MM-DD compare as text). */
export const datesInOrder = (from: string | undefined, to: string | undefined) => !from || !to || from <= to;

export interface CheckVerdict {
  state: "met" | "not_met";
  reason: string;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * CHG-02: every change merged in the window had an independent review. Null when nothing landed in the window
 * (the register says nothing then).
 */
export function reviewCheck(landed: number, unreviewed: number, windowDays = CHANGE_CHECK_WINDOW_DAYS) {
  if (landed === 0) return null;
  return unreviewed === 0
    ? ({
        state: "met",
        reason: `All ${plural(landed, "change")} merged in the last ${windowDays} days had an independent review.`,
      } satisfies CheckVerdict)
    : ({
        state: "not_met",
        reason: `${plural(unreviewed, "change")} of ${landed} merged in the last ${windowDays} days had no independent review: review them after the fact or explain them.`,
      } satisfies CheckVerdict);
}

/** CHG-03: the checks passed on merged changes where the source says. Null when no change says. */
export function checksCheck(known: number, failed: number, windowDays = CHANGE_CHECK_WINDOW_DAYS) {
  if (known === 0) return null;
  return failed === 0
    ? ({
        state: "met",
        reason: `Checks passed on all ${plural(known, "merged change")} of the last ${windowDays} days that report them.`,
      } satisfies CheckVerdict)
    : ({
        state: "not_met",
        reason: `${plural(failed, "change")} of ${known} merged in the last ${windowDays} days did not pass their checks.`,
      } satisfies CheckVerdict);
}

/**
 * CHG-06: every emergency change of the window approved after the fact within `days`. Late approvals and overdue
 * ones fail it; those still inside their days do not. Null without emergency changes.
 */
export function emergencyCheck(
  states: readonly EmergencyState[],
  days = DEFAULT_EMERGENCY_APPROVAL_DAYS,
  windowDays = CHANGE_CHECK_WINDOW_DAYS,
) {
  const emergencies = states.filter((s) => s !== "not_emergency");
  if (!emergencies.length) return null;
  const overdue = emergencies.filter((s) => s === "overdue").length;
  const late = emergencies.filter((s) => s === "approved_late").length;
  if (!overdue && !late)
    return {
      state: "met",
      reason: `${plural(emergencies.length, "emergency change")} of the last ${windowDays} days, each approved after the fact within ${plural(days, "day")} (or still within them).`,
    } satisfies CheckVerdict;
  const parts = [
    ...(overdue ? [`${plural(overdue, "emergency change")} still without approval after ${plural(days, "day")}`] : []),
    ...(late ? [`${plural(late, "emergency change")} approved later than ${plural(days, "day")}`] : []),
  ];
  return { state: "not_met", reason: `${parts.join("; ")} (last ${windowDays} days).` } satisfies CheckVerdict;
}
