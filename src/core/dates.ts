/** Plain dates (YYYY-MM-DD, UTC) for due dates, windows and daily snapshots. */
const DAY_MS = 86_400_000;

/** The UTC date of `at` (today by default). */
export const utcDay = (at: Date = new Date()) => at.toISOString().slice(0, 10);

/** The plain date `days` after (or before, when negative) `day`. */
export const addDays = (day: string, days: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));

/** Whole days from `from` to `to`. */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
