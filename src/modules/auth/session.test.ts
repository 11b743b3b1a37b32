import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { seedApiToken } from "../../../test/people.ts";
import { seedOrg, seedUser, TEST_PASSWORD } from "../../../test/seed.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { newId } from "../../core/id.ts";
import { apiTokens, memberships, organizations, sessions } from "../../db/schema/index.ts";
import { randomToken, sha256Hex } from "../../platform/tokens.ts";
import { ageSessions, ledgerActions, ledgerCount, sessionCount } from "./testing.ts";

const { ctx, app } = withTestApp({ config: { ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 10_000 } });

const bearer = (secret: string) => Object.assign(new TestClient(app), { bearer: secret });

async function signedIn(orgId?: string | null, role: "owner" | "viewer" = "owner") {
  const org = orgId === undefined ? await seedOrg(ctx.db) : null;
  const organizationId = orgId === undefined ? org!.id : orgId;
  const user = await seedUser(ctx.db, organizationId, role);
  const c = new TestClient(app);
  const res = await c.post("/api/v1/auth/sign-in", { email: user.email, password: TEST_PASSWORD });
  expect(res.statusCode).toBe(200);
  return { c, user, organizationId };
}

describe("GET /auth/session", () => {
  it("describes the person, organization, role and memberships", async () => {
    const { c, user, organizationId } = await signedIn();
    const res = await c.get("/api/v1/auth/session");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      user: { id: user.id, email: user.email, name: user.name, mfaEnabled: false },
      organization: expect.objectContaining({ id: organizationId }),
      role: "owner",
      memberships: [expect.objectContaining({ organizationId, role: "owner" })],
      csrfToken: c.csrf,
      mfaEnrollmentRequired: false,
      mayCreateOrganizations: expect.any(Boolean), // organizations.test.ts
      expiresAt: expect.stringMatching(/Z$/),
    });
  });

  it("answers 401 without a session or with an unknown cookie", async () => {
    const none = await new TestClient(app).get("/api/v1/auth/session");
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe("unauthenticated");
    const bogus = new TestClient(app);
    bogus.cookie = "made-up";
    expect((await bogus.get("/api/v1/auth/session")).statusCode).toBe(401);
  });

  it("refuses API tokens: sessions are for browsers", async () => {
    const org = await seedOrg(ctx.db);
    const user = await seedUser(ctx.db, org.id);
    const secret = randomToken("assay_pat_", 32);
    await ctx.db.insert(apiTokens).values({
      id: newId(),
      organizationId: org.id,
      userId: user.id,
      name: "ci",
      tokenHash: sha256Hex(secret),
      prefix: secret.slice(0, 14),
      scope: "write",
    });
    const c = new TestClient(app);
    c.bearer = secret;
    const res = await c.get("/api/v1/auth/session");
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/browser session/);
  });
});

describe("timeouts", () => {
  it("ends a session idle longer than the organization allows", async () => {
    const org = await seedOrg(ctx.db);
    await ctx.db.update(organizations).set({ sessionIdleMinutes: 15 }).where(eq(organizations.id, org.id));
    const { c, user } = await signedIn(org.id);
    await ageSessions(ctx.db, user.id, { lastSeenMinutesAgo: 10 });
    expect((await c.get("/api/v1/auth/session")).statusCode).toBe(200);
    await ageSessions(ctx.db, user.id, { lastSeenMinutesAgo: 16 });
    const res = await c.get("/api/v1/auth/session");
    expect(res.statusCode).toBe(401);
    expect(res.json().detail).toMatch(/session has ended/);
    expect(await sessionCount(ctx.db, user.id)).toBe(0);
  });

  it("ends a session past its absolute lifetime even while in use", async () => {
    const org = await seedOrg(ctx.db);
    await ctx.db.update(organizations).set({ sessionAbsoluteHours: 2 }).where(eq(organizations.id, org.id));
    const { c, user } = await signedIn(org.id);
    const expiresAt = new Date((await c.get("/api/v1/auth/session")).json().expiresAt).getTime();
    expect(Math.abs(expiresAt - (Date.now() + 2 * 3_600_000))).toBeLessThan(60_000);
    await ageSessions(ctx.db, user.id, { expiredMinutesAgo: 1 });
    expect((await c.get("/api/v1/auth/session")).statusCode).toBe(401);
    expect(await sessionCount(ctx.db, user.id)).toBe(0);
  });
});

