import { eq } from "drizzle-orm";
import type { LightMyRequestResponse } from "fastify";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { seedOrg, seedUser, TEST_PASSWORD } from "../../../test/seed.ts";
import { users } from "../../db/schema/index.ts";
import { LOCK_AFTER_FAILURES } from "./lockout.ts";
import { enrollTotp, sessionCount, totpCode } from "./testing.ts";

const { ctx, app } = withTestApp({ config: { ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 10_000 } });

const PARALLEL = 50;

const lockoutOf = async (userId: string) =>
  (
    await ctx.db
      .select({ failures: users.failedSignIns, lockedUntil: users.lockedUntil })
      .from(users)
      .where(eq(users.id, userId))
  )[0]!;

/**
 * Sends PARALLEL - 1 wrong secrets at once and, as soon as the account's lock is recorded while they are still
 * arriving, the right one: it must not get in. Answers come back in sending order, the right one last.
 */
async function guessAllAtOnce(
  userId: string,
  send: (secret: string) => Promise<LightMyRequestResponse>,
  wrong: (i: number) => string,
  right: string,
) {
  const wrongAnswers = Array.from({ length: PARALLEL - 1 }, (_, i) => send(wrong(i)));
  while (!(await lockoutOf(userId)).lockedUntil) await new Promise((r) => setTimeout(r, 2));
  return Promise.all([...wrongAnswers, send(right)]);
}

const statuses = (answers: LightMyRequestResponse[]) =>
  answers.reduce<Record<number, number>>(
    (t, r) => Object.assign(t, { [r.statusCode]: (t[r.statusCode] ?? 0) + 1 }),
    {},
  );

/** Lifts the lock as its end would, keeping the count. */
const liftLock = (userId: string) =>
  ctx.db
    .update(users)
    .set({ lockedUntil: new Date(Date.now() - 1000) })
    .where(eq(users.id, userId));

/** A person with TOTP set up, signed out again, and a browser past their password step (MFA stage). */
async function atMfaStep() {
  const org = await seedOrg(ctx.db);
  const user = await seedUser(ctx.db, org.id);
  const setup = await new TestClient(app).actAs(ctx.db, user.id, org.id);
  const mfa = await enrollTotp(setup);
  await setup.post("/api/v1/auth/sign-out");
  const c = new TestClient(app);
  const res = await c.post("/api/v1/auth/sign-in", { email: user.email, password: TEST_PASSWORD });
  expect(res.json().status).toBe("mfa_required");
  return { user, c, ...mfa };
}

describe(`lockout under ${PARALLEL} parallel attempts`, () => {
  it(`counts exactly ${LOCK_AFTER_FAILURES} wrong passwords, and the right one sent once they are counted stays out`, async () => {
    const user = await seedUser(ctx.db, (await seedOrg(ctx.db)).id);
    const clients: TestClient[] = [];
    const answers = await guessAllAtOnce(
      user.id,
      (password) => {
        const c = new TestClient(app);
        clients.push(c);
        return c.post("/api/v1/auth/sign-in", { email: user.email, password });
      },
      (i) => `wrong guess number ${i}`,
      TEST_PASSWORD,
    );
    expect((await lockoutOf(user.id)).failures).toBe(LOCK_AFTER_FAILURES);
    // Locked or not, every refusal at sign-in reads the same (sign-in.test.ts).
    expect(statuses(answers)).toEqual({ 401: PARALLEL });
    expect(clients.at(-1)!.cookie).toBeNull();
    expect(await sessionCount(ctx.db, user.id)).toBe(0);
  });

  it(`counts exactly ${LOCK_AFTER_FAILURES} wrong TOTP codes, and the right code stays out (and unused)`, async () => {
    const { user, c, secret } = await atMfaStep();
    const right = totpCode(secret, 1);
    const answers = await guessAllAtOnce(
      user.id,
      (code) => c.post("/api/v1/auth/mfa", { code }),
      (i) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, "0"),
      right,
    );
    expect((await lockoutOf(user.id)).failures).toBe(LOCK_AFTER_FAILURES);
    // Past the password step the lock is named: 4 wrong codes, then the 5th locks and the rest are refused unchecked.
    expect(statuses(answers)).toEqual({ 401: LOCK_AFTER_FAILURES - 1, 423: PARALLEL - LOCK_AFTER_FAILURES + 1 });
    await liftLock(user.id);
    expect((await c.post("/api/v1/auth/mfa", { code: right })).statusCode).toBe(200);
  });

  it(`counts exactly ${LOCK_AFTER_FAILURES} wrong recovery codes, and a right one stays out (and unused)`, async () => {
    const { user, c, recoveryCodes } = await atMfaStep();
    const answers = await guessAllAtOnce(
      user.id,
      (code) => c.post("/api/v1/auth/mfa", { code }),
      (i) => `zzzz-zzzz-${String(i).padStart(4, "z")}`,
      recoveryCodes[0]!,
    );
    expect((await lockoutOf(user.id)).failures).toBe(LOCK_AFTER_FAILURES);
    expect(statuses(answers)).toEqual({ 401: LOCK_AFTER_FAILURES - 1, 423: PARALLEL - LOCK_AFTER_FAILURES + 1 });
    await liftLock(user.id);
    expect((await c.post("/api/v1/auth/mfa", { code: recoveryCodes[0] })).statusCode).toBe(200);
  });
});
