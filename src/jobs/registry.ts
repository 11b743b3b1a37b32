import type { jobs } from "../db/schema/index.ts";
import type { AppContext } from "../server/context.ts";

export type Job = typeof jobs.$inferSelect;
export type JobStatus = "queued" | "running" | "succeeded" | "failed";
export const JOB_STATUSES: readonly JobStatus[] = ["queued", "running", "succeeded", "failed"];

export interface JobTools {
  /** Records progress (0–100) and an optional message people see in the UI and `assay jobs list`. */
  progress(percent: number, message?: string): Promise<void>;
}

export type JobHandler = (ctx: AppContext, job: Job, tools: JobTools) => Promise<unknown>;

export interface JobDefinition {
  name: string;
  run: JobHandler;
  /** First retry delay; each further attempt doubles it (with jitter). Default 10 s. */
  retryBaseSeconds?: number;
  /** Cap on the retry delay. Default 1 hour. */
  retryMaxSeconds?: number;
}

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