describe("sign-out", () => {
  it("needs the CSRF token, then ends this session and clears the cookie", async () => {
    const { c, user } = await signedIn();
    const csrf = c.csrf;
    c.csrf = null;
    const forged = await c.post("/api/v1/auth/sign-out");
    expect(forged.statusCode).toBe(403);
    expect(forged.json().code).toBe("csrf_failed");
    c.csrf = "wrong";
    expect((await c.post("/api/v1/auth/sign-out")).statusCode).toBe(403);
    expect(await sessionCount(ctx.db, user.id)).toBe(1);
    c.csrf = csrf;
    const cookieBefore = c.cookie;
    const out = await c.post("/api/v1/auth/sign-out");
    expect(out.statusCode).toBe(204);
    expect(c.cookie).toBeNull();
    expect(await sessionCount(ctx.db, user.id)).toBe(0);
    c.cookie = cookieBefore;
    expect((await c.get("/api/v1/auth/session")).statusCode).toBe(401);
  });

  it("refuses a body on sign-out", async () => {
    const { c } = await signedIn();
    const res = await c.post("/api/v1/auth/sign-out", { everywhere: true });
    expect(res.statusCode).toBe(400);
  });

  it("signs out everywhere: every session of this person, nobody else's", async () => {
    const { c, user, organizationId } = await signedIn();
    const second = new TestClient(app);
    await second.post("/api/v1/auth/sign-in", { email: user.email, password: TEST_PASSWORD });
    const bystander = await signedIn(organizationId, "viewer");
    const token = await seedApiToken(ctx.db, user.id, organizationId!);
    const before = await ledgerCount(ctx.db, organizationId!);
    const res = await c.post("/api/v1/auth/sign-out-everywhere");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ revokedApiTokens: 0, detail: expect.stringMatching(/API tokens keep working/) });
    expect((await second.get("/api/v1/auth/session")).statusCode).toBe(401);
    expect((await c.get("/api/v1/auth/session")).statusCode).toBe(401);
    expect((await bystander.c.get("/api/v1/auth/session")).statusCode).toBe(200);
    expect(await ledgerCount(ctx.db, organizationId!)).toBe(before + 1);
    expect((await ledgerActions(ctx.db, organizationId!)).at(-1)).toBe("auth.signed_out_everywhere");
    // Tokens are left alone unless asked.
    expect((await bearer(token.secret).get("/api/v1/organization")).statusCode).toBe(200);
  });

  it("also revokes every API token of the person, in every organization, when asked", async () => {
    const { c, user, organizationId } = await signedIn();
    const other = await seedOrg(ctx.db);
    await ctx.db.insert(memberships).values({ id: newId(), organizationId: other.id, userId: user.id, role: "viewer" });
    const mine = [
      await seedApiToken(ctx.db, user.id, organizationId!),
      await seedApiToken(ctx.db, user.id, organizationId!, { scope: "read" }),
      await seedApiToken(ctx.db, user.id, other.id, { scope: "read" }),
    ];
    const bystander = await signedIn(organizationId, "viewer");
    const theirs = await seedApiToken(ctx.db, bystander.user.id, organizationId!, { scope: "read" });

    for (const body of [{ revokeApiTokens: "yes" }, { revokeApiTokens: true, extra: 1 }])
      expect((await c.post("/api/v1/auth/sign-out-everywhere", body)).statusCode).toBe(400);
    const res = await c.post("/api/v1/auth/sign-out-everywhere", { revokeApiTokens: true });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ revokedApiTokens: 3, detail: expect.stringMatching(/3 API tokens .* revoked/) });
    for (const t of mine) expect((await bearer(t.secret).get("/api/v1/organization")).statusCode).toBe(401);
    expect((await bearer(theirs.secret).get("/api/v1/organization")).statusCode).toBe(200);
    // Each revocation is in its organization's ledger, as when the person revokes a token themselves.
    const revocations = async (orgId: string) =>
      (await ledgerOf(ctx.db, orgId)).filter((e) => e.action === "token.revoked");
    expect((await revocations(organizationId!)).map((e) => e.entityId).sort()).toEqual(
      [mine[0]!.id, mine[1]!.id].sort(),
    );
    expect((await revocations(other.id)).map((e) => e.entityId)).toEqual([mine[2]!.id]);
    expect((await revocations(other.id))[0]).toMatchObject({
      actorId: user.id,
      changes: { before: { revokedAt: null }, after: { reason: "signed_out_everywhere" } },
    });
    expect((await ledgerActions(ctx.db, organizationId!)).at(-1)).toBe("auth.signed_out_everywhere");
  });
});

