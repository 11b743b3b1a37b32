import { eq, sql } from "drizzle-orm";
import { installationActor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/index.ts";
import { type Change, change } from "../../kernel/change.ts";
import { AppError, unauthorized } from "../../platform/errors.ts";

/** Consecutive failures (wrong password or second factor) before the account locks. */
export const LOCK_AFTER_FAILURES = 5;
export const MAX_LOCK_MINUTES = 60;

/** 5th failure → 1 minute, 6th → 2, 7th → 4 … capped at 60. */
export function lockMinutes(failures: number): number {
  if (failures < LOCK_AFTER_FAILURES) return 0;
  return Math.min(MAX_LOCK_MINUTES, 2 ** (failures - LOCK_AFTER_FAILURES));
}

export function lockedError(until: Date, now = new Date()): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError(
    423,
    "account_locked",
    `Too many failed attempts. This account is locked until ${until.toISOString()} (about ${minutes} minute${minutes === 1 ? "" : "s"}). Try again then, or reset your password.`,
    { retryAt: until.toISOString() },
  );
}

/** Failure counts are the installation's business: no organization's ledger records them (nor did they ever). */
const lockoutChange = <T>(db: Db, work: (c: Change) => Promise<T>) =>
  change(db, installationActor("sign-in lockout"), work, { organizationId: null });

type Reservation = { open: true; locksUntil: Date | null } | { open: false; lockedUntil: Date };

/**
 * Counts one attempt as a failure before anything is checked, under the person's row lock, so parallel attempts
 * queue here and never more than LOCK_AFTER_FAILURES get through; the attempt that reaches the limit locks at once.
 * A locked account reserves nothing.
 */
async function reserveAttempt(db: Db, userId: string, now: Date): Promise<Reservation> {
  return lockoutChange(db, async ({ tx }) => {
    const [row] = await tx
      .select({ failures: users.failedSignIns, lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.id, userId))
      .for("update");
    if (!row) throw unauthorized();
    if (row.lockedUntil && row.lockedUntil > now) return { open: false, lockedUntil: row.lockedUntil };
    const failures = row.failures + 1;
    const minutes = lockMinutes(failures);
    const locksUntil = minutes ? new Date(now.getTime() + minutes * 60_000) : null;
    await tx
      .update(users)
      .set({ failedSignIns: failures, ...(locksUntil ? { lockedUntil: locksUntil } : {}) })
      .where(eq(users.id, userId));
    return { open: true, locksUntil };
  });
}

/** The secret was right: takes the reserved failure back, and the lock with it if this attempt set it. */
async function releaseAttempt(db: Db, userId: string, locksUntil: Date | null) {
  await lockoutChange(db, ({ tx }) =>
    tx
      .update(users)
      .set({
        failedSignIns: sql`greatest(${users.failedSignIns} - 1, 0)`,
        ...(locksUntil
          ? {
              lockedUntil: sql`case when ${users.lockedUntil} = ${locksUntil.toISOString()}::timestamptz then null else ${users.lockedUntil} end`,
            }
          : {}),
      })
      .where(eq(users.id, userId)),
  );
}

/** What a refused attempt answers. Sign-in hides the lock (docs/security.md); later steps may name it. */
export interface Refusals {
  /** The secret was wrong and the account is still open. */
  wrong: () => AppError;
  /**
   * The account is locked: by this failure (`checked`), or it already was and nothing was checked.
   * Default: 423 `account_locked` with `retryAt`.
   */
  locked?: (until: Date, checked: boolean) => AppError | Promise<AppError>;
}

/**
 * Checks a secret (password, TOTP or recovery code) under the per-account lockout. The attempt is counted before
 * `check` runs, so parallel guesses cannot outrun the count, and a locked account is refused without checking (a
 * right secret sent while locked gets nowhere, and costs no hashing). A wrong secret keeps the count; a right one
 * gives it back. The counter is cleared only when a whole sign-in succeeds (service.ts), so a known password never
 * resets the count of wrong second factors.
 */
export async function checkUnderLockout<T>(
  db: Db,
  userId: string,
  check: () => Promise<T | null | false>,
  refusals: Refusals,
): Promise<T> {
  const locked = refusals.locked ?? ((until: Date) => lockedError(until));
  const reserved = await reserveAttempt(db, userId, new Date());
  if (!reserved.open) throw await locked(reserved.lockedUntil, false);
  let passed: T | null | false;
  try {
    passed = await check();
  } catch (err) {
    await releaseAttempt(db, userId, reserved.locksUntil); // a fault is not a wrong guess
    throw err;
  }
  if (passed) {
    await releaseAttempt(db, userId, reserved.locksUntil);
    return passed;
  }
  throw reserved.locksUntil ? await locked(reserved.locksUntil, true) : refusals.wrong();
}
