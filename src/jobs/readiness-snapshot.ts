import { isNull } from "drizzle-orm";
import { systemActor } from "../core/actor.ts";
import { programs } from "../db/schema/index.ts";
import { change } from "../kernel/change.ts";
import { snapshotReadiness } from "../modules/programs/readiness.ts";
import { registerJob } from "./registry.ts";

/** Runs hourly; each run overwrites today's snapshot, so the trend keeps the day's last reading. */
export const READINESS_SNAPSHOT_INTERVAL_SECONDS = 3600;

registerJob({
  name: "readiness.snapshot",
  run: async (ctx, _job, tools) => {
    const day = new Date().toISOString().slice(0, 10);
    const active = await ctx.db
      .select({ id: programs.id, organizationId: programs.organizationId })
      .from(programs)
      .where(isNull(programs.archivedAt));
    let done = 0;
    for (const p of active) {
      // A change of the program's organization: the reading and the write see one state of its controls.
      await change(ctx.db, systemActor(p.organizationId, "readiness.snapshot"), (c) =>
        snapshotReadiness(c.tx, p.organizationId, p.id, day),
      );
      done++;
      if (done % 20 === 0) await tools.progress((done / active.length) * 100, `${done} of ${active.length} programs`);
    }
    return { day, programs: done };
  },
});
