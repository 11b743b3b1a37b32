/**
 * A module manifest: everything a domain contributes, in one place. The server mounts the routes, the worker
 * registers the jobs and schedules, the kernel routes events to the subscribers, and the access check and the web
 * app read the policy. A new domain is one folder with a manifest.ts and one line in src/modules/manifests.ts.
 */
import type { PolicyTable } from "../core/roles.ts";
import type { AppContext } from "./context.ts";
import type { ApiApp } from "./http/api-app.ts";
import type { JobRow } from "./outbox.ts";
import type { ControlCheckProvider, PersonTaskProvider } from "./routines.ts";
import type { Subscriber } from "./subscribers.ts";

export interface JobTools {
  /** Records progress (0–100) and an optional message people see in the UI and `assay jobs list`. */
  progress(percent: number, message?: string): Promise<void>;
}

export type JobHandler = (ctx: AppContext, job: JobRow, tools: JobTools) => Promise<unknown>;

export interface JobDefinition {
  name: string;
  run: JobHandler;
  /** First retry delay; each further attempt doubles it (with jitter). Default 10 s. */
  retryBaseSeconds?: number;
  /** Cap on the retry delay. Default 1 hour. */
  retryMaxSeconds?: number;
  /**
   * Called after a run of this job was given up because its worker stopped renewing the lease (killed, lost the
   * database): release what that run held. The job is already queued again or failed; a failure here is logged, and
   * whatever the hook did not release must still be recoverable without it (a later run takes over).
   */
  onLeaseExpired?: (ctx: AppContext, job: JobRow) => Promise<void>;
}

export interface ScheduleDefinition {
  /** The job name; one schedule per job name. */
  name: string;
  intervalSeconds: number;
}

export interface ModuleManifest {
  name: string;
  policy: PolicyTable;
  routes?: (app: ApiApp, ctx: AppContext) => Promise<void>;
  jobs?: readonly JobDefinition[];
  schedules?: readonly ScheduleDefinition[];
  subscribers?: readonly Subscriber[];
  /** Checks on controls from a people routine (kernel/routines.ts): they feed the control status rule. */
  controlChecks?: ControlCheckProvider;
  /** The tasks each person owes in this module: the employee portal and the people dashboard list them. */
  personTasks?: PersonTaskProvider;
}

export const defineModule = (m: ModuleManifest): ModuleManifest => m;
