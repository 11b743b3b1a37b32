import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { memberships, users } from "../../db/schema/index.ts";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Emails are unique case-insensitively (users_email_unique is on lower(email)). */
export async function findUserByEmail(db: Db, email: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${normalizeEmail(email)}`);
  return user ?? null;
}

export async function findUserById(db: Db, id: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user ?? null;
}

/** The organization a sign-in opens: the one used most recently, else the oldest membership. */
export async function pickMembership(db: Db, userId: string) {
  const [m] = await db
    .select({ id: memberships.id, organizationId: memberships.organizationId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(sql`${memberships.lastUsedAt} DESC NULLS LAST`, asc(memberships.createdAt), asc(memberships.id))
    .limit(1);
  return m ?? null;
}
