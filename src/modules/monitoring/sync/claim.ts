/**
 * A connection's claim: one sync at a time. The claim is the running sync row the connection points to
 * (`sync_lock_id`). A sync run by a job holds it exactly as long as that run of the job holds its lease, which the
 * worker renews by heartbeat: a worker killed mid-sync frees the connection when its lease ends, and the job's
 * lease-expiry hook (or the next sync, whichever comes first) records the sync as failed with the reason. A sync run
 * outside a job holds the claim until `sync_lock_until`, which each committed batch moves on. Every write of a sync
 * first proves it still holds the claim (`holdClaim`), so a run presumed dead that wakes up again writes nothing.
 */
import { and, count, eq, sql } from "drizzle-orm";
import { systemActor } from "../../../core/actor.ts";
import { type Db, queryRows } from "../../../db/client.ts";
import { connectionSyncs, connections, resources } from "../../../db/schema/index.ts";
import { type Change, change } from "../../../kernel/change.ts";
import type { JobRow } from "../../../kernel/outbox.ts";
import { finish } from "./finish.ts";
import { emptyCounts } from "./sync-batch.ts";

type ConnectionRow = typeof connections.$inferSelect;

/** How long a sync outside a job holds its connection without committing a batch. */
const LOCK_SECONDS = 15 * 60;

export const SKIPPED_BUSY = "Skipped: another sync of this connection is running.";
export const SKIPPED_GONE = "Skipped: the connection no longer exists.";
const STOPPED = "The worker stopped during the sync (its process ended or lost the database) before the sync finished.";
const STOPPED_GUIDANCE =
  "What it had recorded is kept and nothing was marked missing. The sync runs again (its job is retried, or the next scheduled sync); if workers keep stopping, check their logs (out of memory, restarts).";

/**
 * SQL: the connection's claim is held by a live sync. A sync with a job is live while that job is running with an
 * unexpired lease and was claimed no later than the sync started — a job claimed again after a lost run is a new
 * attempt, not the run that started this sync. A sync without a job (or whose job row is gone) is live until
 * `sync_lock_until`.
 */
const claimHeld = sql<boolean>`(${connections.syncLockId} IS NOT NULL AND coalesce(
  (SELECT j.status = 'running' AND j.locked_until > now() AND j.started_at <= s.started_at
     FROM connection_syncs s JOIN jobs j ON j.id = s.job_id
    WHERE s.id = ${connections.syncLockId}),
  ${connections.syncLockUntil} > now()))`;

/** Ids of the organization's connections whose claim a live sync holds ("syncing" in the API and UI). */
export async function connectionsSyncing(db: Db, organizationId: string): Promise<Set<string>> {
  const rows = await db
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.organizationId, organizationId), claimHeld));
  return new Set(rows.map((r) => r.id));
}

async function isHeld(c: Change, connectionId: string): Promise<boolean> {
  const [row] = await queryRows<{ held: boolean }>(
    c.tx,
    sql`SELECT ${claimHeld} AS held FROM ${connections} WHERE ${connections.id} = ${connectionId}`,
  );
  return row?.held === true;
}

/** The connection, locked for this change (null when it does not exist in the organization). */
async function lockConnection(c: Change, organizationId: string, connectionId: string) {
  const [row] = await c.tx
    .select()
    .from(connections)
    .where(and(eq(connections.id, connectionId), eq(connections.organizationId, organizationId)))
    .for("update");
  return row ?? null;
}

/**
 * Ends the connection's running sync `syncId` as failed because its worker stopped, releasing the claim. What its
 * committed batches wrote stays, and the `sync_failed` event brings control status and alerts up to date with it.
 */
async function abandon(c: Change, connection: ConnectionRow, syncId: string): Promise<boolean> {
  const [sync] = await c.tx
    .select({ warnings: connectionSyncs.warnings })
    .from(connectionSyncs)
    .where(and(eq(connectionSyncs.id, syncId), eq(connectionSyncs.status, "running")));
  if (!sync) return false;
  const [seen] = await c.tx
    .select({ n: count() })
    .from(resources)
    .where(and(eq(resources.connectionId, connection.id), eq(resources.lastSyncId, syncId)));
  await finish(c, {
    syncId,
    connection,
    status: "failed",
    counts: { ...emptyCounts(), resources: Number(seen?.n ?? 0) },
    warnings: sync.warnings,
    error: STOPPED,
    guidance: STOPPED_GUIDANCE,
  });
  return true;
}

