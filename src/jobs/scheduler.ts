import { sql } from "drizzle-orm";
import { installationActor } from "../core/actor.ts";
import { type Db, queryRows } from "../db/client.ts";
import { jobSchedules } from "../db/schema/index.ts";
import { change } from "../kernel/change.ts";
import type { ScheduleDefinition } from "../kernel/manifest.ts";
import type { Job } from "./registry.ts";

export type { ScheduleDefinition };

/**
 * Creates missing schedules (first occurrence: now) and applies changed intervals. Safe to run from every
 * process at start: concurrent inserts of the same name collapse on the primary key.
 */
export async function ensureSchedules(db: Db, defs: readonly ScheduleDefinition[]) {
  for (const d of defs) {
    await db
      .insert(jobSchedules)
      .values({ name: d.name, intervalSeconds: d.intervalSeconds, nextRunAt: sql`now()` })
      .onConflictDoUpdate({
        target: jobSchedules.name,
        set: {
          intervalSeconds: d.intervalSeconds,
          nextRunAt: sql`least(${jobSchedules.nextRunAt}, now() + make_interval(secs => ${d.intervalSeconds}))`,
        },
        setWhere: sql`${jobSchedules.intervalSeconds} <> ${d.intervalSeconds}`,
      });
  }
}

/** The dedupe key of one occurrence: the same on every worker, so it can only be enqueued once. */
export const occurrenceKey = (name: string, at: Date) => `${name}@${at.toISOString()}`;

/**
 * Enqueues every due occurrence and advances its schedule, in one change of the installation (schedules belong to
 * no organization). FOR UPDATE SKIP LOCKED keeps a second worker off a schedule being handled; the occurrence's
 * dedupe key makes a double enqueue impossible even so. Missed occurrences (all workers down) are not replayed: one
 * run catches up, then the next lands on the original cadence after now.
 */
export async function tick(db: Db): Promise<Job[]> {
  return change(
    db,
    installationActor("scheduler"),
    async (c) => {
      const due = await queryRows<{ name: string; next_run_at: Date | string }>(
        c.tx,
        sql`SELECT name, next_run_at FROM job_schedules WHERE next_run_at <= now() ORDER BY name FOR UPDATE SKIP LOCKED`,
      );
      const enqueued: Job[] = [];
      for (const s of due) {
        const at = new Date(s.next_run_at);
        const job = await c.enqueue({ name: s.name, runAt: at, dedupeKey: occurrenceKey(s.name, at) });
        if (job) enqueued.push(job);
        await c.tx.execute(sql`UPDATE job_schedules
          SET last_enqueued_at = now(),
              next_run_at = next_run_at + make_interval(secs => interval_seconds *
                (floor(extract(epoch FROM (now() - next_run_at)) / interval_seconds) + 1))
          WHERE name = ${s.name}`);
      }
      return enqueued;
    },
    { organizationId: null },
  );
}
