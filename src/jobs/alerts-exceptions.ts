import { alertExceptions } from "../modules/alerts/events.ts";
import { registerJob } from "./registry.ts";

/**
 * Exceptions expiring within 7 days, or expired: each reported once (docs/alerts.md). Hourly so an expiry is
 * reported within the hour; runs are idempotent.
 */
export const ALERTS_EXCEPTIONS_JOB = "alerts.exceptions";
export const ALERTS_EXCEPTIONS_INTERVAL_SECONDS = 3600;

registerJob({ name: ALERTS_EXCEPTIONS_JOB, run: (ctx) => alertExceptions(ctx) });
