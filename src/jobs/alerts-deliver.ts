import { deliverDue } from "../modules/alerts/deliver.ts";
import { DELIVER_JOB } from "../modules/alerts/outbox.ts";
import { registerJob } from "./registry.ts";

/** Sends due alert emails and webhook messages from the outbox (docs/alerts.md); also kicked soon after new ones. */
export const ALERTS_DELIVER_JOB = DELIVER_JOB;
export const ALERTS_DELIVER_INTERVAL_SECONDS = 60;

registerJob({ name: ALERTS_DELIVER_JOB, run: (ctx) => deliverDue(ctx) });
