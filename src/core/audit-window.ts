/**
 * The audit window rules, in one place for the server (validation, warnings) and the web app (live advice, the
 * length shown beside the dates, suggestions). Dates are plain ISO days (YYYY-MM-DD, UTC); a window counts both its
 * first and its last day. "Today" is always a parameter, so the rules stay pure.
 */
import { addDays, addMonths, daysBetween, utcDay } from "./dates.ts";

export { addMonths };

export type ReportType = "type1" | "type2";

export interface ReportPeriod {
  reportType: ReportType;
  asOfDate: string | null;
  windowStart: string | null;
  windowEnd: string | null;
}

/** A Type II report covers at most 12 months. */
export const MAX_WINDOW_MONTHS = 12;
/** Auditors rarely accept a shorter Type II window; customers expect at least 6 months. */
export const MIN_WINDOW_DAYS = 90;
export const USUAL_WINDOW_DAYS = 180;
/** A window (or as-of date) further back than this is too old to start a new report on. */
export const STALE_AFTER_MONTHS = 3;
/** Dates outside these years are typing mistakes, not report periods. */
export const EARLIEST_DAY = "2000-01-01";
export const LATEST_DAY = "2099-12-31";

/** Days in the window, counting its first and last day (1 Jan – 31 Jan is 31 days). */
export const windowDays = (start: string, end: string) => daysBetween(start, end) + 1;

/** Whole months a number of days is closest to (an average month is 30.44 days). */
export const approxMonths = (days: number) => Math.round(days / 30.44);

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/** "183 days (about 6 months)", or "12 days" under a month: the one way every screen states a length. */
export function lengthText(days: number): string {
  const months = approxMonths(days);
  return months >= 1 ? `${plural(days, "day")} (about ${plural(months, "month")})` : plural(days, "day");
}

/** The last day a window starting on `start` may end on. */
export const latestEnd = (start: string) => addDays(addMonths(start, MAX_WINDOW_MONTHS), -1);

const formatDay = (day: string) =>
  new Date(`${day}T00:00:00Z`).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });

/** Whole months from `from` to `to` (0 when less than one). */
function monthsBetween(from: string, to: string): number {
  let n = 0;
  while (addMonths(from, n + 1) <= to) n++;
  return n;
}

const outOfRange = (day: string) => day < EARLIEST_DAY || day > LATEST_DAY;

export interface PeriodVerdict {
  /** problem: cannot be saved; advice: can be saved but deserves a second look; good: nothing to say. */
  level: "problem" | "advice" | "good";
  /** Sentences in people's words (empty when good). */
  messages: string[];
  /** The date a problem is about. */
  field?: "asOfDate" | "windowStart" | "windowEnd";
}

/** What to say about a report period on `today`. */
export function periodVerdict(p: ReportPeriod, today: string = utcDay()): PeriodVerdict {
  const problem = (m: string, field: PeriodVerdict["field"]): PeriodVerdict => ({
    level: "problem",
    messages: [m],
    field,
  });
  const advice = (...messages: string[]): PeriodVerdict =>
    messages.length ? { level: "advice", messages } : { level: "good", messages: [] };
  // Three months after the day is already past (counted forward from the day, as people count "three months ago",
  // so month ends agree: 28 February is stale on 29 May, not 31 May).
  const isStale = (day: string) => addMonths(day, STALE_AFTER_MONTHS) < today;

  if (p.reportType === "type1") {
    if (!p.asOfDate) return advice("Pick the “as of” date: a Type I report describes the controls on one day.");
    if (outOfRange(p.asOfDate))
      return problem(
        `The as-of date ${p.asOfDate} is not a plausible report date: pick a date between 2000 and 2099.`,
        "asOfDate",
      );
    if (isStale(p.asOfDate))
      return advice(
        `The as-of date, ${formatDay(p.asOfDate)}, is ${plural(monthsBetween(p.asOfDate, today), "month")} in the past: a new report describes your controls on a recent or coming day. Pick a date in the coming months.`,
      );
    return advice();
  }

  const { windowStart: start, windowEnd: end } = p;
  for (const [day, field] of [
    [start, "windowStart"],
    [end, "windowEnd"],
  ] as const)
    if (day && outOfRange(day))
      return problem(`${day} is not a plausible audit window date: pick dates between 2000 and 2099.`, field);
  if (!start || !end) return advice("Pick the audit window: a Type II report covers a period, usually 6 to 12 months.");
  if (end <= start) return problem("The audit window must end after it starts.", "windowEnd");
  const days = windowDays(start, end);
  if (end > latestEnd(start))
    return problem(
      `The window is ${lengthText(days)}. A Type II report covers at most 12 months: end it by ${formatDay(latestEnd(start))}, or split it into yearly windows.`,
      "windowEnd",
    );
  const messages: string[] = [];
  if (isStale(end))
    messages.push(
      `The window ended on ${formatDay(end)}, ${plural(monthsBetween(end, today), "month")} ago: auditors report on a window soon after it ends, so this one is too old for a new report. Pick a window that ends in the future, or use “Last 12 months”.`,
    );
  if (days < MIN_WINDOW_DAYS)
    messages.push(
      `The window is ${lengthText(days)}. Auditors rarely accept a Type II window under 3 months, and customers expect 6–12 months: consider a longer window.`,
    );
  else if (days < USUAL_WINDOW_DAYS)
    messages.push(
      `The window is ${lengthText(days)}: acceptable for a first report, but customers usually expect 6–12 months from the next one on.`,
    );
  return advice(...messages);
}

export interface Window {
  windowStart: string;
  windowEnd: string;
}

/** A window of `months` months starting on `start`. */
export const windowStartingOn = (start: string, months: number): Window => ({
  windowStart: start,
  windowEnd: addDays(addMonths(start, months), -1),
});

/** A window of `months` months ending on `end` (a report on the period just finished). */
export const windowEndingOn = (end: string, months: number): Window => ({
  windowStart: addDays(addMonths(end, -months), 1),
  windowEnd: end,
});

/**
 * The window a "6 months" or "12 months" suggestion fills in: from the start already picked when that start is
 * today or later, otherwise from the first of next month (an old start would suggest a window in the past).
 */
export function suggestWindow(months: number, today: string, start?: string | null): Window {
  if (start && start >= today && !outOfRange(start)) return windowStartingOn(start, months);
  return windowStartingOn(addMonths(`${today.slice(0, 7)}-01`, 1), months);
}
