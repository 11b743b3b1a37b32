import { and, desc, eq, sql } from "drizzle-orm";
import { newId } from "../core/id.ts";
import { type Db, queryRows, type WriteTx } from "../db/client.ts";
import { ledgerCheckpoints, ledgerEntries, organizations } from "../db/schema/index.ts";
import { type ChainHead, chainHead } from "./append.ts";
import { checkpointSignatureProblem, type LedgerKeyring, signCheckpoint } from "./signature.ts";
import { ChainVerifier, chainPages, type Problem } from "./verify.ts";

export type Checkpoint = typeof ledgerCheckpoints.$inferSelect;

/** The checkpoint job found the chain broken and signed nothing: someone must look before history is vouched for. */
export class LedgerIntegrityError extends Error {
  readonly organizationId: string;
  readonly problem: Problem;
  constructor(organizationId: string, problem: Problem) {
    super(
      `Refused to sign the ledger head of organization ${organizationId}: first bad entry seq ${problem.seq} (${problem.kind}): ${problem.detail}`,
    );
    this.organizationId = organizationId;
    this.problem = problem;
  }
}

/**
 * Signs the organization's chain head unless the latest checkpoint already covers it — but only after verifying,
 * entry by entry (hash, link and signature), everything since the latest checkpoint that still verifies and still
 * matches the chain. Runs in
 * a change of that organization, which holds the chain lock: the head cannot move underneath and two workers cannot
 * sign the same head twice. Throws LedgerIntegrityError when the chain does not verify.
 */
export async function checkpointOrganization(
  tx: WriteTx,
  organizationId: string,
  keys: LedgerKeyring,
  now = new Date(),
): Promise<Checkpoint | null> {
  const head = await chainHead(tx, organizationId);
  if (!head) return null;
  const from = await trustedCheckpoint(tx, organizationId, keys);
  if (from && from.seq >= head.seq) return null;
  await verifySince(tx, organizationId, keys, head, from);
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

/** The newest stored checkpoint whose signature verifies and whose entry still has the signed hash, if any. */
async function trustedCheckpoint(tx: Db, organizationId: string, keys: LedgerKeyring) {
  const stored = await tx
    .select()
    .from(ledgerCheckpoints)
    .where(eq(ledgerCheckpoints.organizationId, organizationId))
    .orderBy(desc(ledgerCheckpoints.seq));
  const latest = stored.find((cp) => !checkpointSignatureProblem(keys.publicKeys, organizationId, cp));
  if (!latest) return undefined;
  const [entry] = await tx
    .select({ hash: ledgerEntries.hash, signature: ledgerEntries.signature })
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.organizationId, organizationId), eq(ledgerEntries.seq, latest.seq)));
  if (entry?.hash !== latest.hash)
    throw new LedgerIntegrityError(organizationId, {
      seq: latest.seq,
      kind: entry ? "checkpoint_mismatch" : "truncated",
      detail: entry
        ? `entry ${latest.seq} no longer has the hash the checkpoint signed ${latest.signedAt.toISOString()}`
        : `entry ${latest.seq}, covered by a checkpoint, is gone`,
    });
  return { seq: latest.seq, hash: latest.hash, signed: entry.signature !== null };
}

/** Verifies the entries after `from` through `head`, or throws naming the first bad one. */
async function verifySince(
  tx: Db,
  organizationId: string,
  keys: LedgerKeyring,
  head: ChainHead,
  from: { seq: number; hash: string; signed: boolean } | undefined,
) {
  const verifier = new ChainVerifier({ organizationId, publicKeys: keys.publicKeys, from });
  walk: for await (const rows of chainPages(tx, organizationId, head.seq, { from }))
    for (const row of rows) if (!verifier.push(row)) break walk;
  const { firstProblem } = verifier.finish(head);
  if (firstProblem) throw new LedgerIntegrityError(organizationId, firstProblem);
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
