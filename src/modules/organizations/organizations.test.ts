import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { expireSession, member, orgWithOwner, withoutCsrf } from "../../../test/people.ts";
import { seedUser } from "../../../test/seed.ts";
import { ledgerOf, snapshotOrg } from "../../../test/snapshot.ts";
import { slugify } from "../../core/slug.ts";
import { memberships, organizations, users } from "../../db/schema/index.ts";
import { loadConfig } from "../../platform/config.ts";
import { buildApp } from "../../server/app.ts";

// Most tests here are about creating organizations, not about who may: the next describe covers the setting.
const { ctx, app } = withTestApp({ config: { ASSAY_ORGANIZATION_CREATION: "anyone" } });

const orgCount = async () => (await ctx.db.select({ n: count() }).from(organizations))[0]!.n;
const json = { "content-type": "application/json" };

describe("slugify", () => {
  it("folds accents and punctuation and never returns an empty slug", () => {
    expect(slugify("  Ärzte & Co. GmbH ")).toBe("arzte-co-gmbh");
    expect(slugify("!!!")).toBe("organization");
    expect(slugify("x".repeat(80))).toHaveLength(48);
  });
});

describe("GET/POST /api/v1/organizations", () => {
  it("lists only my memberships and marks the current one", async () => {
    const a = await orgWithOwner(app, ctx.db, "Alpha Co");
    const other = await orgWithOwner(app, ctx.db, "Not Mine");
    const created = await a.client.post("/api/v1/organizations", { name: "Beta Client" });
    expect(created.statusCode).toBe(201);
    const res = await a.client.get("/api/v1/organizations");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    expect(body.items.map((o: { name: string }) => o.name)).toEqual(["Alpha Co", "Beta Client"]);
    expect(body.items.find((o: { current: boolean }) => o.current).id).toBe(a.org.id);
    expect(body.items.every((o: { role: string }) => o.role === "owner")).toBe(true);
    expect(JSON.stringify(body)).not.toContain(other.org.id);
  });

  it("lets any signed-in person create an organization, even with none yet; the creator is its owner", async () => {
    const loner = await seedUser(ctx.db, null);
    const c = await new TestClient(app).actAs(ctx.db, loner.id, null);
    const first = await c.post("/api/v1/organizations", { name: "Acme Consulting" });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ name: "Acme Consulting", role: "owner", slug: "acme-consulting" });
    const second = await c.post("/api/v1/organizations", { name: "Acme  Consulting!" });
    expect(second.json().slug).toBe("acme-consulting-2");

    const id = first.json().id;
    const [m] = await ctx.db.select().from(memberships).where(eq(memberships.organizationId, id));
    expect(m).toMatchObject({ userId: loner.id, role: "owner" });
    const ledger = await ledgerOf(ctx.db, id);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ action: "organization.created", actorId: loner.id, entityId: id });
    expect(ledger[0]!.changes.after).toMatchObject({ name: "Acme Consulting", slug: "acme-consulting" });
  });

  it("rejects bad input and writes nothing", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const before = await orgCount();
    const bad = [
      await client.request("POST", "/api/v1/organizations", "{not json", { headers: json }),
      await client.post("/api/v1/organizations", { name: "" }),
      await client.post("/api/v1/organizations", { name: "   " }),
      await client.post("/api/v1/organizations", { name: 42 }),
      await client.post("/api/v1/organizations", { name: "X", plan: "enterprise" }),
      await client.post("/api/v1/organizations", {}),
    ];
    expect(bad.map((r) => r.statusCode)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(bad[0]!.json().code).toBe("malformed_json");
    expect(bad[4]!.json().code).toBe("validation_failed");
    expect(bad[4]!.headers["content-type"]).toContain("application/problem+json");

    const noCsrf = await withoutCsrf(client).post("/api/v1/organizations", { name: "Sneaky" });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe("csrf_failed");
    const anonymous = await new TestClient(app).post("/api/v1/organizations", { name: "Anon" });
    expect(anonymous.statusCode).toBe(401);
    await expireSession(ctx.db, client);
    expect((await client.post("/api/v1/organizations", { name: "Late" })).statusCode).toBe(401);
    expect(await orgCount()).toBe(before);
  });
});

