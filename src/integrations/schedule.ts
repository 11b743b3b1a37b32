/** Sync scheduling: "sync now" and the recurring job that enqueues syncs of connections whose interval passed. */
import { and, eq, inArray, isNull, lte, notInArray, or, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { connections, jobs } from "../db/schema/index.ts";
import { enqueue } from "../jobs/queue.ts";
import type { Job } from "../jobs/registry.ts";
import { allConnectors } from "./registry.ts";

export const SYNC_JOB = "monitoring.sync";
export const SCHEDULE_JOB = "monitoring.schedule";
/** How often the scheduler looks for due connections. */
export const SCHEDULE_INTERVAL_SECONDS = 60;

export interface SyncPayload {
  organizationId: string;
  connectionId: string;
  trigger: "manual" | "schedule";
  requestedBy?: string | null;
}

/** The queued or running sync job of a connection, if any. */
export async function activeSyncJob(db: Db, organizationId: string, connectionId: string): Promise<Job | null> {
  const [job] = await db
    .select()
    .from(jobs)
    .where(
      and(
        eq(jobs.organizationId, organizationId),
        eq(jobs.name, SYNC_JOB),
        inArray(jobs.status, ["queued", "running"]),
        sql`${jobs.payload}->>'connectionId' = ${connectionId}`,
      ),
    )
    .limit(1);
  return job ?? null;
}

/**
 * Enqueues a sync of the connection unless one is already queued or running (then that one is returned).
 * Sync jobs are not retried by the queue: a failed sync says why, and the next interval tries again.
 */
export async function enqueueSync(
  db: Db,
  payload: SyncPayload,
  dedupeKey?: string,
): Promise<{ job: Job; existing: boolean }> {
  const active = await activeSyncJob(db, payload.organizationId, payload.connectionId);
  if (active) return { job: active, existing: true };
  const job = await enqueue(db, {
    name: SYNC_JOB,
    organizationId: payload.organizationId,
    payload: { ...payload },
    maxAttempts: 1,
    dedupeKey,
  });
  if (job) return { job, existing: false };
  const again = await activeSyncJob(db, payload.organizationId, payload.connectionId);
  if (!again) throw new Error("The sync could not be queued; try again.");
  return { job: again, existing: true };
}

/**
 * Enqueues a sync for every enabled connection whose next sync time has come, and moves that time one interval
 * on. SKIP LOCKED and the occurrence's dedupe key keep two workers from enqueuing the same one.
 */
export async function scheduleDueSyncs(db: Db, now: Date = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({
        id: connections.id,
        organizationId: connections.organizationId,
        intervalSeconds: connections.intervalSeconds,
        nextSyncAt: connections.nextSyncAt,
      })
      .from(connections)
      .where(
        and(
          eq(connections.enabled, true),
          isNull(connections.deletedAt),
          or(isNull(connections.nextSyncAt), lte(connections.nextSyncAt, now)),
          // Push connectors (the Linux agent) have nothing to collect: their systems report themselves.
          notInArray(
            connections.type,
            allConnectors()
              .filter((c) => c.push)
              .map((c) => c.type),
          ),
        ),
      )
      .limit(500)
      .for("update", { skipLocked: true });
    let enqueued = 0;
    for (const c of due) {
      const at = c.nextSyncAt ?? now;
      const { existing } = await enqueueSync(
        tx,
        { organizationId: c.organizationId, connectionId: c.id, trigger: "schedule" },
        `${SYNC_JOB}:${c.id}@${at.toISOString()}`,
      );
      if (!existing) enqueued++;
      await tx
        .update(connections)
        .set({ nextSyncAt: new Date(now.getTime() + c.intervalSeconds * 1000) })
        .where(eq(connections.id, c.id));
    }
    return enqueued;
  });
}
