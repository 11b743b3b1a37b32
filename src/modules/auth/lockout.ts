import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { users } from "../../db/schema/index.ts";
import { AppError } from "../../platform/errors.ts";

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

export function assertNotLocked(user: { lockedUntil: Date | null }, now = new Date()) {
  if (user.lockedUntil && user.lockedUntil > now) throw lockedError(user.lockedUntil, now);
}

/** Counts one failure atomically; returns the lock end when this failure locked the account. */
export async function recordFailure(db: Db, userId: string, now = new Date()): Promise<Date | null> {
  const [row] = await db
    .update(users)
    .set({ failedSignIns: sql`${users.failedSignIns} + 1` })
    .where(eq(users.id, userId))
    .returning({ failures: users.failedSignIns });
  const minutes = lockMinutes(row?.failures ?? 0);
  if (!minutes) return null;
  const until = new Date(now.getTime() + minutes * 60_000);
  await db.update(users).set({ lockedUntil: until }).where(eq(users.id, userId));
  return until;
}

export async function clearFailures(db: Db, userId: string) {
  await db.update(users).set({ failedSignIns: 0, lockedUntil: null }).where(eq(users.id, userId));
}

/** A wrong password or code: counts toward the lockout, then throws `error` (or 423 once the account locks). */
export async function failAttempt(db: Db, userId: string, error: AppError): Promise<never> {
  const lockedUntil = await recordFailure(db, userId);
  throw lockedUntil ? lockedError(lockedUntil) : error;
}
