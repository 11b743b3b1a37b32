/**
 * Remediation SLAs for failing tests: how long a failure of each severity may stay open before it is overdue.
 * The clock starts when the failure was first seen (the start of its status interval) and stops while an
 * approved exception covers it (an excepted failure is never overdue; when the exception ends, the original
 * clock applies again — an exception postpones nothing).
 */
export const SEVERITIES = ["critical", "high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Days a failure of each severity may stay open. */
export const SLA_DAYS: Record<Severity, number> = { critical: 7, high: 30, medium: 90, low: 180 };

const DAY_MS = 86_400_000;

export interface SlaState {
  /** When the failure must be fixed by. */
  dueAt: Date;
  overdue: boolean;
  /** Whole days left (negative: days overdue). */
  daysLeft: number;
}

/** The SLA of one failure first seen at `failingSince`; `excepted` failures are not overdue. */
export function slaState(severity: Severity, failingSince: Date, now: Date = new Date(), excepted = false): SlaState {
  return windowState(failingSince, SLA_DAYS[severity], now, excepted);
}

/** Due date, overdue flag and days left of a window of `days` days opened at `since` (shared by every SLA). */
export function windowState(since: Date, days: number, now: Date, excepted = false): SlaState {
  const dueAt = new Date(since.getTime() + days * DAY_MS);
  const msLeft = dueAt.getTime() - now.getTime();
  return {
    dueAt,
    overdue: !excepted && msLeft < 0,
    daysLeft: msLeft >= 0 ? Math.floor(msLeft / DAY_MS) : -Math.ceil(-msLeft / DAY_MS),
  };
}

/** Sort order for severities, most severe first. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
