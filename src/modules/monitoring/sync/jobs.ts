import { z } from "zod";
import { JobSkipped, PermanentJobError } from "../../../jobs/registry.ts";
import type { JobDefinition, ScheduleDefinition } from "../../../kernel/manifest.ts";
import { releaseLostSync } from "./claim.ts";
import { SCHEDULE_INTERVAL_SECONDS, SCHEDULE_JOB, SYNC_JOB, scheduleDueSyncs } from "./schedule.ts";
import { runSync } from "./sync.ts";

const syncPayload = z.object({
  organizationId: z.uuid(),
  connectionId: z.uuid(),
  trigger: z.enum(["manual", "schedule"]).default("schedule"),
  requestedBy: z.uuid().nullable().optional(),
});

export const jobs: JobDefinition[] = [
  {
    /**
     * One sync of one connection; its progress shows in the jobs API. A failed sync fails the job with the reason
     * (no retry: the next interval tries again); a run lost with its worker is retried (enqueueSync's attempts); a
     * sync skipped because another holds the connection ends the job `skipped`.
     */
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
      if (result.status === "skipped")
        throw new JobSkipped(result.error!, { syncId: result.syncId, status: result.status, reason: result.error });
      return {
        syncId: result.syncId,
        status: result.status,
        counts: result.counts,
        warnings: result.warnings.slice(0, 20),
      };
    },
    /** The worker died mid-sync: record its sync as failed and free the connection now, not at the next sync. */
    onLeaseExpired: async (ctx, job) => void (await releaseLostSync(ctx.db, job)),
  },
  {
    /** Every minute: enqueue a sync of each connection whose interval has passed. */
    name: SCHEDULE_JOB,
    run: async (ctx) => ({ enqueued: await scheduleDueSyncs(ctx.db) }),
  },
];

export const schedules: ScheduleDefinition[] = [{ name: SCHEDULE_JOB, intervalSeconds: SCHEDULE_INTERVAL_SECONDS }];
