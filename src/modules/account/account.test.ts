import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { seedOrg, seedUser, TEST_PASSWORD } from "../../../test/seed.ts";
import { users } from "../../db/schema/index.ts";
import { ageSessions, ledgerActions, ledgerCount, sessionCount } from "../auth/testing.ts";

const NEW_PASSWORD = "harbor cobalt thimble 31 wren";

const { ctx, app } = withTestApp({ config: { ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 10_000 } });

async function member() {
  const org = await seedOrg(ctx.db);
  const user = await seedUser(ctx.db, org.id, "employee");
  const c = await new TestClient(app).actAs(ctx.db, user.id, org.id);
  return { org, user, c };
}

describe("profile", () => {
  it("shows and renames the signed-in person, recording the change", async () => {
    const { org, user, c } = await member();
    const res = await c.get("/api/v1/account");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      mfaEnabled: false,
      mfaEnabledAt: null,
      recoveryCodesRemaining: 0,
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(res.json())).not.toMatch(/argon2|passwordHash/);
    const renamed = await c.patch("/api/v1/account", { name: "  Grace Hopper " });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe("Grace Hopper");
    expect((await c.get("/api/v1/auth/session")).json().user.name).toBe("Grace Hopper");
    expect(await ledgerActions(ctx.db, org.id)).toEqual(["user.updated"]);
  });

  it("rejects bad input, missing CSRF and ended sessions, writing nothing", async () => {
    const { user, c } = await member();
    const before = await ledgerCount(ctx.db);
    for (const body of [{}, { name: "" }, { name: 7 }, { name: "ok", email: "new@example.test" }]) {
      const res = await c.patch("/api/v1/account", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe("validation_failed");
    }
    const malformed = await c.request("PATCH", "/api/v1/account", undefined, {
      payload: "{",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.json().code).toBe("malformed_json");
    const csrf = c.csrf;
    c.csrf = null;
    expect((await c.patch("/api/v1/account", { name: "Sneaky" })).json().code).toBe("csrf_failed");
    c.csrf = csrf;
    await ageSessions(ctx.db, user.id, { expiredMinutesAgo: 1 });
    expect((await c.patch("/api/v1/account", { name: "Late" })).statusCode).toBe(401);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.name).toBe(user.name);
    expect(await ledgerCount(ctx.db)).toBe(before);
    expect((await new TestClient(app).get("/api/v1/account")).statusCode).toBe(401);
  });
});

describe("password change", () => {
  it("checks the current password and the policy, then signs out the other sessions", async () => {
    const { org, user, c } = await member();
    const other = await new TestClient(app).actAs(ctx.db, user.id, org.id);
    const wrong = await c.post("/api/v1/account/password", {
      currentPassword: "not it at all",
      newPassword: NEW_PASSWORD,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe("wrong_password");
    const weak = await c.post("/api/v1/account/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: "qwerty123456",
    });
    expect(weak.json().code).toBe("weak_password");
    const same = await c.post("/api/v1/account/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: TEST_PASSWORD,
    });
    expect(same.json().code).toBe("password_unchanged");
    expect(await sessionCount(ctx.db, user.id)).toBe(2);
    expect(await ledgerActions(ctx.db, org.id)).toEqual([]);

    const ok = await c.post("/api/v1/account/password", { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD });
    expect(ok.statusCode).toBe(204);
    expect((await other.get("/api/v1/auth/session")).statusCode).toBe(401);
    expect((await c.get("/api/v1/auth/session")).statusCode).toBe(200);
    expect(await ledgerActions(ctx.db, org.id)).toEqual(["user.password_changed"]);
    const signIn = await new TestClient(app).post("/api/v1/auth/sign-in", {
      email: user.email,
      password: NEW_PASSWORD,
    });
    expect(signIn.statusCode).toBe(200);
  });

  it("counts wrong current passwords toward the lockout", async () => {
    const { user, c } = await member();
    for (let i = 0; i < 4; i++)
      expect(
        (await c.post("/api/v1/account/password", { currentPassword: "nope", newPassword: NEW_PASSWORD })).statusCode,
      ).toBe(400);
    const locked = await c.post("/api/v1/account/password", { currentPassword: "nope", newPassword: NEW_PASSWORD });
    expect(locked.statusCode).toBe(423);
    const [row] = await ctx.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toBe(user.passwordHash);
  });

  it("rejects unknown fields", async () => {
    const { c } = await member();
    const res = await c.post("/api/v1/account/password", {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
      userId: "someone-else",
    });
    expect(res.statusCode).toBe(400);
  });
});
