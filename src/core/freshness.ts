/**
 * Evidence freshness: when the evidence of a control goes stale, given how often the control operates.
 *
 * The rule, in words: evidence is current for one interval of the control's frequency, plus a grace period to
 * collect the next piece, counted from its *anchor day* — the last day of the period it covers, or the day it was
 * collected if that came first (evidence gathered before its period ended cannot vouch for the rest of it; a
 * report collected long after the period it covers vouches only for that period). A control's evidence is as
 * fresh as its freshest piece. Owners are reminded a little before (14 days for quarterly and annual controls,
 * proportionally less for shorter intervals; daily and continuous controls are not reminded, they are monitored).
 * Controls that operate on an event (`on_event`) have no clock: any evidence keeps them current.
 *
 * Two exceptions to the frequency rule:
 * - Manual evidence of a continuous or daily control (a person's upload, link or statement) vouches for 30 days
 *   (MANUAL_SNAPSHOT_RULE). One interval plus one day of grace is right for evidence a connector or agent collects
 *   every day; a person cannot upload a screenshot of a monitoring setup daily, so under that rule such a control
 *   flapped to stale two days after every upload. Auditors sample continuously operating controls; a monthly
 *   snapshot, as for a monthly control, is what a person can keep up. Automated evidence keeps the daily rule: when
 *   it goes stale, a sync or agent has stopped.
 * - A control may carry an override (days, with a reason people must give): every piece of its evidence then
 *   vouches for that many days from its anchor day, whatever its source or the control's frequency.
 *
 * Days are UTC calendar days; month arithmetic clamps to the month's end (Jan 31 + 1 month = Feb 28), exactly as
 * PostgreSQL's `date + interval` does, so `staleOnSql` (used to filter lists in the database) agrees with this code.
 */

export const FRESHNESS_FREQUENCIES = [
  "continuous",
  "daily",
  "weekly",
  "monthly",
  "quarterly",
  "annually",
  "on_event",
] as const;
export type FreshnessFrequency = (typeof FRESHNESS_FREQUENCIES)[number];

export interface FreshnessRule {
  /** How long one piece of evidence vouches for the control: calendar months plus days. */
  months: number;
  days: number;
  /** Days allowed after that to collect the next piece. */
  graceDays: number;
  /** Days before going stale that the owner is reminded (0: no reminder). */
  remindDays: number;
}

/** null: the control has no clock (on_event). */
export const FRESHNESS_RULES: Record<FreshnessFrequency, FreshnessRule | null> = {
  continuous: { months: 0, days: 1, graceDays: 1, remindDays: 0 },
  daily: { months: 0, days: 1, graceDays: 1, remindDays: 0 },
  weekly: { months: 0, days: 7, graceDays: 2, remindDays: 1 },
  monthly: { months: 1, days: 0, graceDays: 7, remindDays: 5 },
  quarterly: { months: 3, days: 0, graceDays: 14, remindDays: 14 },
  annually: { months: 12, days: 0, graceDays: 30, remindDays: 14 },
  on_event: null,
};

/** Manual evidence of a continuous or daily control: fresh for 30 days, reminded 5 days before (see above). */
export const MANUAL_SNAPSHOT_RULE: FreshnessRule = { months: 0, days: 30, graceDays: 0, remindDays: 5 };
const SNAPSHOT_FREQUENCIES: readonly FreshnessFrequency[] = ["continuous", "daily"];

/** The longest override people may set (a bit over a year: annual controls already have 13 months). */
export const MAX_OVERRIDE_DAYS = 400;

/** A control's clock: its frequency and the override people set on it (days; null or undefined: none). */
export interface FreshnessClock {
  frequency: FreshnessFrequency;
  overrideDays?: number | null;
}

/** One piece of evidence as the rule sees it. */
export interface FreshnessEvidence {
  collectedAt: Date;
  /** Last day of the period it covers (YYYY-MM-DD), when it covers one. */
  effectiveTo?: string | null;
  /** manual | integration | agent; left out: treated as collected automatically (the frequency rule). */
  source?: string | null;
}

const clockOf = (c: FreshnessFrequency | FreshnessClock): FreshnessClock =>
  typeof c === "string" ? { frequency: c } : c;

/** The rule for one piece of evidence of a control (null: no clock). Overrides remind ~1/6 ahead, at most 14 days. */
export function ruleFor(control: FreshnessFrequency | FreshnessClock, source?: string | null): FreshnessRule | null {
  const { frequency, overrideDays } = clockOf(control);
  if (overrideDays)
    return { months: 0, days: overrideDays, graceDays: 0, remindDays: Math.min(14, Math.floor(overrideDays / 6)) };
  if (source === "manual" && SNAPSHOT_FREQUENCIES.includes(frequency)) return MANUAL_SNAPSHOT_RULE;
  return FRESHNESS_RULES[frequency];
}

export type FreshnessState = "missing" | "current" | "due_soon" | "stale";

