/**
 * The incident register's rules, without I/O: severities, the lifecycle as a state machine (which moves are
 * allowed, what each stamps, what a skip records), the order of an incident's times, notification deadlines, and
 * what the register says about INC-04, INC-06, INC-08 and INC-09. The API and the web app share them.
 */

export const INCIDENT_SEVERITIES = ["sev1", "sev2", "sev3", "sev4"] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];
export const SEVERITY_WORDS: Record<IncidentSeverity, string> = {
  sev1: "critical",
  sev2: "high",
  sev3: "medium",
  sev4: "low",
};

/** The lifecycle in order; `not_incident` closes an event that turned out not to be one (from detected or triaged). */
export const INCIDENT_LIFECYCLE = ["detected", "triaged", "contained", "resolved", "postmortem_done"] as const;
export const INCIDENT_STATUSES = [...INCIDENT_LIFECYCLE, "not_incident"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, string> = {
  detected: "Detected",
  triaged: "Triaged",
  contained: "Contained",
  resolved: "Resolved",
  postmortem_done: "Post-mortem done",
  not_incident: "Closed: not an incident",
};
/** Statuses after which nothing moves any more. */
export const CLOSED_STATUSES: readonly IncidentStatus[] = ["postmortem_done", "not_incident"];
export const isClosed = (s: IncidentStatus) => CLOSED_STATUSES.includes(s);

/** The time each status stamps when the incident enters it. */
export const STATUS_STAMPS = {
  detected: "detectedAt",
  triaged: "triagedAt",
  contained: "containedAt",
  resolved: "resolvedAt",
  postmortem_done: "postmortemAt",
  not_incident: "closedAt",
} as const satisfies Record<IncidentStatus, string>;
export type StampField = (typeof STATUS_STAMPS)[IncidentStatus];

export type IncidentTimes = { [K in StampField]: Date | null } & { detectedAt: Date };

export interface TransitionSubject extends IncidentTimes {
  status: IncidentStatus;
  rootCause: string;
  lessonsLearned: string;
}

const rank = (s: IncidentStatus) => INCIDENT_LIFECYCLE.indexOf(s as (typeof INCIDENT_LIFECYCLE)[number]);

/** Where an incident may go from `status`: every later lifecycle state (skips allowed), and "not an incident" early on. */
export function nextStatuses(status: IncidentStatus): IncidentStatus[] {
  if (isClosed(status)) return [];
  const later = INCIDENT_LIFECYCLE.slice(rank(status) + 1);
  return status === "detected" || status === "triaged" ? [...later, "not_incident"] : [...later];
}

export type TransitionPlan =
  | { ok: true; stamps: Partial<Record<StampField, Date>>; skipped: IncidentStatus[] }
  | { ok: false; code: string; message: string };

const label = (s: IncidentStatus) => INCIDENT_STATUS_LABELS[s].toLowerCase();
const fmt = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** Clocks differ a little: a time up to this far ahead of the server's is taken as "now". */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Plans moving `incident` to `to` at `at`: the stamp it sets and the states it skips, or why it is refused (a move
 * backwards, out of a closed state, a post-mortem without root cause and lessons, a time before the last stamp).
 */
export function planTransition(incident: TransitionSubject, to: IncidentStatus, at: Date, now: Date): TransitionPlan {
  const from = incident.status;
  if (from === to) return { ok: false, code: "already_in_status", message: `The incident is already ${label(to)}.` };
  if (isClosed(from))
    return {
      ok: false,
      code: "incident_closed",
      message: `The incident is closed (${label(from)}): it cannot move any more. Add a timeline entry to record what happened since.`,
    };
  if (to === "not_incident" && !nextStatuses(from).includes(to))
    return {
      ok: false,
      code: "transition_refused",
      message: `Only an incident still detected or triaged can be closed as not an incident; this one is already ${label(from)}. Resolve it instead.`,
    };
  if (to !== "not_incident" && rank(to) < rank(from))
    return {
      ok: false,
      code: "transition_backwards",
      message: `The incident is already ${label(from)}: it cannot go back to ${label(to)}. If it flared up again, add a timeline entry, or log a new incident.`,
    };
  if (to === "postmortem_done") {
    const missing = [
      incident.rootCause.trim() ? null : "the root cause",
      incident.lessonsLearned.trim() ? null : "the lessons learned",
    ].filter(Boolean);
    if (missing.length)
      return {
        ok: false,
        code: "postmortem_incomplete",
        message: `Write ${missing.join(" and ")} before marking the post-mortem done.`,
      };
  }
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS)
    return { ok: false, code: "time_in_future", message: `${fmt(at)} is in the future.` };
  const last = lastStamp(incident);
  if (at < last.at)
    return {
      ok: false,
      code: "times_out_of_order",
      message: `The incident cannot be ${label(to)} at ${fmt(at)}: that is before it was ${label(last.status)} (${fmt(last.at)}).`,
    };
  const skipped = to === "not_incident" ? [] : INCIDENT_LIFECYCLE.slice(rank(from) + 1, rank(to));
  return { ok: true, stamps: { [STATUS_STAMPS[to]]: at }, skipped: [...skipped] };
}

