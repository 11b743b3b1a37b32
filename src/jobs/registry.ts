import type { JobDefinition, JobHandler, JobTools, ScheduleDefinition } from "../kernel/manifest.ts";
import type { JobRow } from "../kernel/outbox.ts";

export type Job = JobRow;
/** `skipped`: the run found its work already being done elsewhere (JobSkipped), so it did nothing. */
export type JobStatus = "queued" | "running" | "succeeded" | "skipped" | "failed";
export const JOB_STATUSES: readonly JobStatus[] = ["queued", "running", "succeeded", "skipped", "failed"];

export type { JobDefinition, JobHandler, JobTools };

/** Throw from a handler when retrying cannot help (bad payload): the job fails at once. */
export class PermanentJobError extends Error {}

/**
 * Throw from a handler that found nothing to do because another run holds the work (another sync of the same
 * connection): the job ends `skipped` — not `succeeded` — with `message` as the reason people see and `result` kept.
 */
export class JobSkipped extends Error {
  readonly result: unknown;
  constructor(message: string, result?: unknown) {
    super(message);
    this.name = "JobSkipped";
    this.result = result;
  }
}

const handlers = new Map<string, JobDefinition>();

/** Registers a job handler by name. Registering a name twice replaces it (tests re-register freely). */
export function registerJob(def: JobDefinition) {
  handlers.set(def.name, def);
}

export function jobDefinition(name: string): JobDefinition | undefined {
  return handlers.get(name);
}

export function registeredJobNames(): string[] {
  return [...handlers.keys()].sort();
}

const schedules = new Map<string, ScheduleDefinition>();

/** Registers a recurring schedule (module manifests declare theirs; src/modules/manifests.ts registers them). */
export function registerSchedule(def: ScheduleDefinition) {
  schedules.set(def.name, def);
}

export function registeredSchedules(): ScheduleDefinition[] {
  return [...schedules.values()];
}
