import type { BurndownPoint } from "./schema.ts";

const DAY_MS = 86_400_000;
export const BURNDOWN_MAX_DAYS = 180;

/**
 * Open items at the end of each UTC day, from the day the first item was created (or at most `maxDays` back) to
 * `today`, from each item's creation and completion time. An item counts as open until it is completed (done or
 * verified); a reopened item has no completion time, so it counts as open from its creation on. Steps roll up the
 * same way (`openSteps`): open from their creation until they are done or skipped.
 */
type Work = { createdAt: Date; completedAt: Date | null };
const openAt = (endOfDay: number) => (w: Work) =>
  w.createdAt.getTime() < endOfDay && (!w.completedAt || w.completedAt.getTime() >= endOfDay);

export function burndown(
  items: readonly Work[],
  today: string,
  maxDays = BURNDOWN_MAX_DAYS,
  steps: readonly Work[] = [],
): BurndownPoint[] {
  if (!items.length) return [];
  const end = Date.parse(`${today}T00:00:00Z`);
  const first = Math.min(...items.map((i) => i.createdAt.getTime()));
  const firstDay = Math.floor(first / DAY_MS) * DAY_MS;
  const start = Math.max(firstDay, end - (maxDays - 1) * DAY_MS);
  const points: BurndownPoint[] = [];
  for (let day = start; day <= end; day += DAY_MS) {
    const endOfDay = day + DAY_MS;
    let created = 0;
    let open = 0;
    for (const i of items) {
      if (i.createdAt.getTime() >= endOfDay) continue;
      created++;
      if (!i.completedAt || i.completedAt.getTime() >= endOfDay) open++;
    }
    const openSteps = steps.filter(openAt(endOfDay)).length;
    points.push({ day: new Date(day).toISOString().slice(0, 10), open, created, openSteps });
  }
  return points;
}
