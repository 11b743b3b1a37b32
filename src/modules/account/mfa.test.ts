import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { seedOrg, seedUser, TEST_PASSWORD } from "../../../test/seed.ts";
import { newId } from "../../core/id.ts";
import { memberships, organizations, recoveryCodes, users } from "../../db/schema/index.ts";
import { enrollTotp, ledgerActions, ledgerCount, totpCode } from "../auth/testing.ts";

const { ctx, app } = withTestApp({ config: { ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 10_000 } });

async function member() {
  const org = await seedOrg(ctx.db);
  const user = await seedUser(ctx.db, org.id, "viewer");
  const c = await new TestClient(app).actAs(ctx.db, user.id, org.id);
  return { org, user, c };
}

const signInWith = async (email: string, code: string) => {
  const c = new TestClient(app);
  await c.post("/api/v1/auth/sign-in", { email, password: TEST_PASSWORD });
  return c.post("/api/v1/auth/mfa", { code });
};

describe("TOTP enrollment", () => {
  it("hands out a secret, otpauth URL and QR code, keeping only the encrypted secret", async () => {
    const { user, c } = await member();
    const res = await c.post("/api/v1/account/mfa/totp");
    expect(res.statusCode).toBe(200);
    const { secret, otpauthUrl, qrCodeDataUrl } = res.json();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(otpauthUrl);
    expect(url.protocol).toBe("otpauth:");
    expect(url.searchParams.get("secret")).toBe(secret);
    expect(url.searchParams.get("issuer")).toBe("Assay");
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.totpPendingSecretEnc).not.toContain(secret);
    expect(ctx.keys.decrypt(row!.totpPendingSecretEnc!)).toBe(secret);
    expect(row!.mfaEnabledAt).toBeNull();
  });

  it("turns MFA on with a valid code and returns ten single-use recovery codes, stored hashed", async () => {
    const { org, user, c } = await member();
    const { secret } = (await c.post("/api/v1/account/mfa/totp")).json();
    const wrong = await c.post("/api/v1/account/mfa/totp/confirm", { code: "000000" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe("invalid_code");
    expect(await ledgerCount(ctx.db, org.id)).toBe(0);

    const ok = await c.post("/api/v1/account/mfa/totp/confirm", { code: totpCode(secret) });
    expect(ok.statusCode).toBe(200);
    const codes: string[] = ok.json().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const stored = await ctx.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
    expect(stored).toHaveLength(10);
    for (const s of stored) expect(codes.join()).not.toContain(s.codeHash);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.totpPendingSecretEnc).toBeNull();
    expect(ctx.keys.decrypt(row!.totpSecretEnc!)).toBe(secret);
    expect((await c.get("/api/v1/account")).json()).toMatchObject({ mfaEnabled: true, recoveryCodesRemaining: 10 });
    expect(await ledgerActions(ctx.db, org.id)).toEqual(["user.mfa_enabled"]);

    const again = await c.post("/api/v1/account/mfa/totp");
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("mfa_already_enabled");
  });

  it("asks to start enrollment before confirming", async () => {
    const { c } = await member();
    const res = await c.post("/api/v1/account/mfa/totp/confirm", { code: "123456" });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("no_pending_enrollment");
  });

  it("lifts the enrollment gate of an organization that requires MFA", async () => {
    const { org, c } = await member();
    await ctx.db.update(organizations).set({ requireMfa: true }).where(eq(organizations.id, org.id));
    expect((await c.patch("/api/v1/account", { name: "X" })).json().code).toBe("mfa_enrollment_required");
    await enrollTotp(c);
    expect((await c.get("/api/v1/auth/session")).json().mfaEnrollmentRequired).toBe(false);
    expect((await c.patch("/api/v1/account", { name: "Enrolled" })).statusCode).toBe(200);
  });
});

describe("recovery codes", () => {
  it("replaces them after a TOTP check; the old ones stop working", async () => {
    const { org, user, c } = await member();
    const { secret, recoveryCodes: old } = await enrollTotp(c);
    const wrong = await c.post("/api/v1/account/mfa/recovery-codes", { code: "000000" });
    expect(wrong.json().code).toBe("invalid_code");
    const res = await c.post("/api/v1/account/mfa/recovery-codes", { code: totpCode(secret, 1) });
    expect(res.statusCode).toBe(200);
    const fresh: string[] = res.json().recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh.some((f) => old.includes(f))).toBe(false);
    expect((await signInWith(user.email, old[0]!)).statusCode).toBe(401);
    expect((await signInWith(user.email, fresh[0]!)).statusCode).toBe(200);
    expect(await ledgerActions(ctx.db, org.id)).toContain("user.mfa_recovery_codes_regenerated");
  });

  it("needs MFA to be on", async () => {
    const { c } = await member();
    const res = await c.post("/api/v1/account/mfa/recovery-codes", { code: "123456" });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("mfa_not_enabled");
  });
});

describe("turning MFA off", () => {
  it("is refused while an organization of the person requires MFA, naming it", async () => {
    const { org, user, c } = await member();
    const { secret } = await enrollTotp(c);
    const strict = await seedOrg(ctx.db, "Strict Corp");
    await ctx.db.update(organizations).set({ requireMfa: true }).where(eq(organizations.id, strict.id));
    await ctx.db
      .insert(memberships)
      .values({ id: newId(), organizationId: strict.id, userId: user.id, role: "viewer" });
    const res = await c.request("DELETE", "/api/v1/account/mfa", {
      password: TEST_PASSWORD,
      code: totpCode(secret, 1),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("mfa_required_by_organization");
    expect(res.json().detail).toMatch(/Strict Corp requires multi-factor authentication/);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.mfaEnabledAt).not.toBeNull();
    expect(await ledgerActions(ctx.db, org.id)).toEqual(["user.mfa_enabled"]);
  });

  it("needs the password and a code, then removes the secret and recovery codes", async () => {
    const { org, user, c } = await member();
    const { secret, recoveryCodes: codes } = await enrollTotp(c);
    const badPassword = await c.request("DELETE", "/api/v1/account/mfa", {
      password: "wrong password",
      code: totpCode(secret, 1),
    });
    expect(badPassword.json().code).toBe("wrong_password");
    const badCode = await c.request("DELETE", "/api/v1/account/mfa", { password: TEST_PASSWORD, code: "000000" });
    expect(badCode.json().code).toBe("invalid_code");
    const noBody = await c.request("DELETE", "/api/v1/account/mfa");
    expect(noBody.statusCode).toBe(400);
    const extra = await c.request("DELETE", "/api/v1/account/mfa", {
      password: TEST_PASSWORD,
      code: codes[0],
      force: true,
    });
    expect(extra.statusCode).toBe(400);

    const ok = await c.request("DELETE", "/api/v1/account/mfa", { password: TEST_PASSWORD, code: codes[0] });
    expect(ok.statusCode).toBe(204);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row).toMatchObject({ totpSecretEnc: null, mfaEnabledAt: null, totpLastStep: null });
    expect(await ctx.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, user.id))).toEqual([]);
    expect(await ledgerActions(ctx.db, org.id)).toEqual(["user.mfa_enabled", "user.mfa_disabled"]);
    const signIn = await new TestClient(app).post("/api/v1/auth/sign-in", {
      email: user.email,
      password: TEST_PASSWORD,
    });
    expect(signIn.json().status).toBe("signed_in");
  });
});