describe("switch organization", () => {
  it("switches to another membership and shrinks the session to the stricter absolute limit", async () => {
    const { c, user, organizationId } = await signedIn();
    const other = await seedOrg(ctx.db, "Other Org");
    await ctx.db.update(organizations).set({ sessionAbsoluteHours: 1 }).where(eq(organizations.id, other.id));
    await ctx.db.insert(memberships).values({ id: newId(), organizationId: other.id, userId: user.id, role: "viewer" });
    const res = await c.post("/api/v1/auth/switch-organization", { organizationId: other.id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ organization: { id: other.id, name: "Other Org" }, role: "viewer" });
    expect(new Date(res.json().expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
    const [s] = await ctx.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(s!.organizationId).toBe(other.id);
    // And back: the limit does not grow again.
    const back = await c.post("/api/v1/auth/switch-organization", { organizationId });
    expect(back.json().organization.id).toBe(organizationId);
    expect(new Date(back.json().expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
  });

  it("answers 404 for an organization the person does not belong to, and 400 for bad input", async () => {
    const { c, user, organizationId } = await signedIn();
    const foreign = await seedOrg(ctx.db);
    for (const id of [foreign.id, newId()]) {
      const res = await c.post("/api/v1/auth/switch-organization", { organizationId: id });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe("not_found");
    }
    expect((await c.post("/api/v1/auth/switch-organization", { organizationId: "nope" })).statusCode).toBe(400);
    expect((await c.post("/api/v1/auth/switch-organization", { organizationId: foreign.id, x: 1 })).statusCode).toBe(
      400,
    );
    expect((await c.post("/api/v1/auth/switch-organization", {})).statusCode).toBe(400);
    const [s] = await ctx.db.select().from(sessions).where(eq(sessions.userId, user.id));
    expect(s!.organizationId).toBe(organizationId);
  });

  it("needs the CSRF token", async () => {
    const { c, user } = await signedIn();
    const other = await seedOrg(ctx.db);
    await ctx.db.insert(memberships).values({ id: newId(), organizationId: other.id, userId: user.id, role: "viewer" });
    c.csrf = null;
    const res = await c.post("/api/v1/auth/switch-organization", { organizationId: other.id });
    expect(res.json().code).toBe("csrf_failed");
  });
});

describe("organizations that require MFA", () => {
  it("lets an unenrolled member reach only the session, sign-out, switch and enrollment routes", async () => {
    const org = await seedOrg(ctx.db);
    await ctx.db.update(organizations).set({ requireMfa: true }).where(eq(organizations.id, org.id));
    const { c } = await signedIn(org.id, "viewer");
    const session = await c.get("/api/v1/auth/session");
    expect(session.statusCode).toBe(200);
    expect(session.json().mfaEnrollmentRequired).toBe(true);
    expect((await c.get("/api/v1/account")).statusCode).toBe(200);
    const blocked = await c.patch("/api/v1/account", { name: "Blocked" });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe("mfa_enrollment_required");
    expect(blocked.json().detail).toMatch(/Set up an authenticator app/);
    expect((await c.post("/api/v1/account/mfa/totp")).statusCode).toBe(200);
    expect((await c.post("/api/v1/auth/sign-out")).statusCode).toBe(204);
  });
});