/** The latest time the incident has stamped, with the status that stamped it. */
export function lastStamp(t: IncidentTimes): { status: IncidentStatus; at: Date } {
  let last = { status: "detected" as IncidentStatus, at: t.detectedAt };
  for (const s of INCIDENT_STATUSES) {
    const at = t[STATUS_STAMPS[s]];
    if (at && at >= last.at) last = { status: s, at };
  }
  return last;
}

/**
 * Whether the lifecycle times follow each other (a missing one is skipped): the first one out of order as a
 * sentence, or null.
 */
export function timesOutOfOrder(t: Partial<IncidentTimes>): string | null {
  let prev: { status: IncidentStatus; at: Date } | null = null;
  for (const s of INCIDENT_LIFECYCLE) {
    const at = t[STATUS_STAMPS[s]];
    if (!at) continue;
    if (prev && at < prev.at)
      return `The incident is ${label(s)} at ${fmt(at)}, before it was ${label(prev.status)} (${fmt(prev.at)}): put the times in order.`;
    prev = { status: s, at };
  }
  if (t.closedAt && t.detectedAt && t.closedAt < t.detectedAt)
    return `The incident is closed at ${fmt(t.closedAt)}, before it was detected (${fmt(t.detectedAt)}).`;
  return null;
}

/** Whether a timeline entry's time lies within the incident's life (from detection to now; a little skew allowed). */
export function timelineTimeProblem(detectedAt: Date, at: Date, now: Date): string | null {
  if (at < detectedAt)
    return `${fmt(at)} is before the incident was detected (${fmt(detectedAt)}). Change the detection time first if it started earlier.`;
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) return `${fmt(at)} is in the future.`;
  return null;
}

// ---- notification obligations ----------------------------------------------------------------------------------

export const OBLIGATION_AUDIENCES = ["regulator", "customers", "data_subjects", "partners", "other"] as const;
export type ObligationAudience = (typeof OBLIGATION_AUDIENCES)[number];
export const OBLIGATION_AUDIENCE_LABELS: Record<ObligationAudience, string> = {
  regulator: "Regulator",
  customers: "Customers",
  data_subjects: "Data subjects",
  partners: "Partners",
  other: "Other",
};

/** A personal-data breach is reported to the supervisory authority within 72 hours of becoming aware of it. */
export const PERSONAL_DATA_REGULATOR_HOURS = 72;
/** Suggested windows when the person adding an obligation gives none (contracts usually say 24–72 h). */
export const SUGGESTED_HOURS: Record<ObligationAudience, number> = {
  regulator: PERSONAL_DATA_REGULATOR_HOURS,
  customers: 72,
  data_subjects: 72,
  partners: 72,
  other: 72,
};
/** An obligation is "due soon" (its owner is told) within this many hours of its deadline. */
export const DUE_SOON_HOURS = 24;
const HOUR_MS = 3_600_000;

/** The deadline: detection plus the obligation's hours. */
export const obligationDeadline = (detectedAt: Date, hours: number) => new Date(detectedAt.getTime() + hours * HOUR_MS);

export type ObligationState = "notified" | "notified_late" | "overdue" | "due_soon" | "pending";

/** Where an obligation stands at `now`. */
export function obligationState(o: { deadlineAt: Date; notifiedAt: Date | null }, now: Date): ObligationState {
  if (o.notifiedAt) return o.notifiedAt > o.deadlineAt ? "notified_late" : "notified";
  if (now > o.deadlineAt) return "overdue";
  if (o.deadlineAt.getTime() - now.getTime() <= DUE_SOON_HOURS * HOUR_MS) return "due_soon";
  return "pending";
}

/** Hours left before the deadline (negative: past it), rounded down to whole hours. */
export const hoursLeft = (deadlineAt: Date, now: Date) => Math.floor((deadlineAt.getTime() - now.getTime()) / HOUR_MS);

// ---- control checks ---------------------------------------------------------------------------------------------

export interface IncidentCheck {
  state: "met" | "not_met" | "lapsed";
  reason: string;
}

/** An incident still "detected" after this many hours has not been triaged in time. */
export const TRIAGE_HOURS = 24;
/** Sev1 and sev2 incidents get their post-mortem within this many days of resolution. */
export const POSTMORTEM_DAYS = 30;
/** A tabletop exercise or a real post-mortem is expected at least this often. */
export const EXERCISE_MONTHS = 12;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const names = (xs: readonly { title: string }[]) =>
  xs
    .slice(0, 3)
    .map((x) => `“${x.title}”`)
    .join(", ") + (xs.length > 3 ? ` and ${xs.length - 3} more` : "");

