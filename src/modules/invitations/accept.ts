import { eq, sql } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { invitations, memberships, organizations, sessions, users } from "../../db/schema/index.ts";
import { type Change, change } from "../../kernel/change.ts";
import { AppError, badRequest, conflict } from "../../platform/errors.ts";
import { assertAcceptablePassword } from "../../platform/password-policy.ts";
import { hashPassword } from "../../platform/passwords.ts";
import { sha256Hex } from "../../platform/tokens.ts";
import { createSession, type ResolvedSession } from "../auth/public.ts";
import { memberAdded } from "../members/events.ts";
import { invitationAccepted } from "./events.ts";
import type { AcceptInput } from "./schema.ts";

type InvitationRow = typeof invitations.$inferSelect;

const invalid = (detail: string) => badRequest("invalid_invitation", detail);

/** Why a link no longer works, in words that tell the person what to do next. */
function assertUsable(inv: InvitationRow, orgName: string, now = new Date()) {
  if (inv.revokedAt)
    throw invalid(`This invitation was revoked. Ask an administrator of ${orgName} to invite you again.`);
  if (inv.acceptedAt) throw invalid(`This invitation has already been used. Sign in to reach ${orgName}.`);
  if (inv.expiresAt <= now)
    throw invalid(
      `This invitation expired on ${inv.expiresAt.toUTCString()}. Ask an administrator of ${orgName} to send it again.`,
    );
}

const sameEmail = (email: string) => sql`lower(${users.email}) = ${email.toLowerCase()}`;

export interface AcceptContext {
  /** The caller's session, if their browser sent one. */
  session: ResolvedSession | null;
  /** Whether the request carried that session's CSRF token (needed to act with the session). */
  csrfOk: boolean;
  ip?: string;
  userAgent?: string;
  requestId?: string;
}
export type AcceptOutcome = { organizationId: string; newSessionToken?: string };

export function createAcceptService({ db }: { db: Db }) {
  async function find(tx: Db, secret: string, lock: boolean) {
    const [found] = await tx
      .select({ id: invitations.id, organizationId: invitations.organizationId, orgName: organizations.name })
      .from(invitations)
      .innerJoin(organizations, eq(organizations.id, invitations.organizationId))
      .where(eq(invitations.tokenHash, sha256Hex(secret)));
    if (!found)
      throw invalid(
        "This invitation link is not valid. Open the whole link from the email, or ask for a new invitation.",
      );
    if (lock)
      // Organization first, then the invitation: the same order as invitation and member changes take.
      await tx
        .select({ id: organizations.id })
        .from(organizations)
        .where(eq(organizations.id, found.organizationId))
        .for("update");
    const q = tx.select().from(invitations).where(eq(invitations.id, found.id));
    const [inv] = lock ? await q.for("update") : await q;
    assertUsable(inv!, found.orgName);
    return { inv: inv!, orgName: found.orgName };
  }

  /** The invited person, acting in the organization that invited them (the actor of the acceptance). */
  const invitee = (
    inv: InvitationRow,
    user: { id: string; email: string; name: string },
    requestId?: string,
  ): Actor => ({
    kind: "user",
    userId: user.id,
    email: user.email,
    name: user.name,
    organizationId: inv.organizationId,
    role: inv.role as Role,
    requestId,
  });

  async function join(c: Change, inv: InvitationRow, user: { id: string; email: string; name: string }) {
    const { tx } = c;
    const membershipId = newId();
    try {
      await tx
        .insert(memberships)
        // Accepting signs the person into this organization, so it is their most recently used one.
        .values({
          id: membershipId,
          organizationId: inv.organizationId,
          userId: user.id,
          role: inv.role,
          lastUsedAt: c.now,
        });
    } catch (err) {
      if (isUniqueViolation(err))
        throw conflict("already_member", "You are already a member of this organization. Sign in to reach it.");
      throw err;
    }
    await tx.update(invitations).set({ acceptedAt: c.now }).where(eq(invitations.id, inv.id));
    await c.emit(invitationAccepted, {
      id: inv.id,
      before: { email: inv.email, role: inv.role, acceptedAt: null },
      after: { email: inv.email, role: inv.role, acceptedAt: c.now, userId: user.id },
    });
    await c.emit(memberAdded, {
      id: membershipId,
      after: { userId: user.id, email: user.email, name: user.name, role: inv.role, invitationId: inv.id },
    });
  }

  return {
    async lookup(secret: string) {
      const { inv, orgName } = await find(db, secret, false);
      const [existing] = await db.select({ id: users.id }).from(users).where(sameEmail(inv.email));
      return {
        organizationName: orgName,
        email: inv.email,
        role: inv.role as Role,
        accountExists: !!existing,
        expiresAt: inv.expiresAt,
      };
    },

    /**
     * New address: creates the account and signs it in. Existing account: only that person, signed in, can
     * accept; the membership is added and their session switches to the organization.
     */
    async accept(input: AcceptInput, c: AcceptContext): Promise<AcceptOutcome> {
      const { inv, orgName } = await find(db, input.token, false);
      const [existing] = await db.select().from(users).where(sameEmail(inv.email));

      if (existing) {
        const s = c.session;
        if (s?.stage !== "active")
          throw conflict(
            "sign_in_required",
            `An account for ${inv.email} already exists. Sign in with it, then open the invitation link again to join ${orgName}.`,
          );
        if (s.user.id !== existing.id)
          throw conflict(
            "sign_in_required",
            `This invitation is for ${inv.email}, but you are signed in as ${s.user.email}. Sign out, sign in as ${inv.email}, then open the invitation link again.`,
          );
        if (!c.csrfOk)
          throw new AppError(403, "csrf_failed", "Missing or wrong CSRF token. Reload the page and try again.");
        await change(db, invitee(inv, existing, c.requestId), async (ch) => {
          const locked = await find(ch.tx, input.token, true);
          await join(ch, locked.inv, existing);
          await ch.tx.update(sessions).set({ organizationId: inv.organizationId }).where(eq(sessions.id, s.id));
        });
        return { organizationId: inv.organizationId };
      }

      if (!input.name || !input.password)
        throw badRequest(
          "account_details_required",
          `There is no account for ${inv.email} yet. Send your name and a password to create it.`,
        );
      assertAcceptablePassword(input.password, [inv.email, input.name]);
      const passwordHash = await hashPassword(input.password);
      const name = input.name;
      try {
        const user = { id: newId(), email: inv.email, name };
        return await change(db, invitee(inv, user, c.requestId), async (ch) => {
          const { tx } = ch;
          const locked = await find(tx, input.token, true);
          await tx.insert(users).values({ ...user, passwordHash, lastSignInAt: ch.now });
          await join(ch, locked.inv, user);
          const session = await createSession(tx, {
            userId: user.id,
            organizationId: locked.inv.organizationId,
            stage: "active",
            ip: c.ip,
            userAgent: c.userAgent,
          });
          return { organizationId: locked.inv.organizationId, newSessionToken: session.token };
        });
      } catch (err) {
        // Someone created the account between our check and the insert (e.g. two tabs): the link still works.
        if (isUniqueViolation(err, "users_email_unique"))
          throw conflict(
            "sign_in_required",
            `An account for ${inv.email} now exists. Sign in with it, then open the invitation link again.`,
          );
        throw err;
      }
    },
  };
}
