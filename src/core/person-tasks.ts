/**
 * What a person owes the compliance program (accept a policy, finish training, complete a checklist step, enrol a
 * device): each people module reports its own, and the employee portal, the people dashboard and each person's
 * compliance status read them all through one shape.
 */
export const PERSON_TASK_STATES = ["open", "overdue", "done"] as const;
export type PersonTaskState = (typeof PERSON_TASK_STATES)[number];

export interface PersonTask {
  /** Stable within its module: the portal links and deduplicates by `${module}:${id}`. */
  id: string;
  /** The module that owns it ("policies", "training", "people", "agent"). */
  module: string;
  /** What kind of work, in a word ("policy", "training", "checklist", "device"). */
  kind: string;
  /** What to do, as the person reads it ("Accept the Acceptable Use Policy, version 3"). */
  title: string;
  /** Plain date (YYYY-MM-DD) it is due, if it has a deadline. */
  dueDate: string | null;
  state: PersonTaskState;
  /** Where in the web app the person does it (a path, e.g. "/portal/policies/…"). */
  href: string;
  /** When it was done (ISO), for done tasks. */
  doneAt: string | null;
  /**
   * Done for the person by the people team (a background check): it counts in their compliance status and on the
   * people dashboard, but their portal does not list it as work of their own.
   */
  onBehalf?: boolean;
}

/** Open tasks past their due date are overdue: the same rule for every module. */
export function taskState(dueDate: string | null, doneAt: Date | string | null, today: string): PersonTaskState {
  if (doneAt) return "done";
  return dueDate && dueDate < today ? "overdue" : "open";
}

export interface PersonCompliance {
  state: "compliant" | "due" | "overdue";
  /** A sentence that explains the state ("2 tasks overdue: …"). */
  reason: string;
  open: number;
  overdue: number;
  done: number;
}

/** A person is compliant when nothing is outstanding; overdue work outweighs work merely due. */
export function personCompliance(tasks: readonly PersonTask[]): PersonCompliance {
  const overdue = tasks.filter((t) => t.state === "overdue");
  const open = tasks.filter((t) => t.state === "open");
  const done = tasks.length - overdue.length - open.length;
  const list = (ts: readonly PersonTask[]) =>
    ts
      .slice(0, 3)
      .map((t) => t.title)
      .join("; ") + (ts.length > 3 ? `; and ${ts.length - 3} more` : "");
  if (overdue.length)
    return {
      state: "overdue",
      reason: `${overdue.length} ${overdue.length === 1 ? "task is" : "tasks are"} overdue: ${list(overdue)}.`,
      open: open.length,
      overdue: overdue.length,
      done,
    };
  if (open.length)
    return {
      state: "due",
      reason: `${open.length} ${open.length === 1 ? "task is" : "tasks are"} outstanding: ${list(open)}.`,
      open: open.length,
      overdue: 0,
      done,
    };
  return { state: "compliant", reason: "Nothing is outstanding.", open: 0, overdue: 0, done };
}