export interface Freshness {
  /** missing: no evidence; due_soon: past the reminder day; stale: past the stale day. */
  state: FreshnessState;
  stale: boolean;
  count: number;
  latestCollectedAt: Date | null;
  /** First moment (00:00 UTC of the day) the evidence counts as stale; null without evidence or without a clock. */
  staleAt: Date | null;
  /** When the owner should be reminded; null when there is nothing to remind about. */
  remindAt: Date | null;
  /** A sentence a person can read. */
  reason: string;
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC calendar day of a moment, as YYYY-MM-DD. */
export const utcDay = (d: Date) => d.toISOString().slice(0, 10);

function parseDay(day: string): { y: number; m: number; d: number } {
  const match = DATE.exec(day);
  if (!match) throw new Error(`Not a date (YYYY-MM-DD): ${day}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

/** Adds calendar months (clamping to the month's end, as PostgreSQL does) and days to a YYYY-MM-DD day. */
export function addToDay(day: string, months: number, days: number): string {
  const { y, m, d } = parseDay(day);
  const monthIndex = y * 12 + (m - 1) + months;
  const ny = Math.floor(monthIndex / 12);
  const nm = monthIndex - ny * 12;
  const lastDay = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  const base = Date.UTC(ny, nm, Math.min(d, lastDay));
  return utcDay(new Date(base + days * DAY_MS));
}

const dayStart = (day: string) => new Date(`${day}T00:00:00.000Z`);

/** The day a piece of evidence starts counting from: the end of its period, or its collection day if earlier. */
export function anchorDay(e: FreshnessEvidence): string {
  const collected = utcDay(e.collectedAt);
  return e.effectiveTo && e.effectiveTo < collected ? e.effectiveTo : collected;
}

/** The first day a single piece of evidence counts as stale for a control of `frequency` (null: never). */
export function staleOn(control: FreshnessFrequency | FreshnessClock, e: FreshnessEvidence): string | null {
  const rule = ruleFor(control, e.source);
  if (!rule) return null;
  return addToDay(anchorDay(e), rule.months, rule.days + rule.graceDays);
}

const FREQUENCY_WORDS: Record<FreshnessFrequency, string> = {
  continuous: "continuously",
  daily: "daily",
  weekly: "weekly",
  monthly: "monthly",
  quarterly: "quarterly",
  annually: "annually",
  on_event: "on an event",
};

/** The freshness of a control's evidence at `now`. */
export function freshness(
  control: FreshnessFrequency | FreshnessClock,
  evidence: readonly FreshnessEvidence[],
  now: Date = new Date(),
): Freshness {
  const clock = clockOf(control);
  const { frequency } = clock;
  const count = evidence.length;
  if (count === 0)
    return {
      state: "missing",
      stale: false,
      count,
      latestCollectedAt: null,
      staleAt: null,
      remindAt: null,
      reason: "No evidence has been linked to this control yet.",
    };
  const latestCollectedAt = new Date(Math.max(...evidence.map((e) => e.collectedAt.getTime())));
  if (!ruleFor(clock))
    return {
      state: "current",
      stale: false,
      count,
      latestCollectedAt,
      staleAt: null,
      remindAt: null,
      reason: "The control operates on an event, so its evidence does not expire with time.",
    };
  // The freshest piece decides, and its own rule says when to remind.
  const [day, rule] = evidence
    .map((e) => [staleOn(clock, e)!, ruleFor(clock, e.source)!] as const)
    .reduce((a, b) => (a[0] >= b[0] ? a : b));
  const staleAt = dayStart(day);
  const remindAt = rule.remindDays > 0 ? dayStart(addToDay(day, 0, -rule.remindDays)) : null;
  const why = clock.overrideDays
    ? `evidence of this control stays fresh ${clock.overrideDays} days (an override)`
    : `the control operates ${FREQUENCY_WORDS[frequency]}`;
  const stale = now.getTime() >= staleAt.getTime();
  const dueSoon = !stale && remindAt !== null && now.getTime() >= remindAt.getTime();
  const state: FreshnessState = stale ? "stale" : dueSoon ? "due_soon" : "current";
  const reason = stale
    ? `The latest evidence went stale on ${day}: ${why}, so newer evidence is due.`
    : dueSoon
      ? `Newer evidence is due before ${day} (${why}).`
      : `Evidence is current until ${day}.`;
  return { state, stale, count, latestCollectedAt, staleAt, remindAt, reason };
}

/**
 * The same `staleOn` as a PostgreSQL expression, for filtering in the database. `frequency` is a text column or
 * expression, `collectedAt` a timestamptz, `effectiveTo` a date (nullable), `source` the evidence's source (text)
 * and `overrideDays` the control's override (integer, nullable); the last two default to NULL (the frequency
 * rule). Returns a date, NULL for on_event. Built from the same rules, so the two cannot drift apart (a test
 * compares them on the database).
 */
export function staleOnSqlText(
  frequency: string,
  collectedAt: string,
  effectiveTo: string,
  source = "NULL::text",
  overrideDays = "NULL::integer",
): string {
  const collected = `((${collectedAt}) AT TIME ZONE 'UTC')::date`;
  const anchor = `LEAST(${collected}, COALESCE(${effectiveTo}, ${collected}))`;
  const snapshot = `(${anchor} + interval '${MANUAL_SNAPSHOT_RULE.days + MANUAL_SNAPSHOT_RULE.graceDays} days')::date`;
  const snapshotFrequencies = SNAPSHOT_FREQUENCIES.map((f) => `'${f}'`).join(", ");
  const cases = Object.entries(FRESHNESS_RULES)
    .filter(([, r]) => r !== null)
    .map(
      ([f, r]) =>
        `WHEN '${f}' THEN (${anchor} + interval '${r!.months} months' + interval '${r!.days + r!.graceDays} days')::date`,
    )
    .join(" ");
  return `(CASE WHEN (${overrideDays}) IS NOT NULL THEN (${anchor} + make_interval(days => (${overrideDays})))::date WHEN (${source}) = 'manual' AND (${frequency}) IN (${snapshotFrequencies}) THEN ${snapshot} ELSE (CASE ${frequency} ${cases} ELSE NULL END) END)`;
}
