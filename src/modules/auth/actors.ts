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
 * Does a person's change (not an organization's) in every organization they belong to, e.g. a password reset
 * recorded where no session picks the organization, so each one's admins see it. Each organization's part is a change
 * of its own nested in the caller's (a savepoint), acting as the person in that organization, so what it emits lands
 * in that organization's ledger. Call it before the change writes anything else: the ledger locks are then taken
 * first, in organization order. Returns each organization's result.
 */
export async function inEveryMembership<T>(
  c: Change,
  user: Person,
  work: (inOrg: Change) => Promise<T>,
  opts: { requestId?: string } = {},
): Promise<T[]> {
  const rows = await c.tx
    .select({ organizationId: memberships.organizationId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.userId, user.id))
    .orderBy(memberships.organizationId);
  const results: T[] = [];
  // One attempt: a deadlock fails the caller's change, which retries whole.
  for (const m of rows)
    results.push(await change(c.tx, userActor(user, m, { requestId: opts.requestId }), work, { attempts: 1 }));
  return results;
}
