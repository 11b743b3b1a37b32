import { desc, eq, sql } from "drizzle-orm";
import type { Actor } from "../core/actor.ts";
import { newId } from "../core/id.ts";
import type { Db, WriteTx } from "../db/client.ts";
import { ledgerEntries } from "../db/schema/index.ts";
import { canonicalJson, redact } from "./canonical.ts";
import { entryHash, GENESIS_HASH } from "./hash.ts";

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
 * Under READ COMMITTED each later statement then sees the head the previous holder committed.
 */
export async function lockChain(tx: Db, organizationId: string) {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`ledger:${organizationId}`}, 0))`);
}

/** The newest entry of an organization's chain (by seq), or undefined when it has none. */
export async function chainHead(db: Db, organizationId: string): Promise<{ seq: number; hash: string } | undefined> {
  const [head] = await db
    .select({ seq: ledgerEntries.seq, hash: ledgerEntries.hash })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.organizationId, organizationId))
    .orderBy(desc(ledgerEntries.seq))
    .limit(1);
  return head;
}

/**
 * Appends one entry to the organization's chain, in the transaction of the change (only the kernel's `change()`
 * makes a WriteTx): a per-organization transaction-scoped advisory lock keeps the chain linear. Values of
 * `secretFields` (declared by the event type) are redacted wherever they appear in before/after.
 */
export async function appendLedger(
  tx: WriteTx,
  actor: Actor,
  event: LedgerEvent,
  organizationId = actor.organizationId,
  secretFields: readonly string[] = [],
) {
  await lockChain(tx, organizationId);
  const head = await chainHead(tx, organizationId);
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
  await tx.insert(ledgerEntries).values({ ...fields, hash });
  return { seq: fields.seq, hash };
}
