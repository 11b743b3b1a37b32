/**
 * Typed domain events. Each event type is declared once, by the module that owns it, with how it is written to the
 * ledger (its name is the ledger action). Events with `ledger: null` only drive derived state (subscribers) and are
 * not recorded: what caused them already is.
 */
export interface LedgerRecord {
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface EventType<P = unknown, N extends string = string> {
  readonly name: N;
  readonly ledger: ((payload: P) => LedgerRecord) | null;
  /** Field names whose values are secrets: written to the ledger as "[redacted]" wherever they appear. */
  readonly secretFields: readonly string[];
}

export interface Emitted<P = unknown> {
  readonly type: EventType<P>;
  readonly payload: P;
}

/**
 * Declares an event type: `defineEvent<{ id: string }>()("thing.created", { ledger: (p) => ({ entityType: "thing",
 * entityId: p.id, after: p }) })`. The curried form lets the payload type be given while the name is inferred.
 */
export function defineEvent<P>() {
  return <const N extends string>(
    name: N,
    spec: { ledger: ((payload: P) => LedgerRecord) | null; secretFields?: readonly string[] },
  ): EventType<P, N> => Object.freeze({ name, ledger: spec.ledger, secretFields: spec.secretFields ?? [] });
}

/** The payloads of the emitted events of one type (subscribers receive batches). */
export function payloadsOf<P>(events: readonly Emitted[], type: EventType<P>): P[] {
  return events.filter((e) => e.type.name === type.name).map((e) => e.payload as P);
}
