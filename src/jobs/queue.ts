import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { jobs } from "../db/schema/index.ts";
import { enqueue, type NewJob } from "../kernel/outbox.ts";
import type { Job } from "./registry.ts";

export { enqueue, type NewJob };

const secondsFromNow = (seconds: number) => sql`now() + make_interval(secs => ${seconds}::float8)`;

/**
 * Claims up to `limit` due jobs for `workerId`. SKIP LOCKED lets many workers claim at once without waiting
 * on or double-claiming each other's rows; the lease (locked_until) is extended by heartbeats while running.
 */
export async function claim(db: Db, workerId: string, limit: number, leaseSeconds: number): Promise<Job[]> {
  if (limit <= 0) return [];
  const due = db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.status, "queued"), lte(jobs.runAt, sql`now()`)))
    .orderBy(asc(jobs.runAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(jobs)
    .set({
      status: "running",
      lockedBy: workerId,
      lockedUntil: secondsFromNow(leaseSeconds),
      attempts: sql`${jobs.attempts} + 1`,
      startedAt: sql`now()`,
      finishedAt: null,
      progress: 0,
      progressMessage: null,
    })
    .where(inArray(jobs.id, due))
    .returning();
}

/** Only the worker holding the lease may touch a running job (a lease that expired may have moved on). */
const heldBy = (id: string, workerId: string) =>
  and(eq(jobs.id, id), eq(jobs.status, "running"), eq(jobs.lockedBy, workerId));

/**
 * Records a finished run: `succeeded`, or `skipped` when the handler found nothing to do (JobSkipped; its reason
 * becomes the progress message people see).
 */
export async function complete(
  db: Db,
  id: string,
  workerId: string,
  result: unknown,
  skipped: { reason: string } | null = null,
): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({
      status: skipped ? "skipped" : "succeeded",
      finishedAt: sql`now()`,
      progress: 100,
      ...(skipped ? { progressMessage: skipped.reason.slice(0, 500) } : {}),
      result: result === undefined ? null : (JSON.parse(JSON.stringify(result)) as unknown),
      lockedBy: null,
      lockedUntil: null,
    })
    .where(heldBy(id, workerId))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

export interface BackoffPolicy {
  baseSeconds: number;
  maxSeconds: number;
}
export const DEFAULT_BACKOFF: BackoffPolicy = { baseSeconds: 10, maxSeconds: 3600 };

/** Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries spread out. */
export function retryDelaySeconds(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random = Math.random) {
  const ceiling = Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** Math.max(0, attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Records a failed attempt: back to `queued` with a later run_at while attempts remain, else `failed`.
 * Returns the new status, or null if this worker no longer holds the job.
 */
export async function fail(
  db: Db,
  job: Pick<Job, "id" | "attempts" | "maxAttempts">,
  workerId: string,
  error: string,
  opts: { permanent?: boolean; backoff?: BackoffPolicy } = {},
): Promise<"queued" | "failed" | null> {
  const final = opts.permanent || job.attempts >= job.maxAttempts;
  const rows = await db
    .update(jobs)
    .set({
      status: final ? "failed" : "queued",
      lastError: error.slice(0, 4000),
      lockedBy: null,
      lockedUntil: null,
      ...(final
        ? { finishedAt: sql`now()` }
        : { runAt: secondsFromNow(retryDelaySeconds(job.attempts, opts.backoff)) }),
    })
    .where(heldBy(job.id, workerId))
    .returning({ id: jobs.id });
  if (!rows.length) return null;
  return final ? "failed" : "queued";
}

/** Extends the leases of the jobs this worker is running. */
export async function heartbeat(db: Db, ids: string[], workerId: string, leaseSeconds: number) {
  if (!ids.length) return;
  await db
    .update(jobs)
    .set({ lockedUntil: secondsFromNow(leaseSeconds) })
    .where(and(inArray(jobs.id, ids), eq(jobs.status, "running"), eq(jobs.lockedBy, workerId)));
}

export async function reportProgress(db: Db, id: string, workerId: string, percent: number, message?: string) {
  await db
    .update(jobs)
    .set({
      progress: Math.max(0, Math.min(100, Math.round(percent))),
      ...(message !== undefined ? { progressMessage: message.slice(0, 500) } : {}),
    })
    .where(heldBy(id, workerId));
}

/**
 * Requeues running jobs whose lease passed: their worker died or lost the database. The lost run counts as an
 * attempt, so a job that keeps killing its worker ends up `failed` instead of looping forever. Returns the jobs as
 * they are now (queued again or failed), so the worker can let each job's definition release what the lost run held
 * (`onLeaseExpired`).
 */
export async function recoverExpiredLeases(db: Db): Promise<Job[]> {
  return db
    .update(jobs)
    .set({
      status: sql`CASE WHEN ${jobs.attempts} >= ${jobs.maxAttempts} THEN 'failed' ELSE 'queued' END`,
      finishedAt: sql`CASE WHEN ${jobs.attempts} >= ${jobs.maxAttempts} THEN now() END`,
      runAt: sql`now()`,
      lockedBy: null,
      lockedUntil: null,
      lastError: sql`'The worker ' || coalesce(${jobs.lockedBy}, '?') || ' stopped responding while running this job (lease expired).'`,
    })
    .where(and(eq(jobs.status, "running"), lte(jobs.lockedUntil, sql`now()`)))
    .returning();
}

/** Puts a failed job back in the queue now, with a fresh set of attempts. Null if it is not failed. */
export async function retryFailed(db: Db, id: string): Promise<Job | null> {
  const [row] = await db
    .update(jobs)
    .set({ status: "queued", runAt: sql`now()`, attempts: 0, finishedAt: null, lockedBy: null, lockedUntil: null })
    .where(and(eq(jobs.id, id), eq(jobs.status, "failed")))
    .returning();
  return row ?? null;
}
