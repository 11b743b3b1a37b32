import { isNull } from "drizzle-orm";
import { programs } from "../db/schema/index.ts";
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
      await snapshotReadiness(ctx.db, p.organizationId, p.id, day);
      done++;
      if (done % 20 === 0) await tools.progress((done / active.length) * 100, `${done} of ${active.length} programs`);
    }
    return { day, programs: done };
  },
});
