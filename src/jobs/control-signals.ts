import { isNull } from "drizzle-orm";
import { systemActor } from "../core/actor.ts";
import { programs } from "../db/schema/index.ts";
import { change } from "../kernel/change.ts";
import { refreshControlSignals } from "../modules/programs/signals.ts";
import { registerJob } from "./registry.ts";

/**
 * Evidence goes stale and exceptions expire with time alone, with no write to trigger a refresh: this job
 * re-derives every organization's control signals hourly (changes are written only where something moved), one
 * change per organization, so the readiness of the criteria whose controls moved follows in that change.
 */
export const CONTROL_SIGNALS_INTERVAL_SECONDS = 3600;

registerJob({
  name: "programs.signals",
  run: async (ctx, _job, tools) => {
    const orgs = [
      ...new Set(
        (
          await ctx.db
            .select({ organizationId: programs.organizationId })
            .from(programs)
            .where(isNull(programs.archivedAt))
        ).map((p) => p.organizationId),
      ),
    ];
    let changed = 0;
    for (const [i, organizationId] of orgs.entries()) {
      changed += await change(ctx.db, systemActor(organizationId, "programs.signals"), (c) => refreshControlSignals(c));
      if ((i + 1) % 10 === 0) await tools.progress(((i + 1) / orgs.length) * 100, `${i + 1} of ${orgs.length}`);
    }
    return { organizations: orgs.length, statusChanges: changed };
  },
});
