/** Sync scheduling: "sync now" and the recurring job that enqueues syncs of connections whose interval passed. */
import { and, eq, inArray, isNull, lte, notInArray, or, type SQL, sql } from "drizzle-orm";
import { systemActor } from "../../../core/actor.ts";
import type { Db } from "../../../db/client.ts";
import { connections, jobs } from "../../../db/schema/index.ts";
import { allConnectors } from "../../../integrations/registry.ts";
import type { Job } from "../../../jobs/registry.ts";
import { type Change, change } from "../../../kernel/change.ts";

export const SYNC_JOB = "monitoring.sync";
export const SCHEDULE_JOB = "monitoring.schedule";
/** How often the scheduler looks for due connections. */
export const SCHEDULE_INTERVAL_SECONDS = 60;
/** Runs of one sync job at most: the first and two more after runs lost with their worker. */
const SYNC_ATTEMPTS = 3;

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
 * Enqueues a sync of the connection unless one is already queued or running (then that one is returned). A
 * command: the job is written in the caller's change and runs once it commits. A sync that fails says why and is
 * not retried (the job fails permanently; the next interval tries again), but a run lost with its worker (killed,
 * lease expired) is: the queue requeues it up to SYNC_ATTEMPTS runs in all.
 */
export async function enqueueSync(
  c: Change,
  payload: SyncPayload,
  dedupeKey?: string,
): Promise<{ job: Job; existing: boolean }> {
  const active = await activeSyncJob(c.tx, payload.organizationId, payload.connectionId);
  if (active) return { job: active, existing: true };
  const job = await c.enqueue({
    name: SYNC_JOB,
    organizationId: payload.organizationId,
    payload: { ...payload },
    maxAttempts: SYNC_ATTEMPTS,
    dedupeKey,
  });
  if (job) return { job, existing: false };
  const again = await activeSyncJob(c.tx, payload.organizationId, payload.connectionId);
  if (!again) throw new Error("The sync could not be queued; try again.");
  return { job: again, existing: true };
}

/** Connections whose next sync time has come (push connectors, like the Linux agent, have nothing to collect). */
const due = (now: Date): SQL =>
  and(
    eq(connections.enabled, true),
    isNull(connections.deletedAt),
    or(isNull(connections.nextSyncAt), lte(connections.nextSyncAt, now)),
    notInArray(
      connections.type,
      allConnectors()
        .filter((c) => c.push)
        .map((c) => c.type),
    ),
  ) as SQL;

/**
 * Enqueues a sync for every enabled connection whose next sync time has come, and moves that time one interval
 * on: one change per organization (its lock first, as every writer), where SKIP LOCKED and the occurrence's dedupe
 * key keep two workers from enqueuing the same one.
 */
export async function scheduleDueSyncs(db: Db, now: Date = new Date()): Promise<number> {
  const organizations = await db
    .selectDistinct({ id: connections.organizationId })
    .from(connections)
    .where(due(now))
    .limit(500);
  let enqueued = 0;
  for (const { id: organizationId } of organizations)
    enqueued += await change(db, systemActor(organizationId, "monitoring.schedule"), async (c) => {
      const list = await c.tx
        .select({
          id: connections.id,
          intervalSeconds: connections.intervalSeconds,
          nextSyncAt: connections.nextSyncAt,
        })
        .from(connections)
        .where(and(eq(connections.organizationId, organizationId), due(now)))
        .limit(500)
        .for("update", { skipLocked: true });
      let added = 0;
      for (const conn of list) {
        const at = conn.nextSyncAt ?? now;
        const { existing } = await enqueueSync(
          c,
          { organizationId, connectionId: conn.id, trigger: "schedule" },
          `${SYNC_JOB}:${conn.id}@${at.toISOString()}`,
        );
        if (!existing) added++;
        await c.tx
          .update(connections)
          .set({ nextSyncAt: new Date(now.getTime() + conn.intervalSeconds * 1000) })
          .where(eq(connections.id, conn.id));
      }
      return added;
    });
  return enqueued;
}
