import { and, eq } from "drizzle-orm";
import { installationActor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { memberships, organizations, sessions, users } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import type { Keys } from "../../platform/keys.ts";
import { DUMMY_HASH, verifyPassword, waitAsLongAsAVerification } from "../../platform/passwords.ts";
import { userActor } from "./actors.ts";
import { signedIn } from "./events.ts";
import { checkUnderLockout, LOCK_AFTER_FAILURES, MAX_LOCK_MINUTES } from "./lockout.ts";
import { consumeSecondFactor } from "./mfa.ts";
import { createSession, deleteSession, type ResolvedSession } from "./sessions.ts";
import { findUserByEmail, findUserById, pickMembership } from "./users.ts";

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

type UserRow = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

/**
 * The one answer to every refused sign-in: unknown address, wrong password and locked account alike, so that neither
 * the answer nor the number of attempts before it changes tells whether an account exists (docs/security.md).
 */
const invalidCredentials = () =>
  new AppError(
    401,
    "invalid_credentials",
    `The email or password is not correct, or the account is locked for a while after ${LOCK_AFTER_FAILURES} failed attempts in a row (1 minute, doubling up to ${MAX_LOCK_MINUTES} minutes). Check both and try again later, or reset your password.`,
  );

/** A locked account answers like an unknown address, and after as long, though nothing was checked. */
async function lockedAtSignIn(_until: Date, checked: boolean) {
  if (!checked) await waitAsLongAsAVerification();
  return invalidCredentials();
}

const invalidCode = () =>
  new AppError(
    401,
    "invalid_code",
    "That code is not valid. Enter the current 6-digit code from your authenticator app (each code works once), or an unused recovery code.",
  );

export type SignInResult =
  | { status: "mfa_required"; token: string; sessionId: string }
  | { status: "signed_in"; token: string; sessionId: string };

/** Sign-in with password and second factor, with per-account lockout (see lockout.ts). */
export function createAuthService({ db, keys }: { db: Db; keys: Pick<Keys, "decrypt"> }) {
  /**
   * Opens a fully signed-in session in the person's last-used organization, in one change with its ledger entry
   * there (a person in no organization signs in to no ledger).
   */
  async function openActiveSession(user: UserRow, method: string, meta: RequestMeta, replacesSessionId?: string) {
    const m = await pickMembership(db, user.id);
    const actor = m ? userActor(user, m, { requestId: meta.requestId }) : installationActor("sign-in");
    return change(
      db,
      actor,
      async (c) => {
        if (replacesSessionId) await deleteSession(c.tx, replacesSessionId);
        await c.tx
          .update(users)
          .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: c.now })
          .where(eq(users.id, user.id));
        if (m) await c.tx.update(memberships).set({ lastUsedAt: c.now }).where(eq(memberships.id, m.id));
        const s = await createSession(c.tx, {
          userId: user.id,
          organizationId: m?.organizationId ?? null,
          stage: "active",
          ip: meta.ip,
          userAgent: meta.userAgent,
        });
        if (m) await c.emit(signedIn, { userId: user.id, method });
        return s;
      },
      { organizationId: m?.organizationId ?? null },
    );
  }

  return {
    async signIn(input: { email: string; password: string }, meta: RequestMeta): Promise<SignInResult> {
      const user = await findUserByEmail(db, input.email);
      if (!user) {
        await verifyPassword(DUMMY_HASH, input.password); // same cost as a real check: no account discovery by timing
        throw invalidCredentials();
      }
      await checkUnderLockout(db, user.id, () => verifyPassword(user.passwordHash, input.password), {
        wrong: invalidCredentials,
        locked: lockedAtSignIn,
      });
      if (user.mfaEnabledAt && user.totpSecretEnc) {
        // Failures are only cleared once the second factor passes, so a known password cannot reset the counter.
        const m = await pickMembership(db, user.id);
        const s = await createSession(db, {
          userId: user.id,
          organizationId: m?.organizationId ?? null,
          stage: "mfa",
          ip: meta.ip,
          userAgent: meta.userAgent,
        });
        return { status: "mfa_required", token: s.token, sessionId: s.id };
      }
      const s = await openActiveSession(user, "password", meta);
      return { status: "signed_in", token: s.token, sessionId: s.id };
    },

    /** Second step: a TOTP or recovery code upgrades the half-signed-in session to a new, fully signed-in one. */
    async completeMfa(session: ResolvedSession, code: string, meta: RequestMeta) {
      const user = await findUserById(db, session.user.id);
      if (!user) throw invalidCredentials();
      // Past the password, naming the lock (423 with retryAt) tells nothing new.
      const method = await checkUnderLockout(db, user.id, () => consumeSecondFactor(db, keys, user, code), {
        wrong: invalidCode,
      });
      const s = await openActiveSession(user, `password+${method}`, meta, session.id);
      return { token: s.token, sessionId: s.id };
    },

    /** Moves the session to another of the person's organizations; its absolute limit can only shrink. */
    async switchOrganization(session: ResolvedSession, organizationId: string, now = new Date()) {
      const [m] = await db
        .select({
          id: memberships.id,
          role: memberships.role,
          hours: organizations.sessionAbsoluteHours,
          name: organizations.name,
        })
        .from(memberships)
        .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
        .where(and(eq(memberships.userId, session.user.id), eq(memberships.organizationId, organizationId)));
      if (!m) throw notFound("Organization");
      const cap = new Date(session.createdAt.getTime() + m.hours * 3_600_000);
      if (cap <= now) {
        await deleteSession(db, session.id);
        throw new AppError(
          401,
          "session_expired",
          `${m.name} limits sessions to ${m.hours} hours and yours is older. Sign in again to open it.`,
        );
      }
      // No ledger entry: which organization a session shows is not a change to any of them.
      await change(
        db,
        userActor(session.user, { organizationId, role: m.role }),
        async ({ tx }) => {
          await tx
            .update(sessions)
            .set({ organizationId, expiresAt: cap < session.expiresAt ? cap : session.expiresAt })
            .where(eq(sessions.id, session.id));
          await tx.update(memberships).set({ lastUsedAt: now }).where(eq(memberships.id, m.id));
        },
        { organizationId: null },
      );
    },
  };
}
