/**
 * The upgrade to signed entries (migration 0007). Entries written before it carry no signature; right after the
 * migration runs — and only then, in the process that ran it — each organization's chain is verified hash by hash
 * and sealed with a signed `ledger.keyed` entry that names its head. From then on an unsigned entry anywhere else is
 * a forgery: sealing later would vouch for whatever someone had slipped in meanwhile.
 */
import type { Logger } from "pino";
import { systemActor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { organizations } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { chainHead, sealUnsigned } from "../../ledger/append.ts";
import type { LedgerKeyring } from "../../ledger/signature.ts";
import { ChainVerifier, chainPages } from "../../ledger/verify.ts";

export const KEYED_MIGRATION = "0007_ledger_keyed_chain";

export async function sealLegacyChains(
  db: Db,
  keys: LedgerKeyring,
  applied: readonly string[],
  log: Pick<Logger, "info" | "error">,
): Promise<{ sealed: number; refused: number }> {
  if (!applied.includes(KEYED_MIGRATION)) return { sealed: 0, refused: 0 };
  let sealed = 0;
  let refused = 0;
  for (const { id } of await db.select({ id: organizations.id }).from(organizations)) {
    await change(db, systemActor(id, "ledger"), async (c) => {
      const head = await chainHead(c.tx, id);
      if (!head || head.signature) return;
      // The hash chain alone (no keys: nothing is signed yet) must hold before it is vouched for.
      const verifier = new ChainVerifier({ organizationId: id });
      walk: for await (const rows of chainPages(c.tx, id, head.seq))
        for (const row of rows) if (!verifier.push(row)) break walk;
      const { firstProblem } = verifier.finish(head);
      if (firstProblem) {
        refused++;
        log.error(
          { organizationId: id, problem: firstProblem },
          "ledger not sealed at upgrade: its hash chain is broken",
        );
        return;
      }
      await sealUnsigned(c.tx, keys, id, head);
      sealed++;
    });
  }
  if (sealed || refused) log.info({ sealed, refused }, "ledger chains sealed with a signed ledger.keyed entry");
  return { sealed, refused };
}
