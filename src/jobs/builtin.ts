import type { Config } from "../platform/config.ts";
import { PermanentJobError, registeredSchedules, registerJob } from "./registry.ts";
import type { ScheduleDefinition } from "./scheduler.ts";

/** The queue's own job. Importing this module registers it; domain jobs come from the module manifests. */
/** Harmless job for trying the queue out (and for tests): sleeps, reports progress, can fail on purpose. */
registerJob({
  name: "demo.sleep",
  retryBaseSeconds: 1,
  run: async (_ctx, job, tools) => {
    const p = job.payload as { ms?: unknown; failAttempts?: unknown; permanent?: unknown };
    const ms = typeof p.ms === "number" && p.ms >= 0 ? Math.min(p.ms, 600_000) : 0;
    if (p.permanent === true) throw new PermanentJobError("demo.sleep was asked to fail permanently.");
    if (typeof p.failAttempts === "number" && job.attempts <= p.failAttempts)
      throw new Error(`demo.sleep fails on purpose (attempt ${job.attempts} of the first ${p.failAttempts}).`);
    const steps = 4;
    for (let i = 1; i <= steps; i++) {
      await new Promise((r) => setTimeout(r, ms / steps));
      await tools.progress((i / steps) * 100, `step ${i} of ${steps}`);
    }
    return { sleptMs: ms };
  },
});

/** Recurring schedules of an installation: the infrastructure's own and those the module manifests declare. */
export function defaultSchedules(config: Pick<Config, "ASSAY_CHECKPOINT_INTERVAL_SECONDS">): ScheduleDefinition[] {
  return [
    { name: "ledger.checkpoint", intervalSeconds: config.ASSAY_CHECKPOINT_INTERVAL_SECONDS },
    ...registeredSchedules(),
  ];
}
