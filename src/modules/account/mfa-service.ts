import { and, eq, isNotNull, isNull } from "drizzle-orm";
import QRCode from "qrcode";
import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { memberships, organizations, recoveryCodes, users } from "../../db/schema/index.ts";
import type { Keys } from "../../platform/keys.ts";
import {
  checkUnderLockout,
  consumeSecondFactor,
  consumeTotp,
  emitPersonal,
  newTotpSecret,
  personalChange,
  replaceRecoveryCodes,
  totpFor,
  totpStep,
} from "../auth/public.ts";
import { mfaDisabled, mfaEnabled, recoveryCodesRegenerated } from "./events.ts";
import { confirmPassword, invalidCode, loadUser, mfaConflict } from "./service.ts";

const notEnabled = () =>
  mfaConflict("mfa_not_enabled", "Multi-factor authentication is not on for your account. Set it up first.");

/** TOTP enrollment, recovery codes and turning MFA off. The TOTP secret is stored encrypted (keys.encrypt). */
export function createMfaService({ db, keys }: { db: Db; keys: Pick<Keys, "encrypt" | "decrypt"> }) {
  return {
    async startTotp(userId: string) {
      const user = await loadUser(db, userId);
      if (user.mfaEnabledAt)
        throw mfaConflict(
          "mfa_already_enabled",
          "Multi-factor authentication is already on. To move to a new authenticator app, turn MFA off and set it up again.",
        );
      const secret = newTotpSecret();
      await db
        .update(users)
        .set({ totpPendingSecretEnc: keys.encrypt(secret) })
        .where(eq(users.id, userId));
      const otpauthUrl = totpFor(secret, user.email).toString();
      return { secret, otpauthUrl, qrCodeDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 240 }) };
    },

    /** Proves the app was set up with the pending secret, turns MFA on and issues the first recovery codes. */
    async confirmTotp(userId: string, code: string, actor: Actor | null) {
      const user = await loadUser(db, userId);
      if (user.mfaEnabledAt) throw mfaConflict("mfa_already_enabled", "Multi-factor authentication is already on.");
      if (!user.totpPendingSecretEnc)
        throw mfaConflict(
          "no_pending_enrollment",
          "Start setting up your authenticator app first (POST /api/v1/account/mfa/totp), then confirm a code from it.",
        );
      const step = totpStep(keys.decrypt(user.totpPendingSecretEnc), code);
      if (step === null)
        throw invalidCode(
          "That code does not match. Check that your phone's clock is right and enter the code the app shows now.",
        );
      return personalChange(db, actor, async (c) => {
        const { tx } = c;
        const enabled = await tx
          .update(users)
          .set({
            totpSecretEnc: user.totpPendingSecretEnc,
            totpPendingSecretEnc: null,
            totpLastStep: step,
            mfaEnabledAt: new Date(),
            updatedAt: new Date(),
          })
          .where(and(eq(users.id, userId), isNull(users.mfaEnabledAt), isNotNull(users.totpPendingSecretEnc)))
          .returning({ id: users.id });
        if (!enabled.length) throw mfaConflict("mfa_already_enabled", "Multi-factor authentication is already on.");
        const codes = await replaceRecoveryCodes(tx, userId);
        await emitPersonal(c, mfaEnabled, { userId, method: "totp" });
        return codes;
      });
    },

    async regenerateRecoveryCodes(userId: string, code: string, actor: Actor | null) {
      const user = await loadUser(db, userId);
      if (!user.mfaEnabledAt || !user.totpSecretEnc) throw notEnabled();
      const secret = keys.decrypt(user.totpSecretEnc);
      await checkUnderLockout(db, userId, () => consumeTotp(db, userId, secret, code), { wrong: () => invalidCode() });
      return personalChange(db, actor, async (c) => {
        const codes = await replaceRecoveryCodes(c.tx, userId);
        await emitPersonal(c, recoveryCodesRegenerated, { userId });
        return codes;
      });
    },

    /** Turns MFA off, unless an organization the person belongs to requires it. */
    async disable(userId: string, input: { password: string; code: string }, actor: Actor | null) {
      const user = await loadUser(db, userId);
      if (!user.mfaEnabledAt) throw notEnabled();
      const requiring = await db
        .select({ name: organizations.name })
        .from(memberships)
        .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
        .where(and(eq(memberships.userId, userId), eq(organizations.requireMfa, true)))
        .orderBy(organizations.name);
      if (requiring.length) {
        const names = requiring.map((o) => o.name).join(", ");
        throw mfaConflict(
          "mfa_required_by_organization",
          `${names} require${requiring.length === 1 ? "s" : ""} multi-factor authentication for every member, so you cannot turn it off. To use a new device, ask an owner or admin to lift the requirement for a moment.`,
        );
      }
      await confirmPassword(db, user, input.password);
      await checkUnderLockout(db, userId, () => consumeSecondFactor(db, keys, user, input.code), {
        wrong: () =>
          invalidCode(
            "That code is not valid. Enter the current code from your authenticator app or an unused recovery code.",
          ),
      });
      await personalChange(db, actor, async (c) => {
        const { tx } = c;
        await tx
          .update(users)
          .set({
            totpSecretEnc: null,
            totpPendingSecretEnc: null,
            totpLastStep: null,
            mfaEnabledAt: null,
            updatedAt: new Date(),
          })
          .where(eq(users.id, userId));
        await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
        await emitPersonal(c, mfaDisabled, { userId });
      });
    },
  };
}
