/** Plain dates (YYYY-MM-DD, UTC) for due dates, windows and daily snapshots. */
const DAY_MS = 86_400_000;

/** The UTC date of `at` (today by default). */
export const utcDay = (at: Date = new Date()) => at.toISOString().slice(0, 10);

/** The plain date `days` after (or before, when negative) `day`. */
export const addDays = (day: string, days: number) => utcDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));

/** The plain date `months` calendar months after `day`, clamped to the month's end (Jan 31 + 1 month = Feb 28). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(2000, month, Math.min(d, last)));
  date.setUTCFullYear(year);
  return utcDay(date);
}

/** Whole days from `from` to `to`. */
export const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
