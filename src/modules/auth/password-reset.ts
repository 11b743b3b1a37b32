import { and, eq, isNull } from "drizzle-orm";
import type { Logger } from "pino";
import { installationActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { passwordResets, users } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { badRequest } from "../../platform/errors.ts";
import type { Mailer } from "../../platform/mailer.ts";
import { assertAcceptablePassword } from "../../platform/password-policy.ts";
import { hashPassword } from "../../platform/passwords.ts";
import { randomToken, sha256Hex } from "../../platform/tokens.ts";
import { revokePersonsTokens } from "../tokens/public.ts";
import { inEveryMembership } from "./actors.ts";
import { passwordReset } from "./events.ts";
import { deleteUserSessions } from "./sessions.ts";
import { findUserByEmail } from "./users.ts";

export const RESET_VALID_MINUTES = 60;

const invalidToken = (why: string) =>
  badRequest("invalid_token", `${why} Request a new link from the sign-in page ("Forgot password?").`);

/** Reset requests this process is still working on in the background. */
const inFlight = new Set<Promise<void>>();

/** Resolves once every reset request handed over so far is done (the server waits for it when closing). */
export async function resetRequestsSettled() {
  await Promise.all(inFlight);
}

export function createPasswordResetService(deps: { db: Db; mailer: Mailer; log: Logger; publicUrl: string }) {
  const { db } = deps;

  /** For a known address: stores the hash of a single-use token, then (after that commit) mails the link. */
  async function issue(email: string, now: Date) {
    const user = await findUserByEmail(db, email);
    if (!user) return;
    const token = randomToken("", 32);
    await db.insert(passwordResets).values({
      id: newId(),
      userId: user.id,
      tokenHash: sha256Hex(token),
      expiresAt: new Date(now.getTime() + RESET_VALID_MINUTES * 60_000),
    });
    const link = `${deps.publicUrl}/reset-password?token=${encodeURIComponent(token)}`;
    await deps.mailer
      .send({
        to: user.email,
        subject: "Reset your Assay password",
        text: [
          `Someone (hopefully you) asked to reset the password of the Assay account ${user.email}.`,
          "",
          `Choose a new password here (the link works once, for ${RESET_VALID_MINUTES} minutes):`,
          link,
          "",
          "If you did not ask for this, ignore this email: your password stays as it is.",
        ].join("\n"),
      })
      .catch((err: unknown) =>
        deps.log.error({ err: (err as Error).message, userId: user.id }, "password reset email failed"),
      );
  }

  return {
    /**
     * Looks the address up, stores a token and mails the link, in the background (from the next turn of the event
     * loop): the route hands the address over once its answer has gone, the same answer for every address, so
     * neither whether an account exists, nor the database write, nor SMTP latency shows in it (no account discovery).
     */
    request(email: string, now = new Date()) {
      const work: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => issue(email, now))
        .catch((err: unknown) => deps.log.error({ err: (err as Error).message }, "password reset request failed"))
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    },

    /**
     * Sets the new password, burns the token (and any other open ones), ends every session, clears the lockout and,
     * when asked, revokes every API token of the person. Returns how many tokens were revoked.
     */
    async confirm(
      input: { token: string; password: string; revokeApiTokens?: boolean },
      meta: { requestId?: string } = {},
      now = new Date(),
    ): Promise<number> {
      const [reset] = await db
        .select({ r: passwordResets, email: users.email, name: users.name })
        .from(passwordResets)
        .innerJoin(users, eq(users.id, passwordResets.userId))
        .where(eq(passwordResets.tokenHash, sha256Hex(input.token)));
      if (!reset) throw invalidToken("This password reset link is not valid (it may be incomplete or mistyped).");
      if (reset.r.usedAt) throw invalidToken("This password reset link has already been used.");
      if (reset.r.expiresAt <= now)
        throw invalidToken(`This password reset link expired at ${reset.r.expiresAt.toISOString()}.`);
      assertAcceptablePassword(input.password, [reset.email, reset.name]);
      const passwordHash = await hashPassword(input.password);
      const userId = reset.r.userId;
      // Nobody is signed in: the reset (and any token revocation) is recorded in every organization of the person,
      // each as the person.
      return change(
        db,
        installationActor("password reset"),
        async (c) => {
          const { tx } = c;
          const revoked = await inEveryMembership(
            c,
            { id: userId, email: reset.email, name: reset.name },
            async (inOrg) => {
              await inOrg.emit(passwordReset, { userId });
              return input.revokeApiTokens ? revokePersonsTokens(inOrg, userId, "password_reset") : 0;
            },
            { requestId: meta.requestId },
          );
          // Claiming the token inside the transaction makes two concurrent confirmations use it only once.
          const claimed = await tx
            .update(passwordResets)
            .set({ usedAt: now })
            .where(and(eq(passwordResets.id, reset.r.id), isNull(passwordResets.usedAt)))
            .returning({ id: passwordResets.id });
          if (!claimed.length) throw invalidToken("This password reset link has already been used.");
          await tx
            .update(passwordResets)
            .set({ usedAt: now })
            .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
          await tx
            .update(users)
            .set({ passwordHash, failedSignIns: 0, lockedUntil: null, updatedAt: now })
            .where(eq(users.id, userId));
          await deleteUserSessions(tx, userId);
          return revoked.reduce((a, b) => a + b, 0);
        },
        { organizationId: null },
      );
    },
  };
}
