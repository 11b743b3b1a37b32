import { and, count, eq, isNull } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { passwordResets, recoveryCodes, users } from "../../db/schema/index.ts";
import { AppError, badRequest, unauthorized } from "../../platform/errors.ts";
import { assertAcceptablePassword } from "../../platform/password-policy.ts";
import { hashPassword, verifyPassword } from "../../platform/passwords.ts";
import { checkUnderLockout, deleteUserSessions, emitPersonal, findUserById, personalChange } from "../auth/public.ts";
import { accountUpdated, passwordChanged } from "./events.ts";

export type UserRow = NonNullable<Awaited<ReturnType<typeof findUserById>>>;

export async function loadUser(db: Db, userId: string): Promise<UserRow> {
  const user = await findUserById(db, userId);
  if (!user) throw unauthorized();
  return user;
}

/** Re-checks the password before a sensitive change; wrong guesses count toward the sign-in lockout. */
export async function confirmPassword(db: Db, user: UserRow, password: string, field = "password") {
  await checkUnderLockout(db, user.id, () => verifyPassword(user.passwordHash, password), {
    wrong: () =>
      badRequest("wrong_password", `The ${field === "password" ? "password" : "current password"} is not correct.`),
  });
}

export function createAccountService({ db }: { db: Db }) {
  return {
    async get(userId: string) {
      const user = await loadUser(db, userId);
      const [remaining] = await db
        .select({ n: count() })
        .from(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
      return {
        id: user.id,
        email: user.email,
        name: user.name,
        mfaEnabled: user.mfaEnabledAt != null,
        mfaEnabledAt: user.mfaEnabledAt?.toISOString() ?? null,
        recoveryCodesRemaining: user.mfaEnabledAt ? (remaining?.n ?? 0) : 0,
        createdAt: user.createdAt.toISOString(),
      };
    },

    async update(userId: string, input: { name: string }, actor: Actor | null) {
      const user = await loadUser(db, userId);
      if (user.name !== input.name) {
        await personalChange(db, actor, async (c) => {
          await c.tx.update(users).set({ name: input.name, updatedAt: c.now }).where(eq(users.id, userId));
          await emitPersonal(c, accountUpdated, { userId, before: { name: user.name }, after: { name: input.name } });
        });
      }
      return this.get(userId);
    },

    /** Changes the password and signs out every other session of the person. */
    async changePassword(
      userId: string,
      sessionId: string,
      input: { currentPassword: string; newPassword: string },
      actor: Actor | null,
    ) {
      const user = await loadUser(db, userId);
      await confirmPassword(db, user, input.currentPassword, "currentPassword");
      if (input.newPassword === input.currentPassword)
        throw badRequest(
          "password_unchanged",
          "The new password is the same as the current one. Choose a different one.",
        );
      assertAcceptablePassword(input.newPassword, [user.email, user.name]);
      const passwordHash = await hashPassword(input.newPassword);
      const now = new Date();
      await personalChange(db, actor, async (c) => {
        const { tx } = c;
        await tx
          .update(users)
          .set({ passwordHash, failedSignIns: 0, lockedUntil: null, updatedAt: now })
          .where(eq(users.id, userId));
        // Reset links mailed before the change must not undo it.
        await tx
          .update(passwordResets)
          .set({ usedAt: now })
          .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
        await deleteUserSessions(tx, userId, sessionId);
        await emitPersonal(c, passwordChanged, { userId });
      });
    },
  };
}

export const invalidCode = (
  message = "That code is not valid. Enter the current 6-digit code from your authenticator app (each code works once).",
) => badRequest("invalid_code", message);

export const mfaConflict = (code: string, message: string) => new AppError(409, code, message);
