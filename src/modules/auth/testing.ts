/** Helpers for the identity tests (setup, auth, account). Not imported by application code. */
import { count, eq, sql } from "drizzle-orm";
import * as OTPAuth from "otpauth";
import type { TestClient } from "../../../test/client.ts";
import type { Db } from "../../db/client.ts";
import { ledgerEntries, sessions } from "../../db/schema/index.ts";

export async function ledgerCount(db: Db, organizationId?: string): Promise<number> {
  const q = db.select({ n: count() }).from(ledgerEntries);
  const [row] = await (organizationId ? q.where(eq(ledgerEntries.organizationId, organizationId)) : q);
  return row?.n ?? 0;
}

export async function ledgerActions(db: Db, organizationId: string): Promise<string[]> {
  const rows = await db
    .select({ action: ledgerEntries.action })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.organizationId, organizationId))
    .orderBy(ledgerEntries.seq);
  return rows.map((r) => r.action);
}

export async function sessionCount(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(sessions).where(eq(sessions.userId, userId));
  return row?.n ?? 0;
}

/** The code an authenticator app shows `stepOffset` periods from now. */
export function totpCode(secret: string, stepOffset = 0): string {
  return OTPAuth.TOTP.generate({
    secret: OTPAuth.Secret.fromBase32(secret),
    algorithm: "SHA1",
    digits: 6,
    period: 30,
    timestamp: Date.now() + stepOffset * 30_000,
  });
}

/** Moves every session of a person into the past, to exercise idle and absolute timeouts. */
export async function ageSessions(
  db: Db,
  userId: string,
  set: { lastSeenMinutesAgo?: number; expiredMinutesAgo?: number },
) {
  if (set.lastSeenMinutesAgo != null)
    await db
      .update(sessions)
      .set({ lastSeenAt: sql`now() - make_interval(mins => ${set.lastSeenMinutesAgo})` })
      .where(eq(sessions.userId, userId));
  if (set.expiredMinutesAgo != null)
    await db
      .update(sessions)
      .set({ expiresAt: sql`now() - make_interval(mins => ${set.expiredMinutesAgo})` })
      .where(eq(sessions.userId, userId));
}

/** Sets up TOTP for the signed-in client through the API; returns the secret and the recovery codes. */
export async function enrollTotp(c: TestClient): Promise<{ secret: string; recoveryCodes: string[] }> {
  const start = await c.post("/api/v1/account/mfa/totp");
  if (start.statusCode !== 200) throw new Error(`enrollment start: ${start.statusCode}`);
  const { secret } = start.json();
  const confirm = await c.post("/api/v1/account/mfa/totp/confirm", { code: totpCode(secret) });
  if (confirm.statusCode !== 200) throw new Error(`enrollment confirm: ${confirm.statusCode}`);
  return { secret, recoveryCodes: confirm.json().recoveryCodes };
}
