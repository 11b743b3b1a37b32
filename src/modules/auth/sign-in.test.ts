import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { createTestContext } from "../../../test/context.ts";
import { seedOrg, seedUser, TEST_PASSWORD } from "../../../test/seed.ts";
import { newId } from "../../core/id.ts";
import { memberships, sessions, users } from "../../db/schema/index.ts";
import { buildApp } from "../../server/app.ts";
import { LOCK_AFTER_FAILURES, lockMinutes } from "./lockout.ts";
import { ledgerActions, ledgerCount, sessionCount } from "./testing.ts";

const { ctx, app } = withTestApp({ config: { ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 10_000 } });

const signIn = (c: TestClient, email: string, password = TEST_PASSWORD) =>
  c.post("/api/v1/auth/sign-in", { email, password });

describe("sign-in", () => {
  it("signs in with email (any case) and password, answering the session and recording it", async () => {
    const org = await seedOrg(ctx.db);
    const user = await seedUser(ctx.db, org.id, "admin");
    const c = new TestClient(app);
    const res = await signIn(c, `  ${user.email.toUpperCase()} `);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      status: "signed_in",
      user: { id: user.id, email: user.email, mfaEnabled: false },
      organization: { id: org.id, name: org.name, slug: org.slug },
      role: "admin",
      mfaEnrollmentRequired: false,
    });
    expect(body.csrfToken).toEqual(expect.any(String));
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 11 * 3_600_000);
    const cookie = res.cookies.find((k) => k.name === "assay_session")!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    expect(JSON.stringify(body)).not.toContain(cookie.value);
    // Only the token's hash is stored.
    expect(await ctx.db.select().from(sessions).where(eq(sessions.id, cookie.value))).toEqual([]);
    expect((await c.get("/api/v1/auth/session")).statusCode).toBe(200);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.lastSignInAt).not.toBeNull();
    expect(await ledgerActions(ctx.db, org.id)).toEqual(["auth.signed_in"]);
  });

  it("gives the same generic answer for an unknown email and a wrong password", async () => {
    const user = await seedUser(ctx.db, (await seedOrg(ctx.db)).id);
    const unknown = await signIn(new TestClient(app), "nobody@example.test");
    const wrong = await signIn(new TestClient(app), user.email, "wrong password entirely");
    for (const r of [unknown, wrong]) {
      expect(r.statusCode).toBe(401);
      expect(r.headers["content-type"]).toContain("application/problem+json");
      expect(r.cookies).toEqual([]);
    }
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
    expect(unknown.json().code).toBe("invalid_credentials");
  });

  it("spends as long on an unknown email as on a wrong password (no account discovery by timing)", async () => {
    const user = await seedUser(ctx.db, null);
    const median = async (email: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await signIn(new TestClient(app), email, "wrong password entirely");
        times.push(performance.now() - t);
      }
      return times.sort((a, b) => a - b)[2]!;
    };
    await ctx.db.update(users).set({ failedSignIns: -100 }).where(eq(users.id, user.id)); // stay clear of the lockout
    const [unknown, wrong] = [await median("nobody-else@example.test"), await median(user.email)];
    expect(unknown).toBeGreaterThan(wrong * 0.5);
  });

  it("rejects malformed, mistyped and unexpected input", async () => {
    const c = new TestClient(app);
    const malformed = await c.request("POST", "/api/v1/auth/sign-in", undefined, {
      payload: '{"email":',
      headers: { "content-type": "application/json" },
    });
    expect(malformed.json().code).toBe("malformed_json");
    for (const body of [
      { email: "a@b.test" },
      { email: "a@b.test", password: 123 },
      { email: "a@b.test", password: "x", remember: true },
      { email: "", password: "x" },
    ]) {
      const r = await c.post("/api/v1/auth/sign-in", body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().code).toBe("validation_failed");
    }
  });

  it("replaces the browser's previous session instead of keeping both", async () => {
    const user = await seedUser(ctx.db, (await seedOrg(ctx.db)).id);
    const c = new TestClient(app);
    await signIn(c, user.email);
    await signIn(c, user.email);
    expect(await sessionCount(ctx.db, user.id)).toBe(1);
  });

  it("opens the most recently used organization, else the first membership", async () => {
    const first = await seedOrg(ctx.db, "First Co");
    const second = await seedOrg(ctx.db, "Second Co");
    const user = await seedUser(ctx.db, first.id, "viewer");
    await ctx.db.insert(memberships).values({
      id: newId(),
      organizationId: second.id,
      userId: user.id,
      role: "auditor",
    });
    const c = new TestClient(app);
    expect((await signIn(c, user.email)).json().organization.id).toBe(first.id);
    const switched = await c.post("/api/v1/auth/switch-organization", { organizationId: second.id });
    expect(switched.statusCode).toBe(200);
    await c.post("/api/v1/auth/sign-out");
    const again = (await signIn(new TestClient(app), user.email)).json();
    expect(again.organization.id).toBe(second.id);
    expect(again.role).toBe("auditor");
    expect(again.memberships.map((m: { name: string }) => m.name)).toEqual(["First Co", "Second Co"]);
  });

  it("signs in a person without any organization", async () => {
    const user = await seedUser(ctx.db, null);
    const body = (await signIn(new TestClient(app), user.email)).json();
    expect(body).toMatchObject({ status: "signed_in", organization: null, role: null, memberships: [] });
  });
});

