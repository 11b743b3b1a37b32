import type { KeyObject } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import { systemActor } from "../core/actor.ts";
import { newId } from "../core/id.ts";
import { type Db, queryRows } from "../db/client.ts";
import { ledgerCheckpoints, organizations } from "../db/schema/index.ts";
import { type Change, change } from "../kernel/change.ts";
import { chainHead } from "./append.ts";
import { signCheckpoint } from "./signature.ts";

export type Checkpoint = typeof ledgerCheckpoints.$inferSelect;
export interface SigningKeys {
  signingKey: KeyObject;
  keyId: string;
}

/**
 * Signs the organization's chain head unless the latest checkpoint already covers it. Runs in a change of that
 * organization, which holds the chain lock: the head cannot move underneath and two workers cannot sign the same
 * head twice.
 */
export async function checkpointOrganization(c: Change, keys: SigningKeys): Promise<Checkpoint | null> {
  const { tx } = c;
  const organizationId = c.organizationId;
  if (!organizationId)
    throw new Error("A checkpoint signs an organization's chain: run it in that organization's change.");
  const head = await chainHead(tx, organizationId);
  if (!head) return null;
  const [latest] = await tx
    .select({ seq: ledgerCheckpoints.seq })
    .from(ledgerCheckpoints)
    .where(eq(ledgerCheckpoints.organizationId, organizationId))
    .orderBy(desc(ledgerCheckpoints.seq))
    .limit(1);
  if (latest && latest.seq >= head.seq) return null;
  const [cp] = await tx
    .insert(ledgerCheckpoints)
    .values({
      id: newId(),
      organizationId,
      seq: head.seq,
      hash: head.hash,
      keyId: keys.keyId,
      signature: signCheckpoint(keys.signingKey, organizationId, head.seq, head.hash),
      signedAt: c.now,
    })
    .returning();
  return cp!;
}

/** Signs one organization's head now, as the system (a change of its own). */
export const checkpointNow = (db: Db, keys: SigningKeys, organizationId: string) =>
  change(db, systemActor(organizationId, "ledger.checkpoint"), (c) => checkpointOrganization(c, keys));

/** Organizations whose chain head moved past their latest checkpoint (index lookups, no ledger scan). */
export async function organizationsNeedingCheckpoint(db: Db): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT o.id FROM ${organizations} o
        WHERE (SELECT max(seq) FROM ledger_entries e WHERE e.organization_id = o.id)
          > coalesce((SELECT max(seq) FROM ledger_checkpoints c WHERE c.organization_id = o.id), 0)
        ORDER BY o.id`,
  );
  return rows.map((r) => r.id);
}

/** The recurring job's body: checkpoints every organization whose head moved. */
export async function checkpointAll(
  db: Db,
  keys: SigningKeys,
  onProgress?: (done: number, total: number) => Promise<void>,
): Promise<{ organizations: number; checkpoints: number }> {
  const ids = await organizationsNeedingCheckpoint(db);
  let created = 0;
  for (const [i, id] of ids.entries()) {
    if (await checkpointNow(db, keys, id)) created++;
    await onProgress?.(i + 1, ids.length);
  }
  return { organizations: ids.length, checkpoints: created };
}
