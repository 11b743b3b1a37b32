import { FINISHED_STEP_STATUSES, type StepStatus } from "./schema.ts";

/** How an item's steps roll up into its progress and timeline: pure functions over plain data. */

type StepLike = { status: string; startDate: string | null; dueDate: string | null };

const finished = (s: { status: string }) => FINISHED_STEP_STATUSES.includes(s.status as StepStatus);

/** Steps done or skipped out of all steps, and that as a whole percentage (null without steps). */
export function stepProgress(steps: readonly { status: string }[]) {
  const done = steps.filter(finished).length;
  return {
    finished: done,
    total: steps.length,
    percent: steps.length ? Math.floor((done * 100) / steps.length) : null,
  };
}

/** The item's timeline: from the earliest step start to the latest of the steps' and the item's due dates. */
export function timelineOf(dueDate: string | null, steps: readonly StepLike[]) {
  const starts = steps.map((s) => s.startDate).filter((d): d is string => !!d);
  const ends = [dueDate, ...steps.map((s) => s.dueDate)].filter((d): d is string => !!d);
  return {
    start: starts.length ? starts.reduce((a, b) => (a < b ? a : b)) : null,
    end: ends.length ? ends.reduce((a, b) => (a > b ? a : b)) : null,
  };
}

/** When a step's completion time changes: set on becoming done/skipped, cleared when it is opened again. */
export function stepCompletion(
  before: { status: string; completedAt: Date | null } | undefined,
  status: string,
  now: Date,
) {
  if (!finished({ status })) return null;
  return before && finished(before) ? before.completedAt : now;
}

type PlannedStep = {
  id?: string;
  title: string;
  ownerUserId: string | null;
  startDate: string | null;
  dueDate: string | null;
};

/**
 * Whether `next` changes only the statuses of `current` (same steps, same order, same plan): what an item's owner
 * may do without remediation.manage. Returns the reason when it changes more.
 */
export function onlyStatusesChange(current: readonly (PlannedStep & { id: string })[], next: readonly PlannedStep[]) {
  const plan = (s: PlannedStep) => JSON.stringify([s.id, s.title, s.ownerUserId, s.startDate, s.dueDate]);
  const same = current.length === next.length && current.every((s, i) => plan(s) === plan(next[i]!));
  return same
    ? null
    : "Only a compliance manager, admin or owner can add, remove, reorder or re-plan steps; you can change their status.";
}
