import { checkpointAll } from "../ledger/checkpoint.ts";
import { purgeExpiredSessions } from "../modules/auth/sessions.ts";
import type { Config } from "../platform/config.ts";
import { ALERTS_DELIVER_INTERVAL_SECONDS, ALERTS_DELIVER_JOB } from "./alerts-deliver.ts";
import { ALERTS_DIGEST_INTERVAL_SECONDS, ALERTS_DIGEST_JOB } from "./alerts-digest.ts";
import { ALERTS_EXCEPTIONS_INTERVAL_SECONDS, ALERTS_EXCEPTIONS_JOB } from "./alerts-exceptions.ts";
import { CONTROL_SIGNALS_INTERVAL_SECONDS } from "./control-signals.ts";
import { EVIDENCE_FRESHNESS_INTERVAL_SECONDS } from "./evidence-freshness.ts";
import { EVIDENCE_SWEEP_INTERVAL_SECONDS } from "./evidence-sweep.ts";
import { MONITORING_SCHEDULE_INTERVAL_SECONDS } from "./monitoring.ts";
import { READINESS_SNAPSHOT_INTERVAL_SECONDS } from "./readiness-snapshot.ts";
import { PermanentJobError, registerJob } from "./registry.ts";
import { REMEDIATION_OVERDUE_INTERVAL_SECONDS } from "./remediation-overdue.ts";
import type { ScheduleDefinition } from "./scheduler.ts";

/** The jobs every Assay worker knows. Importing this module registers them. */
registerJob({
  name: "ledger.checkpoint",
  run: async (ctx, _job, tools) =>
    checkpointAll(ctx.db, ctx.keys, (done, total) =>
      tools.progress((done / total) * 100, `${done} of ${total} organizations`),
    ),
});

registerJob({
  name: "sessions.cleanup",
  run: async (ctx) => {
    await purgeExpiredSessions(ctx.db);
    return { ok: true };
  },
});

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

export const SESSION_CLEANUP_INTERVAL_SECONDS = 3600;

/** Recurring schedules of an installation. */
export function defaultSchedules(config: Pick<Config, "ASSAY_CHECKPOINT_INTERVAL_SECONDS">): ScheduleDefinition[] {
  return [
    { name: "ledger.checkpoint", intervalSeconds: config.ASSAY_CHECKPOINT_INTERVAL_SECONDS },
    { name: "sessions.cleanup", intervalSeconds: SESSION_CLEANUP_INTERVAL_SECONDS },
    { name: "readiness.snapshot", intervalSeconds: READINESS_SNAPSHOT_INTERVAL_SECONDS },
    { name: "remediation.overdue", intervalSeconds: REMEDIATION_OVERDUE_INTERVAL_SECONDS },
    { name: "evidence.freshness", intervalSeconds: EVIDENCE_FRESHNESS_INTERVAL_SECONDS },
    { name: "evidence.sweep", intervalSeconds: EVIDENCE_SWEEP_INTERVAL_SECONDS },
    { name: "monitoring.schedule", intervalSeconds: MONITORING_SCHEDULE_INTERVAL_SECONDS },
    { name: ALERTS_DELIVER_JOB, intervalSeconds: ALERTS_DELIVER_INTERVAL_SECONDS },
    { name: ALERTS_DIGEST_JOB, intervalSeconds: ALERTS_DIGEST_INTERVAL_SECONDS },
    { name: ALERTS_EXCEPTIONS_JOB, intervalSeconds: ALERTS_EXCEPTIONS_INTERVAL_SECONDS },
    { name: "programs.signals", intervalSeconds: CONTROL_SIGNALS_INTERVAL_SECONDS },
  ];
}
