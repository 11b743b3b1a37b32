/**
 * Test results as status intervals: a row when a status changes, not one per run. A run's observations are
 * diffed against the open intervals; only changes produce writes. "What was the status on day D" is then the
 * interval with started_at <= D < ended_at (or still open).
 */
export const TEST_STATUSES = ["pass", "fail", "not_applicable", "error"] as const;
export type TestStatus = (typeof TEST_STATUSES)[number];

export interface OpenInterval {
  status: TestStatus;
  since: Date;
}

export interface Observation {
  /** What the status is about: a test on one resource, usually `${testId}:${resourceId}`. */
  key: string;
  status: TestStatus;
  reason: string;
}

export interface IntervalDiff {
  /** Keys whose open interval ends at the run's time (their status changed, or their subject is gone). */
  close: string[];
  /** New intervals starting at the run's time. */
  open: Observation[];
  unchanged: number;
}

/**
 * Compares one run with the open intervals. A complete run closes intervals of keys it no longer observed (the
 * resource is gone); a partial or failed run never closes what it did not see: a broken sync loses nothing.
 */
export function diffIntervals(
  current: ReadonlyMap<string, OpenInterval>,
  observed: Iterable<Observation>,
  opts: { complete: boolean },
): IntervalDiff {
  const close: string[] = [];
  const open: Observation[] = [];
  const seen = new Set<string>();
  let unchanged = 0;
  for (const o of observed) {
    if (seen.has(o.key)) continue;
    seen.add(o.key);
    const now = current.get(o.key);
    if (now?.status === o.status) {
      unchanged++;
      continue;
    }
    if (now) close.push(o.key);
    open.push(o);
  }
  if (opts.complete) for (const key of current.keys()) if (!seen.has(key)) close.push(key);
  return { close, open, unchanged };
}

export interface Interval {
  status: TestStatus;
  startedAt: Date;
  endedAt: Date | null;
}

/** The status at `at` from one key's intervals sorted by start (null when none covers it). */
export function statusAt(intervals: readonly Interval[], at: Date): TestStatus | null {
  const t = at.getTime();
  let lo = 0;
  let hi = intervals.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (intervals[mid]!.startedAt.getTime() <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return null;
  const i = intervals[found]!;
  return i.endedAt === null || i.endedAt.getTime() > t ? i.status : null;
}