describe("who may create organizations (ASSAY_ORGANIZATION_CREATION)", () => {
  /** This file's app and database under another setting. */
  async function appWith(setting: "admins" | "anyone") {
    return buildApp({ ...ctx, config: { ...ctx.config, ASSAY_ORGANIZATION_CREATION: setting } }, { logger: false });
  }
  /** The installation's first organization (the one setup creates), made if this database has none yet. */
  async function firstOrganization() {
    const [first] = await ctx.db
      .select()
      .from(organizations)
      .orderBy(organizations.createdAt, organizations.id)
      .limit(1);
    return first ?? (await orgWithOwner(app, ctx.db, "Installation Co")).org;
  }
  const mayCreate = async (c: TestClient) => (await c.get("/api/v1/auth/session")).json().mayCreateOrganizations;

  it("defaults to installation admins: the owners of the first organization", () => {
    expect(loadConfig({} as NodeJS.ProcessEnv).ASSAY_ORGANIZATION_CREATION).toBe("admins");
    expect(() => loadConfig({ ASSAY_ORGANIZATION_CREATION: "everyone" } as NodeJS.ProcessEnv)).toThrow(
      /ASSAY_ORGANIZATION_CREATION/,
    );
  });

  it("admins: lets the first organization's owners create one and refuses everyone else with a 403 naming the setting", async () => {
    const admins = await appWith("admins");
    try {
      const first = await firstOrganization();
      const owner = await member(admins, ctx.db, first.id, "owner");
      const adminRole = await member(admins, ctx.db, first.id, "admin");
      const elsewhere = await orgWithOwner(admins, ctx.db, "Client Co");
      const loner = await new TestClient(admins).actAs(ctx.db, (await seedUser(ctx.db, null)).id, null);
      const before = await orgCount();
      for (const c of [adminRole.client, elsewhere.client, loner]) {
        const res = await c.post("/api/v1/organizations", { name: "Shadow Co" });
        expect(res.statusCode).toBe(403);
        expect(res.headers["content-type"]).toContain("application/problem+json");
        expect(res.json().code).toBe("organization_creation_restricted");
        expect(res.json().detail).toMatch(/ASSAY_ORGANIZATION_CREATION=anyone/);
        expect(await mayCreate(c)).toBe(false);
      }
      expect(await orgCount()).toBe(before);
      expect(await mayCreate(owner.client)).toBe(true);
      const created = await owner.client.post("/api/v1/organizations", { name: "New Client" });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ name: "New Client", role: "owner" });
    } finally {
      await admins.close();
    }
  });

  it("anyone: lets every signed-in person create one", async () => {
    const anyone = await appWith("anyone");
    try {
      const loner = await new TestClient(anyone).actAs(ctx.db, (await seedUser(ctx.db, null)).id, null);
      expect(await mayCreate(loner)).toBe(true);
      expect((await loner.post("/api/v1/organizations", { name: "Self Service" })).statusCode).toBe(201);
    } finally {
      await anyone.close();
    }
  });
});

describe("GET/PATCH /api/v1/organization", () => {
  it("shows the profile to every role and lets owners and admins rename it, with a ledger entry", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db, "Old Name");
    const viewer = await member(app, ctx.db, org.id, "viewer");
    const got = await viewer.client.get("/api/v1/organization");
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({ id: org.id, name: "Old Name", slug: org.slug });

    const res = await client.patch("/api/v1/organization", { name: "  New Name " });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: "New Name", slug: org.slug });
    const entries = await ledgerOf(ctx.db, org.id);
    expect(entries.at(-1)).toMatchObject({ action: "organization.updated", entityType: "organization" });
    expect(entries.at(-1)!.changes).toEqual({ before: { name: "Old Name" }, after: { name: "New Name" } });

    const admin = await member(app, ctx.db, org.id, "admin");
    expect((await admin.client.patch("/api/v1/organization", { name: "By Admin" })).statusCode).toBe(200);
  });

  it("refuses other roles and bad input without writing", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const cm = await member(app, ctx.db, org.id, "compliance_manager");
    const before = await snapshotOrg(ctx.db, org.id);
    const denied = await cm.client.patch("/api/v1/organization", { name: "Mine now" });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe("forbidden");
    for (const body of [{ name: "" }, { name: ["x"] }, { name: "ok", slug: "hack" }, { name: "x".repeat(201) }])
      expect((await client.patch("/api/v1/organization", body)).statusCode).toBe(400);
    expect((await client.request("PATCH", "/api/v1/organization", "{", { headers: json })).statusCode).toBe(400);
    expect((await withoutCsrf(client).patch("/api/v1/organization", { name: "No CSRF" })).statusCode).toBe(403);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
  });
});

