import { z } from "zod";
import { SCHEDULE_INTERVAL_SECONDS, SCHEDULE_JOB, SYNC_JOB, scheduleDueSyncs } from "../integrations/schedule.ts";
import { runSync } from "../integrations/sync.ts";
import { PermanentJobError, registerJob } from "./registry.ts";

/** Every minute: enqueue a sync of each connection whose interval has passed. */
export const MONITORING_SCHEDULE_INTERVAL_SECONDS = SCHEDULE_INTERVAL_SECONDS;

const syncPayload = z.object({
  organizationId: z.uuid(),
  connectionId: z.uuid(),
  trigger: z.enum(["manual", "schedule"]).default("schedule"),
  requestedBy: z.uuid().nullable().optional(),
});

/** One sync of one connection; its progress shows in the jobs API. A failed sync fails the job with the reason. */
registerJob({
  name: SYNC_JOB,
  run: async (ctx, job, tools) => {
    const p = syncPayload.safeParse(job.payload);
    if (!p.success) throw new PermanentJobError("monitoring.sync needs organizationId and connectionId.");
    const result = await runSync(ctx, p.data.organizationId, p.data.connectionId, {
      trigger: p.data.trigger,
      jobId: job.id,
      requestedBy: p.data.requestedBy ?? null,
      progress: (percent, message) => tools.progress(percent, message),
    });
    if (result.status === "failed") throw new PermanentJobError(`${result.error} ${result.guidance ?? ""}`.trim());
    return {
      syncId: result.syncId,
      status: result.status,
      counts: result.counts,
      warnings: result.warnings.slice(0, 20),
      ...(result.status === "skipped" ? { reason: result.error } : {}),
    };
  },
});

registerJob({
  name: SCHEDULE_JOB,
  run: async (ctx) => ({ enqueued: await scheduleDueSyncs(ctx.db) }),
});
