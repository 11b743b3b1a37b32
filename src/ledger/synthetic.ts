import { newId } from "../core/id.ts";
import { canonicalJson } from "./canonical.ts";
import { entryHashIso, GENESIS_HASH } from "./hash.ts";
import { type LedgerKeyring, signEntry } from "./signature.ts";
import type { ChainRow } from "./verify.ts";

const ACTIONS = ["member.invited", "member.role_changed", "organization.updated", "token.created", "auth.signed_in"];

/**
 * A valid chain of realistic-looking entries, generated lazily (tests and the verification benchmark); signed when
 * given keys (without, it looks like entries written before Assay signed entries).
 * Continue a chain by passing the previous call's last row as `after`.
 */
export function* syntheticChain(
  organizationId: string,
  count: number,
  after?: ChainRow,
  keys?: Pick<LedgerKeyring, "signingKey" | "keyId">,
): Generator<ChainRow> {
  let seq = after?.seq ?? 0;
  let prevHash = after?.hash ?? GENESIS_HASH;
  const actors = Array.from({ length: 5 }, (_, i) => ({ id: newId(), label: `person${i}@example.com` }));
  const t0 = Date.UTC(2025, 0, 1);
  for (let i = 0; i < count; i++) {
    seq++;
    const actor = actors[seq % actors.length]!;
    const row: Omit<ChainRow, "hash" | "keyId" | "signature"> = {
      organizationId,
      seq,
      id: newId(t0 + seq * 1000),
      at: new Date(t0 + seq * 1000).toISOString(),
      actorType: "user",
      actorId: actor.id,
      actorLabel: actor.label,
      action: ACTIONS[seq % ACTIONS.length]!,
      entityType: "membership",
      entityId: newId(t0),
      changes: canonicalJson({
        before: { role: "viewer", n: seq },
        after: { role: "admin", note: 'a "quoted" value' },
      }),
      requestId: newId(t0 + seq),
      prevHash,
    };
    const hash = entryHashIso(row);
    prevHash = hash;
    yield { ...row, hash, keyId: keys?.keyId ?? null, signature: keys ? signEntry(keys, hash) : null };
  }
}