/** INC-04: every incident has a severity, an owner and a timeline, and none waits in "detected" past a day. */
export function recordsCheck(
  incidents: readonly {
    title: string;
    status: IncidentStatus;
    severity: IncidentSeverity | null;
    ownerUserId: string | null;
    timelineEntries: number;
    detectedAt: Date;
  }[],
  now: Date,
): IncidentCheck | null {
  const real = incidents.filter((i) => i.status !== "not_incident");
  if (!real.length) return null;
  const incomplete = real.filter((i) => !i.severity || !i.ownerUserId || i.timelineEntries === 0);
  const stuck = real.filter(
    (i) => i.status === "detected" && now.getTime() - i.detectedAt.getTime() > TRIAGE_HOURS * HOUR_MS,
  );
  const problems: string[] = [];
  if (incomplete.length)
    problems.push(
      `${plural(incomplete.length, "incident lacks", "incidents lack")} a severity, an owner or a timeline entry (${names(incomplete)})`,
    );
  if (stuck.length)
    problems.push(
      `${plural(stuck.length, "incident has", "incidents have")} waited more than ${TRIAGE_HOURS} hours to be triaged (${names(stuck)})`,
    );
  if (problems.length) return { state: "not_met", reason: `${problems.join("; ")}.` };
  return {
    state: "met",
    reason: `${plural(real.length, "incident is", "incidents are")} recorded with a severity, an owner and a timeline, and triaged in time.`,
  };
}

/** INC-08: every resolved sev1/sev2 incident has its post-mortem done within 30 days of resolution; null: none resolved. */
export function postmortemCheck(
  incidents: readonly {
    title: string;
    severity: IncidentSeverity | null;
    resolvedAt: Date | null;
    postmortemAt: Date | null;
  }[],
  now: Date,
): IncidentCheck | null {
  const major = incidents.filter((i) => (i.severity === "sev1" || i.severity === "sev2") && i.resolvedAt);
  if (!major.length) return null;
  const limit = (i: { resolvedAt: Date | null }) => i.resolvedAt!.getTime() + POSTMORTEM_DAYS * 86_400_000;
  const late = major.filter((i) => (i.postmortemAt ? i.postmortemAt.getTime() > limit(i) : now.getTime() > limit(i)));
  if (late.length)
    return {
      state: "not_met",
      reason: `${plural(late.length, "sev1/sev2 incident has", "sev1/sev2 incidents have")} no post-mortem done within ${POSTMORTEM_DAYS} days of resolution (${names(late)}).`,
    };
  return {
    state: "met",
    reason: `Every resolved sev1/sev2 incident (${major.length}) had its post-mortem within ${POSTMORTEM_DAYS} days, or is still within them.`,
  };
}

/** INC-09: a tabletop exercise or a real post-mortem in the last 12 months; null when the register holds neither. */
export function exerciseCheck(lastExercise: Date | null, lastPostmortem: Date | null, now: Date): IncidentCheck | null {
  const last = [lastExercise, lastPostmortem]
    .filter((d): d is Date => !!d)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  if (!last) return null;
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - EXERCISE_MONTHS);
  const what = last === lastExercise ? "tabletop exercise" : "incident post-mortem";
  const day = last.toISOString().slice(0, 10);
  if (last >= since) return { state: "met", reason: `The incident response was last tested by a ${what} on ${day}.` };
  return {
    state: "lapsed",
    reason: `The last test of the incident response was a ${what} on ${day}, more than ${EXERCISE_MONTHS} months ago: hold a tabletop exercise.`,
  };
}

/** INC-06: no notification obligation past its deadline without the notice sent; null when there are none. */
export function notificationCheck(
  obligations: readonly { incident: string; audience: ObligationAudience; deadlineAt: Date; notifiedAt: Date | null }[],
  now: Date,
): IncidentCheck | null {
  if (!obligations.length) return null;
  const overdue = obligations.filter((o) => obligationState(o, now) === "overdue");
  if (overdue.length)
    return {
      state: "not_met",
      reason: `${plural(overdue.length, "notification is", "notifications are")} past the deadline: ${overdue
        .slice(0, 3)
        .map((o) => `${OBLIGATION_AUDIENCE_LABELS[o.audience].toLowerCase()} for “${o.incident}”`)
        .join(", ")}. Send them and record when.`,
    };
  return {
    state: "met",
    reason: `No notification is past its deadline (${plural(obligations.length, "obligation", "obligations")} recorded).`,
  };
}
