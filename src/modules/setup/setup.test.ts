import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { createTestContext } from "../../../test/context.ts";
import { memberships, organizations, users } from "../../db/schema/index.ts";
import { buildApp } from "../../server/app.ts";
import { ledgerActions, ledgerCount } from "../auth/testing.ts";

const GOOD = {
  organizationName: "Acme Robotics, Inc.",
  name: "Ada Owner",
  email: "Ada@Acme.Example",
  password: "granite lantern orbit 7 violet",
};

const { ctx, app } = withTestApp();

const rows = async () => {
  const [o] = await ctx.db.select({ n: count() }).from(organizations);
  const [u] = await ctx.db.select({ n: count() }).from(users);
  return { orgs: o!.n, users: u!.n, ledger: await ledgerCount(ctx.db) };
};

describe("first-run setup", () => {
  it("reports that setup is needed on an empty installation", async () => {
    const res = await new TestClient(app).get("/api/v1/setup/status");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ needsSetup: true });
  });

  it("rejects bad input without writing anything", async () => {
    const c = new TestClient(app);
    const malformed = await c.request("POST", "/api/v1/setup", undefined, {
      payload: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe("malformed_json");

    const unknown = await c.post("/api/v1/setup", { ...GOOD, role: "owner" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe("validation_failed");

    const wrongType = await c.post("/api/v1/setup", { ...GOOD, name: 42 });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().errors[0].path).toBe("body.name");

    const badEmail = await c.post("/api/v1/setup", { ...GOOD, email: "not-an-email" });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().detail).toContain("valid email");

    const weak = await c.post("/api/v1/setup", { ...GOOD, password: "password1234" });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe("weak_password");
    expect(weak.json().detail).toMatch(/stronger password/);

    const ownName = await c.post("/api/v1/setup", { ...GOOD, password: "ada@acme.example" });
    expect(ownName.statusCode).toBe(400);

    expect(await rows()).toEqual({ orgs: 0, users: 0, ledger: 0 });
    expect(c.cookie).toBeNull();
  });

  it("creates the organization and owner, records both in the ledger and signs the owner in", async () => {
    const c = new TestClient(app);
    const res = await c.post("/api/v1/setup", GOOD);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.organization).toMatchObject({ name: "Acme Robotics, Inc.", slug: "acme-robotics-inc" });
    expect(body.user).toMatchObject({ email: "ada@acme.example", name: "Ada Owner", mfaEnabled: false });
    expect(body.role).toBe("owner");
    expect(body.memberships).toEqual([
      { organizationId: body.organization.id, name: "Acme Robotics, Inc.", slug: "acme-robotics-inc", role: "owner" },
    ]);
    expect(body.csrfToken).toEqual(expect.any(String));
    expect(body.mfaEnrollmentRequired).toBe(false);
    // The first owner is an installation admin, who may create further organizations.
    expect(body.mayCreateOrganizations).toBe(true);
    expect(JSON.stringify(body)).not.toContain(GOOD.password);

    const cookie = res.cookies.find((k) => k.name === "assay_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");

    const [user] = await ctx.db.select().from(users).where(eq(users.id, body.user.id));
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
    const [m] = await ctx.db.select().from(memberships).where(eq(memberships.userId, body.user.id));
    expect(m!.role).toBe("owner");
    expect(await ledgerActions(ctx.db, body.organization.id)).toEqual(["organization.created", "member.added"]);

    // The cookie is a working session.
    const session = await c.get("/api/v1/auth/session");
    expect(session.statusCode).toBe(200);
    expect(session.json().user.id).toBe(body.user.id);
  });

  it("is closed afterwards", async () => {
    const before = await rows();
    const status = await new TestClient(app).get("/api/v1/setup/status");
    expect(status.json()).toEqual({ needsSetup: false });
    const again = await new TestClient(app).post("/api/v1/setup", { ...GOOD, email: "mallory@evil.example" });
    expect(again.statusCode).toBe(409);
    expect(again.headers["content-type"]).toContain("application/problem+json");
    expect(again.json().code).toBe("setup_closed");
    expect(again.json().detail).toMatch(/Sign in instead/);
    expect(await rows()).toEqual(before);
  });
});

describe("concurrent setup", () => {
  it("lets exactly one of several simultaneous setups win", async () => {
    const fresh = await createTestContext();
    const freshApp = await buildApp(fresh, { logger: false });
    try {
      const attempts = await Promise.all(
        [1, 2, 3].map((i) =>
          new TestClient(freshApp).post("/api/v1/setup", {
            ...GOOD,
            organizationName: `Race ${i}`,
            email: `racer${i}@example.test`,
          }),
        ),
      );
      const codes = attempts.map((r) => r.statusCode).sort();
      expect(codes).toEqual([201, 409, 409]);
      for (const r of attempts.filter((a) => a.statusCode === 409)) expect(r.json().code).toBe("setup_closed");
      const [o] = await fresh.db.select({ n: count() }).from(organizations);
      const [u] = await fresh.db.select({ n: count() }).from(users);
      expect([o!.n, u!.n, await ledgerCount(fresh.db)]).toEqual([1, 1, 2]);
    } finally {
      await freshApp.close();
      await fresh.close();
    }
  });
});
