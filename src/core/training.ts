/**
 * Security awareness training rules, shared by the server and the web app: when a person's training is due, how
 * long a completion stays valid, and what the training control check says about an audience.
 */
import { addDays, addMonths, utcDay } from "./dates.ts";

/** A completion is valid this many months; then a new one is due. */
export const TRAINING_VALID_MONTHS = 12;
/** Defaults of the organization's training settings. */
export const TRAINING_DEFAULTS = { newHireDays: 30, requiredShare: 95, includeContractors: true } as const;
/** Reminders go to one person at most once in this many days. */
export const TRAINING_REMINDER_GAP_DAYS = 3;
/** Reminders start this many days before the due date. */
export const TRAINING_DUE_SOON_DAYS = 7;

export const TRAINING_STATUSES = ["complete", "due", "overdue", "expired"] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];

export const TRAINING_STATUS_LABELS: Record<TrainingStatus, string> = {
  complete: "Complete",
  due: "Due",
  overdue: "Overdue",
  expired: "Expired",
};

/** YYYY-MM-DD of a date in UTC. */
export const plainDay = (d: Date) => utcDay(d);
export { addDays, addMonths };

/** The last day a completion on `completedOn` counts. */
export const validUntil = (completedOn: string) => addMonths(completedOn, TRAINING_VALID_MONTHS);

export interface PersonTrainingInput {
  /** Their start date, if the directory has it. */
  startDate: string | null;
  /** The day they were added to the directory. */
  addedOn: string;
  /** Their completions' validity ends (any order). */
  completions: readonly { completedOn: string; validUntil: string }[];
  newHireDays: number;
  today: string;
}

export interface PersonTraining {
  status: TrainingStatus;
  /** When the current assignment is (or was) due; for a complete person, when the next one is due. */
  dueDate: string;
  /** Their latest completion, if any. */
  completedOn: string | null;
  validUntil: string | null;
}

/**
 * Where one person stands. Never completed: due `newHireDays` after they started or were added to the directory,
 * whichever is later (people already on staff when training begins get the same time as a new hire). Completed:
 * complete until the completion lapses, then expired (a new completion was due on the day it lapsed).
 */
export function personTraining(p: PersonTrainingInput): PersonTraining {
  const latest = [...p.completions].sort((a, b) => b.validUntil.localeCompare(a.validUntil))[0];
  if (latest) {
    const status = latest.validUntil >= p.today ? "complete" : "expired";
    return { status, dueDate: latest.validUntil, completedOn: latest.completedOn, validUntil: latest.validUntil };
  }
  const from = p.startDate && p.startDate > p.addedOn ? p.startDate : p.addedOn;
  const dueDate = addDays(from, p.newHireDays);
  return { status: dueDate < p.today ? "overdue" : "due", dueDate, completedOn: null, validUntil: null };
}

export interface TrainingCheckInput {
  /** Everyone who must be trained, with where they stand. */
  people: readonly { name: string; status: TrainingStatus }[];
  requiredShare: number;
  /** The course's title, for the sentence. */
  course: string;
}

export interface TrainingCheckResult {
  state: "met" | "not_met" | "lapsed";
  reason: string;
}

const names = (list: readonly string[]) =>
  list.length <= 3 ? list.join(", ") : `${list.slice(0, 3).join(", ")} and ${list.length - 3} more`;
const percent = (n: number, of: number) => Math.floor((n * 100) / of);

/**
 * The training control check: met when at least `requiredShare` percent of the audience holds a valid completion;
 * lapsed when it would be met but for completions that expired (it was met, and training was not renewed); not
 * met otherwise, naming who is missing. Null when there is nobody to train (no people in the directory).
 */
export function trainingCheck(i: TrainingCheckInput): TrainingCheckResult | null {
  const total = i.people.length;
  if (!total) return null;
  const complete = i.people.filter((p) => p.status === "complete").length;
  const expired = i.people.filter((p) => p.status === "expired");
  const missing = i.people.filter((p) => p.status !== "complete");
  const share = percent(complete, total);
  if (share >= i.requiredShare)
    return {
      state: "met",
      reason: `${complete} of ${total} people (${share}%) have completed ${i.course} in the last ${TRAINING_VALID_MONTHS} months (${i.requiredShare}% required).`,
    };
  const verb = missing.length === 1 ? "has" : "have";
  if (expired.length && percent(complete + expired.length, total) >= i.requiredShare)
    return {
      state: "lapsed",
      reason: `${expired.length} of ${total} people's ${i.course} completions expired without renewal (${names(expired.map((p) => p.name))}): ${share}% are current, ${i.requiredShare}% required.`,
    };
  return {
    state: "not_met",
    reason: `${missing.length} of ${total} people ${verb} not completed ${i.course} (${names(missing.map((p) => p.name))}): ${share}% are current, ${i.requiredShare}% required.`,
  };
}
