import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { seedOrg, seedUser, TEST_PASSWORD } from "../../../test/seed.ts";
import { sessions, users } from "../../db/schema/index.ts";
import { sha256Hex } from "../../platform/tokens.ts";
import { ageSessions, enrollTotp, ledgerActions, sessionCount, totpCode } from "./testing.ts";

const { ctx, app } = withTestApp({ config: { ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 10_000 } });

/** A person with TOTP set up (the enrollment used the current step, so tests sign in with the next one). */
async function enrolledUser() {
  const org = await seedOrg(ctx.db);
  const user = await seedUser(ctx.db, org.id);
  const setup = new TestClient(app);
  await setup.actAs(ctx.db, user.id, org.id);
  const mfa = await enrollTotp(setup);
  await setup.post("/api/v1/auth/sign-out");
  return { org, user, ...mfa };
}

async function passwordStep(email: string) {
  const c = new TestClient(app);
  const res = await c.post("/api/v1/auth/sign-in", { email, password: TEST_PASSWORD });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({ status: "mfa_required", csrfToken: expect.any(String) });
  return c;
}

describe("sign-in with MFA", () => {
  it("holds the session at the MFA stage until a TOTP code arrives, then rotates it", async () => {
    const { org, user, secret } = await enrolledUser();
    const c = await passwordStep(user.email);
    const mfaToken = c.cookie!;
    const early = await c.get("/api/v1/auth/session");
    expect(early.statusCode).toBe(401);
    expect(early.json().code).toBe("mfa_required");
    expect((await c.get("/api/v1/account")).statusCode).toBe(401);

    const wrong = await c.post("/api/v1/auth/mfa", { code: "000000" });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe("invalid_code");

    const code = totpCode(secret, 1);
    const ok = await c.post("/api/v1/auth/mfa", { code });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: "signed_in", user: { id: user.id, mfaEnabled: true }, role: "owner" });
    expect(c.cookie).not.toBe(mfaToken);
    expect(
      await ctx.db
        .select()
        .from(sessions)
        .where(eq(sessions.id, sha256Hex(mfaToken))),
    ).toEqual([]);
    expect(await sessionCount(ctx.db, user.id)).toBe(1);
    expect((await c.get("/api/v1/auth/session")).statusCode).toBe(200);
    expect((await ledgerActions(ctx.db, org.id)).at(-1)).toBe("auth.signed_in");

    // The same code is refused a second time, even inside its window.
    const again = await passwordStep(user.email);
    const replay = await again.post("/api/v1/auth/mfa", { code });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().detail).toMatch(/each code works once/);
    // So is an older one.
    expect((await again.post("/api/v1/auth/mfa", { code: totpCode(secret, 0) })).statusCode).toBe(401);
  });

  it("accepts each recovery code once", async () => {
    const { user, recoveryCodes } = await enrolledUser();
    const c = await passwordStep(user.email);
    const res = await c.post("/api/v1/auth/mfa", { code: ` ${recoveryCodes[3]!.toUpperCase()} ` });
    expect(res.statusCode).toBe(200);
    const again = await passwordStep(user.email);
    expect((await again.post("/api/v1/auth/mfa", { code: recoveryCodes[3] })).statusCode).toBe(401);
    expect((await again.post("/api/v1/auth/mfa", { code: recoveryCodes[4] })).statusCode).toBe(200);
    expect((await again.get("/api/v1/account")).json().recoveryCodesRemaining).toBe(8);
  });

  it("counts wrong codes toward the lockout, and a correct password does not reset the count", async () => {
    const { user, secret } = await enrolledUser();
    for (let i = 0; i < 4; i++) {
      const c = await passwordStep(user.email);
      expect((await c.post("/api/v1/auth/mfa", { code: "111111" })).statusCode).toBe(401);
    }
    const c = await passwordStep(user.email);
    const locked = await c.post("/api/v1/auth/mfa", { code: "222222" });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().code).toBe("account_locked");
    expect((await c.post("/api/v1/auth/mfa", { code: totpCode(secret, 1) })).statusCode).toBe(423);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.failedSignIns).toBe(5);
  });

  it("refuses bad input, missing CSRF, an already active session and an expired MFA stage", async () => {
    const { user, secret } = await enrolledUser();
    const c = await passwordStep(user.email);
    for (const body of [{}, { code: 123456 }, { code: "123" }, { code: "123456", remember: true }]) {
      const res = await c.post("/api/v1/auth/mfa", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const csrf = c.csrf;
    c.csrf = null;
    expect((await c.post("/api/v1/auth/mfa", { code: totpCode(secret, 1) })).json().code).toBe("csrf_failed");
    c.csrf = csrf;

    await ageSessions(ctx.db, user.id, { expiredMinutesAgo: 0 });
    expect((await c.post("/api/v1/auth/mfa", { code: totpCode(secret, 1) })).statusCode).toBe(401);

    const active = new TestClient(app);
    await active.actAs(ctx.db, user.id, null);
    const res = await active.post("/api/v1/auth/mfa", { code: totpCode(secret, 1) });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("already_signed_in");
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.failedSignIns).toBe(0);
  });
});
