import { and, eq } from "drizzle-orm";
import { ROLE_LABELS, type Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { memberships, users } from "../../db/schema/index.ts";
import { badRequest } from "../../platform/errors.ts";
import { policy } from "./policy.ts";
import type { Person } from "./schema.ts";

/** Who may be named on an item: its owner and step owners (people who work on items), its planned verifier. */

async function memberOf(db: Db, organizationId: string, userId: string, who: string) {
  const [m] = await db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)));
  if (!m)
    throw badRequest(
      "owner_not_member",
      `The ${who} must be a member of this organization. Pick someone from the members list (their user id), or invite them first.`,
    );
  return m;
}

/** Roles that can work on an item; the owner must hold one of them. */
const OWNER_ROLES: readonly Role[] = policy["remediation.update_own"].roles;

/** Checks that `userId` is a member of the organization who can work on remediation items. */
export async function assertOwner(db: Db, organizationId: string, userId: string): Promise<Person> {
  const m = await memberOf(db, organizationId, userId, "owner");
  if (!OWNER_ROLES.includes(m.role as Role))
    throw badRequest(
      "owner_cannot_work_on_items",
      `${m.name} is ${ROLE_LABELS[m.role as Role].toLowerCase()} here and cannot work on remediation items. Choose an owner, admin, compliance manager or control owner, or change ${m.name}'s role first.`,
    );
  return { id: m.id, name: m.name, email: m.email };
}

const VERIFIER_ROLES: readonly Role[] = policy["remediation.verify"].roles;

/** Checks that `userId` may verify items and is not the item's owner (an independent check). */
export async function assertVerifier(db: Db, organizationId: string, userId: string, ownerUserId: string | null) {
  const m = await memberOf(db, organizationId, userId, "verifier");
  if (!VERIFIER_ROLES.includes(m.role as Role))
    throw badRequest(
      "verifier_cannot_verify",
      `${m.name} is ${ROLE_LABELS[m.role as Role].toLowerCase()} here and cannot verify remediation items. Choose an owner, admin or compliance manager.`,
    );
  if (userId === ownerUserId)
    throw badRequest(
      "verifier_is_owner",
      `${m.name} owns this item, so someone else must verify it. Choose another owner, admin or compliance manager.`,
    );
}
