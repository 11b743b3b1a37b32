import { z } from "zod";
import { PermanentJobError } from "../../../jobs/registry.ts";
import type { JobDefinition, ScheduleDefinition } from "../../../kernel/manifest.ts";
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
    /** One sync of one connection; its progress shows in the jobs API. A failed sync fails the job with the reason. */
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
  },
  {
    /** Every minute: enqueue a sync of each connection whose interval has passed. */
    name: SCHEDULE_JOB,
    run: async (ctx) => ({ enqueued: await scheduleDueSyncs(ctx.db) }),
  },
];

export const schedules: ScheduleDefinition[] = [{ name: SCHEDULE_JOB, intervalSeconds: SCHEDULE_INTERVAL_SECONDS }];
