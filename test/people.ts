import { and, eq } from "drizzle-orm";
import { newId } from "../src/core/id.ts";
import type { Role } from "../src/core/roles.ts";
import type { Db } from "../src/db/client.ts";
import { apiTokens, invitations, jobs, memberships, sessions } from "../src/db/schema/index.ts";
import type { ApiApp } from "../src/kernel/http/api-app.ts";
import { API_TOKEN_PREFIX, tokenDisplayPrefix } from "../src/modules/tokens/resolve.ts";
import { randomToken, sha256Hex } from "../src/platform/tokens.ts";
import { TestClient } from "./client.ts";
import { seedOrg, seedUser } from "./seed.ts";

/** A person with `role` in the organization and a signed-in client acting as them. */
export async function member(app: ApiApp, db: Db, organizationId: string, role: Role, email?: string) {
  const user = await seedUser(db, organizationId, role, email);
  const [m] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, user.id)));
  const client = await new TestClient(app).actAs(db, user.id, organizationId);
  return { user, membershipId: m!.id, client };
}

/** A new organization with a signed-in owner. */
export async function orgWithOwner(app: ApiApp, db: Db, name?: string) {
  const org = await seedOrg(db, name);
  return { org, ...(await member(app, db, org.id, "owner")) };
}

/** Ends the client's session the way time would (past its absolute expiry). */
export async function expireSession(db: Db, client: TestClient) {
  await db
    .update(sessions)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(sessions.id, sha256Hex(client.cookie!)));
}

/** A raw request without the client's CSRF header (cookie only), as a cross-site form post would be. */
export function withoutCsrf(client: TestClient) {
  const c = new TestClient(client.app);
  c.cookie = client.cookie;
  return c;
}

/** A personal API token inserted directly (tests of bearer access that are not about creating tokens). */
export async function seedApiToken(
  db: Db,
  userId: string,
  organizationId: string,
  opts: { scope?: "read" | "write"; expiresAt?: Date; name?: string } = {},
) {
  const secret = randomToken(API_TOKEN_PREFIX);
  const [row] = await db
    .insert(apiTokens)
    .values({
      id: newId(),
      organizationId,
      userId,
      name: opts.name ?? "test token",
      tokenHash: sha256Hex(secret),
      prefix: tokenDisplayPrefix(secret),
      scope: opts.scope ?? "write",
      expiresAt: opts.expiresAt ?? new Date(Date.now() + 86_400_000),
    })
    .returning();
  return { secret, id: row!.id };
}

/** An invitation inserted directly, with its link secret (tests that are not about sending one). */
export async function seedInvitation(
  db: Db,
  organizationId: string,
  opts: { email?: string; role?: Role; expiresAt?: Date } = {},
) {
  const secret = randomToken("", 32);
  const [row] = await db
    .insert(invitations)
    .values({
      id: newId(),
      organizationId,
      email: opts.email ?? `invitee-${newId().slice(-12)}@example.test`,
      role: opts.role ?? "viewer",
      tokenHash: sha256Hex(secret),
      expiresAt: opts.expiresAt ?? new Date(Date.now() + 7 * 86_400_000),
    })
    .returning();
  return { secret, id: row!.id, email: row!.email };
}

/** A background job of the organization inserted directly (failed, so it can be retried). */
export async function seedJob(db: Db, organizationId: string | null, status = "failed") {
  const [row] = await db
    .insert(jobs)
    .values({ id: newId(), organizationId, name: "test.fixture", status, attempts: 5, lastError: "boom" })
    .returning();
  return row!;
}
