import { and, eq, isNull } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import type { Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { apiTokens, memberships, users } from "../../db/schema/index.ts";
import { sha256Hex } from "../../platform/tokens.ts";

export const API_TOKEN_PREFIX = "assay_pat_";
/** What lists show to recognize a token: the fixed prefix and the first 6 random characters. */
export const tokenDisplayPrefix = (secret: string) => secret.slice(0, API_TOKEN_PREFIX.length + 6);

/** Resolves a bearer token to an actor; null when unknown, revoked, expired or its owner left the organization. */
export async function resolveApiToken(db: Db, token: string, now = new Date()): Promise<Actor | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const [row] = await db
    .select({ t: apiTokens, email: users.email, name: users.name, role: memberships.role })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(
      memberships,
      and(eq(memberships.organizationId, apiTokens.organizationId), eq(memberships.userId, apiTokens.userId)),
    )
    .where(and(eq(apiTokens.tokenHash, sha256Hex(token)), isNull(apiTokens.revokedAt)));
  if (!row || (row.t.expiresAt && row.t.expiresAt <= now)) return null;
  if (!row.t.lastUsedAt || now.getTime() - row.t.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.t.id));
  }
  return {
    kind: "token",
    userId: row.t.userId,
    email: row.email,
    name: row.name,
    organizationId: row.t.organizationId,
    role: row.role as Role,
    tokenId: row.t.id,
    scope: row.t.scope as "read" | "write",
  };
}
