import { and, eq, isNull } from "drizzle-orm";
import { apiTokens } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { tokenRevoked } from "./events.ts";

/** What the ledger keeps about a token: never the secret or its hash. */
export const ledgerView = (t: typeof apiTokens.$inferSelect) => ({
  name: t.name,
  scope: t.scope,
  prefix: t.prefix,
  userId: t.userId,
  expiresAt: t.expiresAt,
  revokedAt: t.revokedAt,
});

/** Why every token of a person was revoked at once (the ledger entry's `after.reason`). */
export type RevokeAllReason = "signed_out_everywhere" | "password_reset";

/**
 * Revokes every live API token the person holds in the change's organization, one ledger entry per token as when
 * they revoke one themselves; returns how many.
 */
export async function revokePersonsTokens(c: Change, userId: string, reason: RevokeAllReason): Promise<number> {
  if (!c.organizationId) throw new Error("Revoking tokens needs the organization whose tokens they are.");
  const revoked = await c.tx
    .update(apiTokens)
    .set({ revokedAt: c.now })
    .where(
      and(eq(apiTokens.organizationId, c.organizationId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)),
    )
    .returning();
  for (const t of revoked)
    await c.emit(tokenRevoked, {
      id: t.id,
      before: ledgerView({ ...t, revokedAt: null }),
      after: { ...ledgerView(t), reason },
    });
  return revoked.length;
}
