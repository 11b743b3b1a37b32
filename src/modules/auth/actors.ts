import { eq } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import type { Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { memberships } from "../../db/schema/index.ts";
import { appendLedger, type LedgerEvent } from "../../ledger/append.ts";

export interface Person {
  id: string;
  email: string;
  name: string;
}

export const userActor = (
  user: Person,
  m: { organizationId: string; role: string },
  extra: { requestId?: string; sessionId?: string } = {},
): Actor => ({
  kind: "user",
  userId: user.id,
  email: user.email,
  name: user.name,
  organizationId: m.organizationId,
  role: m.role as Role,
  ...extra,
});

/**
 * Records a change to a person (not to an organization) where no session picks the organization, e.g. a
 * password reset: every organization the person belongs to gets the entry, so each one's admins see it.
 */
export async function appendForEveryMembership(
  tx: Db,
  user: Person,
  event: LedgerEvent,
  opts: { requestId?: string; actor?: (organizationId: string) => Actor } = {},
) {
  const rows = await tx
    .select({ organizationId: memberships.organizationId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, user.id))
    .orderBy(memberships.organizationId);
  for (const m of rows) {
    const actor = opts.actor?.(m.organizationId) ?? userActor(user, m, { requestId: opts.requestId });
    await appendLedger(tx, actor, event);
  }
}
