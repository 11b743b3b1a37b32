import { desc, eq, sql } from "drizzle-orm";
import { type Actor, systemActor } from "../core/actor.ts";
import { newId } from "../core/id.ts";
import type { Db, WriteTx } from "../db/client.ts";
import { ledgerEntries } from "../db/schema/index.ts";
import { canonicalJson, redact } from "./canonical.ts";
import { entryHash, GENESIS_HASH } from "./hash.ts";
import { ledgerKeysOf } from "./keys.ts";
import { type LedgerKeyring, signEntry } from "./signature.ts";

export interface LedgerEvent {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

function actorFields(actor: Actor) {
  if (actor.kind === "system") return { actorType: "system", actorId: null, actorLabel: actor.label ?? "system" };
  return {
    actorType: actor.kind,
    actorId: actor.kind === "token" ? (actor.tokenId ?? actor.userId) : actor.userId,
    actorLabel: actor.email,
  };
}

/**
 * Serializes writers of one organization's chain until the transaction ends (appends and checkpoints take it).
 * Under READ COMMITTED each later statement then sees the head the previous holder committed. It also raises the
 * transaction-local flag the ledger tables' insert triggers ask for (migration 0007): rows arrive only this way.
 */
export async function lockChain(tx: Db, organizationId: string) {
  await tx.execute(
    sql`SELECT set_config('assay.ledger_writer', 'on', true), pg_advisory_xact_lock(hashtextextended(${`ledger:${organizationId}`}, 0))`,
  );
}

export interface ChainHead {
  seq: number;
  hash: string;
  /** Null on entries written before entries were signed (migration 0007). */
  signature: string | null;
}

/** The newest entry of an organization's chain (by seq), or undefined when it has none. */
export async function chainHead(db: Db, organizationId: string): Promise<ChainHead | undefined> {
  const [head] = await db
    .select({ seq: ledgerEntries.seq, hash: ledgerEntries.hash, signature: ledgerEntries.signature })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.organizationId, organizationId))
    .orderBy(desc(ledgerEntries.seq))
    .limit(1);
  return head;
}

/** The action of the entry that vouches, with a signature, for entries written before entries were signed. */
export const KEYED_ACTION = "ledger.keyed";

/**
 * Appends one entry to the organization's chain, in the transaction of the change (only the kernel's `change()`
 * makes a WriteTx), hashed and signed with the ledger key bound to the database (ledger/keys.ts): a per-organization transaction-scoped
 * advisory lock keeps the chain linear. Values of `secretFields` (declared by the event type) are redacted wherever
 * they appear in before/after.
 */
export async function appendLedger(
  tx: WriteTx,
  actor: Actor,
  event: LedgerEvent,
  organizationId = actor.organizationId,
  secretFields: readonly string[] = [],
) {
  const keys = ledgerKeysOf(tx);
  await lockChain(tx, organizationId);
  const head = await chainHead(tx, organizationId);
  return writeEntry(tx, keys, organizationId, actor, event, head, secretFields);
}

/**
 * Appends the signed `ledger.keyed` entry right after an unsigned head (the caller holds the chain lock). Only the
 * upgrade that introduced signed entries does this (ledger/legacy.ts): sealing later would vouch for whatever an
 * attacker had put there.
 */
export const sealUnsigned = (tx: WriteTx, keys: LedgerKeyring, organizationId: string, head: ChainHead) =>
  writeEntry(tx, keys, organizationId, systemActor(organizationId, "ledger"), keyedEvent(head), head);

/** Records, signed, which head the unsigned entries end at: rewriting them would now break a signed entry. */
export const keyedEvent = (head: ChainHead): LedgerEvent => ({
  action: KEYED_ACTION,
  entityType: "ledger",
  after: { unsignedThroughSeq: head.seq, unsignedHeadHash: head.hash },
});

async function writeEntry(
  tx: WriteTx,
  keys: LedgerKeyring,
  organizationId: string,
  actor: Actor,
  event: LedgerEvent,
  head: ChainHead | undefined,
  secretFields: readonly string[] = [],
): Promise<ChainHead> {
  const fields = {
    organizationId,
    seq: (head?.seq ?? 0) + 1,
    id: newId(),
    at: new Date(),
    ...actorFields(actor),
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    changes: canonicalJson(redact({ before: event.before ?? null, after: event.after ?? null }, secretFields)),
    requestId: actor.requestId ?? null,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const hash = entryHash(fields);
  const signature = signEntry(keys, hash);
  await tx.insert(ledgerEntries).values({ ...fields, hash, keyId: keys.keyId, signature });
  return { seq: fields.seq, hash, signature };
}
