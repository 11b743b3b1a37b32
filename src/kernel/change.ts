/**
 * The one write path. `change()` opens the transaction, takes the organization's ledger lock before anything else
 * (one lock order for every writer, so writers of an organization queue instead of deadlocking), hands the work a
 * branded `WriteTx`, records each emitted event in the ledger, runs the subscribers of those events in the same
 * transaction, and after commit wakes workers for the jobs it enqueued. A transaction that fails with a deadlock or
 * serialization error is retried whole (bounded, with jitter), so the work must only write through `c.tx`.
 */
import type { Actor } from "../core/actor.ts";
import type { Db, WriteTx } from "../db/client.ts";
import { appendLedger, lockChain } from "../ledger/append.ts";
import { bindLedgerKeys, boundLedgerKeys } from "../ledger/keys.ts";
import type { Emitted, EventType } from "./events.ts";
import { enqueue, wakeWorkers } from "./outbox.ts";
import { eventsFor, registeredSubscribers } from "./subscribers.ts";
import type { Change, Subscriber } from "./types.ts";

export type { Change };

export interface ChangeOptions {
  /** Whose ledger: defaults to the actor's organization; null for writes that belong to no organization. */
  organizationId?: string | null;
  /** Attempts on deadlock / serialization failure (default 5). */
  attempts?: number;
}

/** How many rounds of subscribers may emit further events before the change is considered to loop. */
const MAX_ROUNDS = 8;

export async function change<T>(
  db: Db,
  actor: Actor,
  work: (c: Change) => Promise<T>,
  options: ChangeOptions = {},
): Promise<T> {
  const organizationId = options.organizationId === undefined ? actor.organizationId : options.organizationId;
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    let enqueued = 0;
    try {
      const result = await db.transaction(async (raw) => {
        const tx = raw as unknown as WriteTx;
        const keys = boundLedgerKeys(db);
        if (keys) bindLedgerKeys(tx, keys); // a change nested in this one (a savepoint) signs with the same key
        if (organizationId) await lockChain(tx, organizationId);
        const pending: Emitted[] = [];
        const c: Change = {
          tx,
          actor,
          organizationId,
          now: new Date(),
          async emit(type, payload) {
            if (type.ledger) {
              if (!organizationId) throw new Error(`Event ${type.name} needs an organization's ledger.`);
              await appendLedger(
                tx,
                actor,
                { action: type.name, ...type.ledger(payload) },
                organizationId,
                type.secretFields,
              );
            }
            pending.push({ type: type as EventType<unknown>, payload });
          },
          async enqueue(job) {
            const row = await enqueue(tx, job);
            if (row) enqueued++;
            return row;
          },
        };
        const value = await work(c);
        await deliver(c, pending);
        return value;
      });
      if (enqueued) wakeWorkers();
      return result;
    } catch (err) {
      if (attempt >= attempts || !isRetryableConflict(err)) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
    }
  }
}

/**
 * Hands each subscriber, in registration order, the events it has not seen yet, including those emitted by the
 * subscribers before it (signals before readiness: readiness then runs once). Repeats while new events appear.
 */
async function deliver(c: Change, emitted: readonly Emitted[]) {
  const seen = new Map<Subscriber, number>();
  for (let round = 0; ; round++) {
    let progressed = false;
    for (const subscriber of registeredSubscribers()) {
      const from = seen.get(subscriber) ?? 0;
      if (from === emitted.length) continue;
      seen.set(subscriber, emitted.length);
      const events = eventsFor(subscriber, emitted.slice(from));
      if (events.length) await subscriber.handle(c, events);
      progressed = true;
    }
    if (!progressed) return;
    if (round >= MAX_ROUNDS) throw new Error(`Subscribers kept emitting events after ${MAX_ROUNDS} rounds.`);
  }
}

/** PostgreSQL's "try again" errors: deadlock_detected (40P01) and serialization_failure (40001). */
export function isRetryableConflict(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (e.code === "40P01" || e.code === "40001") return true;
  return false;
}