describe("GET/PATCH /api/v1/organization/security", () => {
  it("has safe defaults and records changes with before and after", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const got = await client.get("/api/v1/organization/security");
    expect(got.json()).toEqual({ requireMfa: false, sessionIdleMinutes: 60, sessionAbsoluteHours: 12 });
    const res = await client.patch("/api/v1/organization/security", {
      sessionIdleMinutes: 30,
      sessionAbsoluteHours: 8,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ requireMfa: false, sessionIdleMinutes: 30, sessionAbsoluteHours: 8 });
    const last = (await ledgerOf(ctx.db, org.id)).at(-1)!;
    expect(last.action).toBe("organization.security_updated");
    expect(last.changes).toEqual({
      before: { requireMfa: false, sessionIdleMinutes: 60, sessionAbsoluteHours: 12 },
      after: { requireMfa: false, sessionIdleMinutes: 30, sessionAbsoluteHours: 8 },
    });
    // The same values again change nothing and record nothing.
    const n = (await ledgerOf(ctx.db, org.id)).length;
    expect((await client.patch("/api/v1/organization/security", { sessionIdleMinutes: 30 })).statusCode).toBe(200);
    expect(await ledgerOf(ctx.db, org.id)).toHaveLength(n);
  });

  it("validates ranges and combinations and writes nothing on bad input", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const before = await snapshotOrg(ctx.db, org.id);
    const bodies = [
      {},
      { sessionIdleMinutes: 4 },
      { sessionIdleMinutes: 1441 },
      { sessionIdleMinutes: 30.5 },
      { sessionAbsoluteHours: 0 },
      { sessionAbsoluteHours: 721 },
      { requireMfa: "yes" },
      { requireMfa: true, extra: 1 },
    ];
    for (const body of bodies) {
      const res = await client.patch("/api/v1/organization/security", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe("validation_failed");
    }
    const tooLong = await client.patch("/api/v1/organization/security", {
      sessionIdleMinutes: 600,
      sessionAbsoluteHours: 2,
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().code).toBe("invalid_session_lengths");
    expect(tooLong.json().detail).toMatch(/idle timeout \(600 minutes\)/);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
  });

  it("only lets someone with MFA require it, so the admin is not locked out", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const refused = await client.patch("/api/v1/organization/security", { requireMfa: true });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe("mfa_not_enabled");
    await ctx.db.update(users).set({ mfaEnabledAt: new Date() }).where(eq(users.id, user.id));
    const ok = await client.patch("/api/v1/organization/security", { requireMfa: true });
    expect(ok.json().requireMfa).toBe(true);
    const [row] = await ctx.db.select().from(organizations).where(eq(organizations.id, org.id));
    expect(row!.requireMfa).toBe(true);
    // Auditors can read the settings but not change them.
    const auditor = await member(app, ctx.db, org.id, "auditor");
    await ctx.db.update(users).set({ mfaEnabledAt: new Date() }).where(eq(users.id, auditor.user.id));
    expect((await auditor.client.get("/api/v1/organization/security")).json().requireMfa).toBe(true);
    expect((await auditor.client.patch("/api/v1/organization/security", { requireMfa: false })).statusCode).toBe(403);
  });
});

describe("OpenAPI", () => {
  it("documents the organization, member, invitation and token routes", async () => {
    const doc = (await new TestClient(app).get("/api/openapi.json")).json();
    for (const p of [
      "/api/v1/organizations",
      "/api/v1/organization/security",
      "/api/v1/members/{id}",
      "/api/v1/invitations/{id}/resend",
      "/api/v1/invitations/lookup/{token}",
      "/api/v1/invitations/accept",
      "/api/v1/tokens/current",
    ])
      expect(Object.keys(doc.paths), p).toContain(p);
    const created = doc.paths["/api/v1/tokens"].post.responses["201"].content["application/json"].schema;
    expect(created.properties.secret.type).toBe("string");
    expect(created.properties.createdAt).toMatchObject({ type: "string", format: "date-time" });
  });
});
