import type { JobDefinition, JobHandler, JobTools, ScheduleDefinition } from "../kernel/manifest.ts";
import type { JobRow } from "../kernel/outbox.ts";

export type Job = JobRow;
export type JobStatus = "queued" | "running" | "succeeded" | "failed";
export const JOB_STATUSES: readonly JobStatus[] = ["queued", "running", "succeeded", "failed"];

export type { JobDefinition, JobHandler, JobTools };

/** Throw from a handler when retrying cannot help (bad payload): the job fails at once. */
export class PermanentJobError extends Error {}

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