describe("lockout", () => {
  it("grows 1, 2, 4 … minutes up to an hour", () => {
    expect([4, 5, 6, 7, 8, 10, 11, 20].map(lockMinutes)).toEqual([0, 1, 2, 4, 8, 32, 60, 60]);
  });

  it("locks after five failures, refuses even the right password while locked, then backs off exponentially", async () => {
    const org = await seedOrg(ctx.db);
    const user = await seedUser(ctx.db, org.id);
    const c = new TestClient(app);
    const lockout = async () =>
      (
        await ctx.db
          .select({ failures: users.failedSignIns, until: users.lockedUntil })
          .from(users)
          .where(eq(users.id, user.id))
      )[0]!;
    for (let i = 0; i < 4; i++) expect((await signIn(c, user.email, "not the password")).statusCode).toBe(401);
    expect((await lockout()).until).toBeNull();
    const fifth = await signIn(c, user.email, "not the password");
    // The lock is not announced at sign-in: it answers as any refusal does (next test).
    expect(fifth.statusCode).toBe(401);
    expect(fifth.json().code).toBe("invalid_credentials");
    const locked = await lockout();
    expect(locked.failures).toBe(5);
    expect(locked.until!.getTime() - Date.now()).toBeGreaterThan(50_000);
    expect(locked.until!.getTime() - Date.now()).toBeLessThanOrEqual(60_000);

    const right = await signIn(c, user.email);
    expect(right.statusCode).toBe(401);
    expect(c.cookie).toBeNull();
    expect((await lockout()).failures).toBe(5); // refused unchecked: not counted

    // The lock runs out; the next failure locks for twice as long.
    const past = new Date(Date.now() - 1000);
    await ctx.db.update(users).set({ lockedUntil: past }).where(eq(users.id, user.id));
    expect((await signIn(c, user.email, "still not it")).statusCode).toBe(401);
    const ms = (await lockout()).until!.getTime() - Date.now();
    expect(ms).toBeGreaterThan(110_000);
    expect(ms).toBeLessThanOrEqual(120_000);

    // After it runs out, the right password works and clears the counter.
    await ctx.db.update(users).set({ lockedUntil: past }).where(eq(users.id, user.id));
    expect((await signIn(c, user.email)).statusCode).toBe(200);
    expect(await lockout()).toEqual({ failures: 0, until: null });
    expect((await signIn(new TestClient(app), user.email, "wrong again")).statusCode).toBe(401);
  });

  it("answers a locked account exactly as an unknown address, after as many attempts, and no faster", async () => {
    const user = await seedUser(ctx.db, (await seedOrg(ctx.db)).id);
    const ghost = "nobody-at-all@example.test";
    const strip = (r: { json(): Record<string, unknown> }) => ({ ...r.json(), requestId: undefined });
    for (let i = 0; i < LOCK_AFTER_FAILURES; i++) {
      const [known, unknown] = [
        await signIn(new TestClient(app), user.email, `wrong ${i}`),
        await signIn(new TestClient(app), ghost, `wrong ${i}`),
      ];
      expect(known.statusCode, `attempt ${i + 1}`).toBe(unknown.statusCode);
      expect(strip(known)).toEqual(strip(unknown));
    }
    // Now locked: even the right password gets the unknown address's answer, status, code and wording.
    const locked = await signIn(new TestClient(app), user.email);
    const unknown = await signIn(new TestClient(app), ghost, TEST_PASSWORD);
    expect(locked.statusCode).toBe(401);
    expect(locked.cookies).toEqual([]);
    expect(strip(locked)).toEqual(strip(unknown));
    expect(locked.headers["retry-after"]).toBeUndefined();
    expect(locked.json().detail).toMatch(/locked for a while after 5 failed attempts/);

    // Nothing is checked while locked, yet the answer takes as long as a check.
    const median = async (email: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await signIn(new TestClient(app), email);
        times.push(performance.now() - t);
      }
      return times.sort((a, b) => a - b)[2]!;
    };
    const [ghostMs, lockedMs] = [await median(ghost), await median(user.email)];
    expect(lockedMs).toBeGreaterThan(ghostMs * 0.5);
  });
});

describe("rate limiting", () => {
  it("answers 429 problem+json per client address on sign-in, MFA, password reset and reset confirmation", async () => {
    const limited = await createTestContext({ config: { ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 2 } });
    const limitedApp = await buildApp(limited, { logger: false });
    try {
      const c = new TestClient(limitedApp);
      const routes: [string, unknown][] = [
        ["/api/v1/auth/sign-in", { email: "x@example.test", password: "whatever" }],
        ["/api/v1/auth/mfa", { code: "123456" }],
        ["/api/v1/auth/password-reset", { email: "x@example.test" }],
        ["/api/v1/auth/password-reset/confirm", { token: "a".repeat(40), password: "whatever" }],
      ];
      for (const [url, body] of routes) {
        for (let i = 0; i < 2; i++) expect((await c.post(url, body)).statusCode).not.toBe(429);
        const res = await c.post(url, body);
        expect(res.statusCode, url).toBe(429);
        expect(res.headers["content-type"]).toContain("application/problem+json");
        expect(res.json().code).toBe("rate_limited");
        expect(res.json().detail).toMatch(/Wait 1 minute/);
        expect(res.headers["retry-after"]).toBeDefined();
      }
      // Another address is not affected.
      const other = await c.post("/api/v1/auth/sign-in", routes[0]![1], { remoteAddress: "10.1.2.3" });
      expect(other.statusCode).toBe(401);
      expect(await ledgerCount(limited.db)).toBe(0);
    } finally {
      await limitedApp.close();
      await limited.close();
    }
  });
});
