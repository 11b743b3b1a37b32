import { randomInt } from "node:crypto";
import { and, eq, isNull, lt, or } from "drizzle-orm";
import * as OTPAuth from "otpauth";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { recoveryCodes, users } from "../../db/schema/index.ts";
import type { Keys } from "../../platform/keys.ts";
import { sha256Hex } from "../../platform/tokens.ts";

const PERIOD = 30;
export const RECOVERY_CODE_COUNT = 10;
/** No 0/o, 1/l/i: recovery codes are read off paper. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

export const newTotpSecret = () => new OTPAuth.Secret({ size: 20 }).base32;

export function totpFor(secretBase32: string, label = "Assay") {
  return new OTPAuth.TOTP({
    issuer: "Assay",
    label,
    algorithm: "SHA1",
    digits: 6,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

const normalize = (code: string) => code.replace(/[\s-]/g, "").toLowerCase();
export const looksLikeTotp = (code: string) => /^\d{6}$/.test(normalize(code));

/** The time step a TOTP code belongs to (±1 step of clock drift), or null. */
export function totpStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const token = normalize(code);
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secretBase32).validate({ token, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

/**
 * Accepts a TOTP code once: the step is recorded atomically, so the same code (or an older one) is
 * refused afterwards, even by a concurrent request.
 */
export async function consumeTotp(db: Db, userId: string, secretBase32: string, code: string, now = Date.now()) {
  const step = totpStep(secretBase32, code, now);
  if (step === null) return false;
  const updated = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return updated.length === 1;
}

export const hashRecoveryCode = (code: string) => sha256Hex(`assay-recovery:${normalize(code)}`);

/** Marks an unused recovery code used; false when unknown or already used. */
export async function consumeRecoveryCode(db: Db, userId: string, code: string) {
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(recoveryCodes.userId, userId),
        eq(recoveryCodes.codeHash, hashRecoveryCode(code)),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  return used.length === 1;
}

/** Checks a second factor: a TOTP code from the enrolled app, or else a recovery code. */
export async function consumeSecondFactor(
  db: Db,
  keys: Pick<Keys, "decrypt">,
  user: { id: string; totpSecretEnc: string | null },
  code: string,
): Promise<"totp" | "recovery_code" | null> {
  if (!user.totpSecretEnc) return null;
  if (looksLikeTotp(code))
    return (await consumeTotp(db, user.id, keys.decrypt(user.totpSecretEnc), code)) ? "totp" : null;
  if (normalize(code).length < 12 || normalize(code).length > 16) return null;
  return (await consumeRecoveryCode(db, user.id, code)) ? "recovery_code" : null;
}

function randomRecoveryCode(): string {
  let s = "";
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** Replaces every recovery code of a person; returns the new ones (the only time they exist in clear). */
export async function replaceRecoveryCodes(tx: Db, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, randomRecoveryCode);
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((c) => ({ id: newId(), userId, codeHash: hashRecoveryCode(c) })));
  return codes;
}
