import type { Actor } from "../core/actor.ts";
import type { WriteTx } from "../db/client.ts";
import type { Emitted, EventType } from "./events.ts";
import type { JobRow, NewJob } from "./outbox.ts";

/** What the work of a change (and every subscriber of its events) is handed: see change.ts. */
export interface Change {
  readonly tx: WriteTx;
  readonly actor: Actor;
  /** The organization whose ledger records the change (null for installation-wide writes, which emit nothing). */
  readonly organizationId: string | null;
  readonly now: Date;
  /** Records the event in the ledger now and hands it to its subscribers before commit. */
  emit<P>(type: EventType<P>, payload: P): Promise<void>;
  /** Durable after-commit work: a job written in this transaction (see outbox.ts). */
  enqueue(job: NewJob): Promise<JobRow | null>;
}

/**
 * Work a module does, in the transaction of a change, when events it cares about were emitted: keeping derived
 * state (control signals, readiness, alerts) current. It receives every matching event of the change at once, so a
 * change that links ten files refreshes a control once. It may emit further events.
 */
export interface Subscriber {
  name: string;
  on: readonly EventType<never>[];
  handle(c: Change, events: readonly Emitted[]): Promise<void>;
}
