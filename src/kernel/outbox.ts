/**
 * The outbox: work that must not hold a change's transaction (running a sync, sending mail) is written as a job
 * row in that transaction, so it commits with the change or not at all and survives a crash; workers claim it after
 * commit. Waking the local worker is the only thing done outside, and losing it merely delays the job to the next poll.
 */
import { newId } from "../core/id.ts";
import type { Db } from "../db/client.ts";
import { jobs } from "../db/schema/index.ts";

export interface NewJob {
  name: string;
  payload?: Record<string, unknown>;
  organizationId?: string | null;
  runAt?: Date;
  maxAttempts?: number;
  /** Unique across all jobs: a second enqueue with the same key is ignored (returns null). */
  dedupeKey?: string;
}

export type JobRow = typeof jobs.$inferSelect;

/** Adds a job; with a dedupeKey that already exists, nothing is added and null is returned. */
export async function enqueue(db: Db, job: NewJob): Promise<JobRow | null> {
  const [row] = await db
    .insert(jobs)
    .values({
      id: newId(),
      name: job.name,
      payload: job.payload ?? {},
      organizationId: job.organizationId ?? null,
      ...(job.runAt ? { runAt: job.runAt } : {}),
      maxAttempts: job.maxAttempts ?? 5,
      dedupeKey: job.dedupeKey ?? null,
    })
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning();
  return row ?? null;
}

const wakeListeners = new Set<() => void>();

/** Workers in this process register here to be nudged when a change committed new jobs. Returns the unsubscribe. */
export function onJobsCommitted(listener: () => void): () => void {
  wakeListeners.add(listener);
  return () => wakeListeners.delete(listener);
}

export function wakeWorkers() {
  for (const l of wakeListeners) l();
}
