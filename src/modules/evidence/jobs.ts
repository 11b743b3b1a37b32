import type { JobDefinition, ScheduleDefinition } from "../../kernel/manifest.ts";
import { blobStoreFor } from "../../platform/storage/index.ts";
import { EVIDENCE_FRESHNESS_JOB, remindStaleEvidence } from "./reminders.ts";

export const EVIDENCE_SWEEP_JOB = "evidence.sweep";
const ABANDONED_AFTER_MS = 24 * 3600 * 1000;

export const jobs: JobDefinition[] = [
  { name: EVIDENCE_FRESHNESS_JOB, run: (ctx) => remindStaleEvidence(ctx) },
  {
    /**
     * Removes temporary evidence objects that a crash mid-upload left behind. Uploads write to `tmp/…` and move the
     * object to its final key (or remove it) within the request, so anything in `tmp/` older than a day is abandoned.
     */
    name: EVIDENCE_SWEEP_JOB,
    run: async (ctx) => ({
      removed: await blobStoreFor(ctx.config, ctx.keys).sweepTemporary(new Date(Date.now() - ABANDONED_AFTER_MS)),
    }),
  },
];

export const schedules: ScheduleDefinition[] = [
  // Hourly: reminders go out early on the day they are due.
  { name: EVIDENCE_FRESHNESS_JOB, intervalSeconds: 3600 },
  { name: EVIDENCE_SWEEP_JOB, intervalSeconds: 6 * 3600 },
];
