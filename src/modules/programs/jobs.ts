import { isNull } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import { programs } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { JobDefinition, ScheduleDefinition } from "../../kernel/manifest.ts";
import { snapshotReadiness } from "./readiness.ts";
import { refreshControlSignals } from "./signals.ts";

export const CONTROL_SIGNALS_JOB = "programs.signals";
export const READINESS_SNAPSHOT_JOB = "readiness.snapshot";

async function activePrograms(ctx: Parameters<JobDefinition["run"]>[0]) {
  return ctx.db
    .select({ id: programs.id, organizationId: programs.organizationId })
    .from(programs)
    .where(isNull(programs.archivedAt));
}

export const jobs: JobDefinition[] = [
  {
    /**
     * Evidence goes stale and exceptions expire with time alone, with no write to trigger a refresh: re-derives
     * every organization's control signals (written only where something moved), one change per organization, so
     * the readiness of the criteria whose controls moved follows in that change.
     */
    name: CONTROL_SIGNALS_JOB,
    run: async (ctx, _job, tools) => {
      const orgs = [...new Set((await activePrograms(ctx)).map((p) => p.organizationId))];
      let changed = 0;
      for (const [i, organizationId] of orgs.entries()) {
        changed += await change(ctx.db, systemActor(organizationId, CONTROL_SIGNALS_JOB), (c) =>
          refreshControlSignals(c),
        );
        if ((i + 1) % 10 === 0) await tools.progress(((i + 1) / orgs.length) * 100, `${i + 1} of ${orgs.length}`);
      }
      return { organizations: orgs.length, statusChanges: changed };
    },
  },
  {
    /** Each run overwrites today's snapshot, so the trend keeps the day's last reading. */
    name: READINESS_SNAPSHOT_JOB,
    run: async (ctx, _job, tools) => {
      const day = new Date().toISOString().slice(0, 10);
      const active = await activePrograms(ctx);
      let done = 0;
      for (const p of active) {
        // A change of the program's organization: the reading and the write see one state of its controls.
        await change(ctx.db, systemActor(p.organizationId, READINESS_SNAPSHOT_JOB), (c) =>
          snapshotReadiness(c.tx, p.organizationId, p.id, day),
        );
        done++;
        if (done % 20 === 0) await tools.progress((done / active.length) * 100, `${done} of ${active.length} programs`);
      }
      return { day, programs: done };
    },
  },
];

export const schedules: ScheduleDefinition[] = [
  { name: CONTROL_SIGNALS_JOB, intervalSeconds: 3600 },
  { name: READINESS_SNAPSHOT_JOB, intervalSeconds: 3600 },
];
