import { eq } from "drizzle-orm";
import { type Actor, installationActor } from "../../core/actor.ts";
import type { Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { memberships } from "../../db/schema/index.ts";
import { type Change, change } from "../../kernel/change.ts";
import type { EventType } from "../../kernel/events.ts";

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
 * A person's change to their own account (profile, password, MFA, sessions). It belongs to no organization: with
 * an actor (a session working in an organization) it is recorded in that organization's ledger; without one
 * (a person in no organization) it is a change of the installation that no ledger records.
 */
export function personalChange<T>(db: Db, actor: Actor | null, work: (c: Change) => Promise<T>): Promise<T> {
  if (actor) return change(db, actor, work);
  return change(db, installationActor("account"), work, { organizationId: null });
}

/** Emits a person's event where the change has a ledger to record it in (see `personalChange`). */
export async function emitPersonal<P>(c: Change, type: EventType<P>, payload: P) {
  if (c.organizationId) await c.emit(type, payload);
}

/**
 * Records a change to a person (not to an organization) where no session picks the organization, e.g. a password
 * reset: every organization the person belongs to gets the event, so each one's admins see it. Each organization's
 * entry is a change of its own nested in the caller's (a savepoint), acting as the person in that organization.
 * Call it before the change writes anything else: the ledger locks are then taken first, in organization order.
 */
export async function emitForEveryMembership<P>(
  c: Change,
  user: Person,
  type: EventType<P>,
  payload: P,
  opts: { requestId?: string } = {},
) {
  const rows = await c.tx
    .select({ organizationId: memberships.organizationId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, user.id))
    .orderBy(memberships.organizationId);
  // One attempt: a deadlock fails the caller's change, which retries whole.
  for (const m of rows)
    await change(c.tx, userActor(user, m, { requestId: opts.requestId }), (inOrg) => inOrg.emit(type, payload), {
      attempts: 1,
    });
}