export type Claim =
  | { kind: "claimed"; connection: ConnectionRow }
  | { kind: "skipped"; reason: string; syncId: string | null };

export interface ClaimOptions {
  trigger: "manual" | "schedule";
  jobId?: string | null;
  requestedBy?: string | null;
}

/**
 * Takes the connection for the sync `syncId` and opens its row `running`. A claim whose sync is no longer live (its
 * worker stopped) is taken over and that sync recorded as failed. When a live sync holds it, nothing runs: the
 * sync's row says `skipped` and why.
 */
export async function claimConnection(
  db: Db,
  organizationId: string,
  connectionId: string,
  syncId: string,
  opts: ClaimOptions,
): Promise<Claim> {
  return change(db, systemActor(organizationId, "sync"), async (c) => {
    const row = await lockConnection(c, organizationId, connectionId);
    if (!row || row.deletedAt) return { kind: "skipped", reason: SKIPPED_GONE, syncId: null };
    const skipped = (await isHeld(c, connectionId)) ? SKIPPED_BUSY : null;
    if (!skipped && row.syncLockId) await abandon(c, row, row.syncLockId);
    if (!skipped)
      await c.tx
        .update(connections)
        .set({ syncLockId: syncId, syncLockUntil: sql`now() + make_interval(secs => ${LOCK_SECONDS})` })
        .where(eq(connections.id, connectionId));
    await c.tx.insert(connectionSyncs).values({
      id: syncId,
      organizationId,
      connectionId,
      jobId: opts.jobId ?? null,
      trigger: opts.trigger,
      requestedBy: opts.requestedBy ?? null,
      ...(skipped ? { status: "skipped", progress: 100, message: skipped, finishedAt: c.now } : { status: "running" }),
    });
    return skipped ? { kind: "skipped", reason: skipped, syncId } : { kind: "claimed", connection: row };
  });
}

/** The sync no longer holds its connection: its lease lapsed and the claim was taken over or released. */
export class ClaimLost extends Error {
  constructor() {
    super("This sync lost its claim on the connection (its worker was presumed stopped) and stopped.");
    this.name = "ClaimLost";
  }
}

/**
 * The fence of every write a sync makes: inside the change, proves that `syncId` still holds the connection (and
 * moves a jobless sync's hold on), or throws ClaimLost so the change rolls back. The row lock this takes orders it
 * with a takeover: a run whose lease lapsed while it was still alive (a stalled worker, a database hiccup) cannot
 * write after another run took the connection.
 */
export async function holdClaim(c: Change, connectionId: string, syncId: string) {
  const held = await c.tx
    .update(connections)
    .set({ syncLockUntil: sql`now() + make_interval(secs => ${LOCK_SECONDS})` })
    .where(and(eq(connections.id, connectionId), eq(connections.syncLockId, syncId)))
    .returning({ id: connections.id });
  if (!held.length) throw new ClaimLost();
}

const lostRunPayload = (job: JobRow) => {
  const p = job.payload as { organizationId?: unknown; connectionId?: unknown };
  return typeof p.organizationId === "string" && typeof p.connectionId === "string"
    ? { organizationId: p.organizationId, connectionId: p.connectionId }
    : null;
};

/**
 * The sync job's lease-expiry hook: when the run of `job` that holds its connection has lost its lease, its sync is
 * recorded as failed (the worker stopped) and the connection is free at once. A claim a newer run of the job holds
 * is live and left alone.
 */
export async function releaseLostSync(db: Db, job: JobRow): Promise<boolean> {
  const scope = lostRunPayload(job);
  if (!scope || !job.organizationId) return false;
  return change(db, systemActor(scope.organizationId, "sync recovery"), async (c) => {
    const row = await lockConnection(c, scope.organizationId, scope.connectionId);
    if (!row?.syncLockId || (await isHeld(c, row.id))) return false;
    const [sync] = await c.tx
      .select({ jobId: connectionSyncs.jobId })
      .from(connectionSyncs)
      .where(eq(connectionSyncs.id, row.syncLockId));
    if (sync?.jobId !== job.id) return false;
    return abandon(c, row, row.syncLockId);
  });
}
