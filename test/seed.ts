import { newId } from "../src/core/id.ts";
import type { Role } from "../src/core/roles.ts";
import type { Db } from "../src/db/client.ts";
import { memberships, organizations, users } from "../src/db/schema/index.ts";
import { hashPassword } from "../src/platform/passwords.ts";

export const TEST_PASSWORD = "correct horse battery staple 42";
let cachedHash: Promise<string> | null = null;

/** Inserts an organization directly (tests that are not about setup). */
export async function seedOrg(db: Db, name = `Org ${newId().slice(-6)}`) {
  const [org] = await db
    .insert(organizations)
    .values({ id: newId(), name, slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${newId().slice(-8)}` })
    .returning();
  return org!;
}

/** Inserts a person with TEST_PASSWORD, member of `organizationId` with `role`. */
export async function seedUser(db: Db, organizationId: string | null, role: Role = "owner", email?: string) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  const id = newId();
  const [user] = await db
    .insert(users)
    .values({
      id,
      email: email ?? `user-${id.slice(-12)}@example.test`,
      name: `User ${id.slice(-4)}`,
      passwordHash: await cachedHash,
    })
    .returning();
  if (organizationId) await db.insert(memberships).values({ id: newId(), organizationId, userId: id, role });
  return user!;
}
