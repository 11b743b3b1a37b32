import type { KeyObject } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import { newId } from "../core/id.ts";
import { type Db, queryRows, type WriteTx } from "../db/client.ts";
import { ledgerCheckpoints, organizations } from "../db/schema/index.ts";
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
export async function checkpointOrganization(
  tx: WriteTx,
  organizationId: string,
  keys: SigningKeys,
  now = new Date(),
): Promise<Checkpoint | null> {
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
      signedAt: now,
    })
    .returning();
  return cp!;
}

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
