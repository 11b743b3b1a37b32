import { blobStoreFor } from "../platform/storage/index.ts";
import { registerJob } from "./registry.ts";

/**
 * Removes temporary evidence objects that a crash mid-upload left behind. Uploads write to `tmp/…` and move the
 * object to its final key (or remove it) within the request, so anything in `tmp/` older than a day is abandoned.
 */
export const EVIDENCE_SWEEP_JOB = "evidence.sweep";
export const EVIDENCE_SWEEP_INTERVAL_SECONDS = 6 * 3600;
const ABANDONED_AFTER_MS = 24 * 3600 * 1000;

registerJob({
  name: EVIDENCE_SWEEP_JOB,
  run: async (ctx) => {
    const removed = await blobStoreFor(ctx.config, ctx.keys).sweepTemporary(new Date(Date.now() - ABANDONED_AFTER_MS));
    return { removed };
  },
});
