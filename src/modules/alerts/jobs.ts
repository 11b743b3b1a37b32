import type { JobDefinition, ScheduleDefinition } from "../../kernel/manifest.ts";
import { deliverDue } from "./deliver.ts";
import { sendDigests } from "./digest.ts";
import { alertExceptions } from "./events.ts";
import { DELIVER_JOB } from "./outbox.ts";

export const ALERTS_DIGEST_JOB = "alerts.digest";
export const ALERTS_EXCEPTIONS_JOB = "alerts.exceptions";

export const jobs: JobDefinition[] = [
  /** Sends due alert emails and webhook messages from the outbox (docs/alerts.md); also kicked soon after new ones. */
  { name: DELIVER_JOB, run: (ctx) => deliverDue(ctx) },
  /** Each person's daily digest of the alerts they chose to get that way. */
  { name: ALERTS_DIGEST_JOB, run: (ctx) => sendDigests(ctx) },
  /** Exceptions expiring within 7 days, or expired: each reported once; runs are idempotent. */
  { name: ALERTS_EXCEPTIONS_JOB, run: (ctx) => alertExceptions(ctx) },
];

export const schedules: ScheduleDefinition[] = [
  { name: DELIVER_JOB, intervalSeconds: 60 },
  { name: ALERTS_DIGEST_JOB, intervalSeconds: 86_400 },
  // Hourly, so an expiry is reported within the hour.
  { name: ALERTS_EXCEPTIONS_JOB, intervalSeconds: 3600 },
];
