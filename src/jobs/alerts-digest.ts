import { sendDigests } from "../modules/alerts/digest.ts";
import { registerJob } from "./registry.ts";

/** Once a day: each person's digest of the alerts they chose to get that way (docs/alerts.md). */
export const ALERTS_DIGEST_JOB = "alerts.digest";
export const ALERTS_DIGEST_INTERVAL_SECONDS = 86_400;

registerJob({ name: ALERTS_DIGEST_JOB, run: (ctx) => sendDigests(ctx) });
