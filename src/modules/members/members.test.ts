import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { expireSession, member, orgWithOwner, seedApiToken, withoutCsrf } from "../../../test/people.ts";
import { seedOrg } from "../../../test/seed.ts";
import { ledgerOf, snapshotOrg } from "../../../test/snapshot.ts";
import { memberships, users } from "../../db/schema/index.ts";

const { ctx, app } = withTestApp();

const rename = (id: string, name: string, email?: string) =>
  ctx.db
    .update(users)
    .set({ name, ...(email ? { email } : {}) })
    .where(eq(users.id, id));

describe("GET /api/v1/members", () => {
  it("lists this organization's members with search, role filter and pages", async () => {
    const { org, user: owner, client } = await orgWithOwner(app, ctx.db);
    const ann = await member(app, ctx.db, org.id, "auditor");
    const bob = await member(app, ctx.db, org.id, "viewer");
    const pct = await member(app, ctx.db, org.id, "viewer");
    await rename(owner.id, "Olga Owner");
    await rename(ann.user.id, "Ann Auditor", `ann.${ann.user.id.slice(-6)}@audit-firm.test`);
    await rename(bob.user.id, "Bob Viewer");
    await rename(pct.user.id, "100% Percy");
    await ctx.db
      .update(users)
      .set({ mfaEnabledAt: new Date(), lastSignInAt: new Date() })
      .where(eq(users.id, ann.user.id));
    const elsewhere = await orgWithOwner(app, ctx.db);

    const all = (await client.get("/api/v1/members")).json();
    expect(all.total).toBe(4);
    expect(all.items.map((m: { name: string }) => m.name)).toEqual([
      "100% Percy",
      "Ann Auditor",
      "Bob Viewer",
      "Olga Owner",
    ]);
    expect(JSON.stringify(all)).not.toContain(elsewhere.user.id);
    const a = all.items[1];
    expect(a).toMatchObject({ id: ann.membershipId, userId: ann.user.id, role: "auditor", mfaEnabled: true });
    expect(Date.parse(a.joinedAt)).toBeGreaterThan(0);
    expect(Date.parse(a.lastSignInAt)).toBeGreaterThan(0);
    expect(all.items[0]).toMatchObject({ mfaEnabled: false, lastSignInAt: null });

    const byEmail = (await client.get("/api/v1/members?q=AUDIT-FIRM")).json();
    expect(byEmail.items.map((m: { name: string }) => m.name)).toEqual(["Ann Auditor"]);
    const literalPercent = (await client.get("/api/v1/members?q=%25")).json();
    expect(literalPercent.items.map((m: { name: string }) => m.name)).toEqual(["100% Percy"]);
    const viewers = (await client.get("/api/v1/members?role=viewer")).json();
    expect(viewers.total).toBe(2);
    const page2 = (await client.get("/api/v1/members?pageSize=3&page=2")).json();
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page2.items.map((m: { name: string }) => m.name)).toEqual(["Olga Owner"]);
  });

  it("is closed to employees and rejects bad queries", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const employee = await member(app, ctx.db, org.id, "employee");
    const denied = await employee.client.get("/api/v1/members");
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe("forbidden");
    for (const q of ["pageSize=101", "page=0", "role=superuser", "sort=name", "pageSize=abc"]) {
      const res = await client.get(`/api/v1/members?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().code).toBe("validation_failed");
    }
    await expireSession(ctx.db, client);
    expect((await client.get("/api/v1/members")).statusCode).toBe(401);
  });
});

describe("PATCH /api/v1/members/:id", () => {
  it("lets admins change roles below owner, recorded in the ledger", async () => {
    const { org } = await orgWithOwner(app, ctx.db);
    const admin = await member(app, ctx.db, org.id, "admin");
    const target = await member(app, ctx.db, org.id, "viewer");
    const res = await admin.client.patch(`/api/v1/members/${target.membershipId}`, { role: "control_owner" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: target.membershipId, role: "control_owner" });
    const last = (await ledgerOf(ctx.db, org.id)).at(-1)!;
    expect(last).toMatchObject({
      action: "member.role_changed",
      entityId: target.membershipId,
      actorId: admin.user.id,
    });
    expect(last.changes).toMatchObject({ before: { role: "viewer" }, after: { role: "control_owner" } });
    // The new role applies to the person's next request.
    expect((await target.client.get("/api/v1/members")).statusCode).toBe(200);
    await admin.client.patch(`/api/v1/members/${target.membershipId}`, { role: "employee" });
    expect((await target.client.get("/api/v1/members")).statusCode).toBe(403);
  });

  it("keeps the owner role in owners' hands", async () => {
    const { org, membershipId: ownerM, client: owner } = await orgWithOwner(app, ctx.db);
    const admin = await member(app, ctx.db, org.id, "admin");
    const target = await member(app, ctx.db, org.id, "viewer");
    const before = await snapshotOrg(ctx.db, org.id);
    const promote = await admin.client.patch(`/api/v1/members/${target.membershipId}`, { role: "owner" });
    expect(promote.statusCode).toBe(403);
    expect(promote.json().detail).toMatch(/Only an owner/);
    expect((await admin.client.patch(`/api/v1/members/${ownerM}`, { role: "viewer" })).statusCode).toBe(403);
    expect((await admin.client.patch(`/api/v1/members/${admin.membershipId}`, { role: "owner" })).statusCode).toBe(403);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);

    expect((await owner.patch(`/api/v1/members/${target.membershipId}`, { role: "owner" })).statusCode).toBe(200);
    // Two owners now: one may step down; the remaining one may not.
    expect((await owner.patch(`/api/v1/members/${ownerM}`, { role: "admin" })).statusCode).toBe(200);
    const last = await target.client.patch(`/api/v1/members/${target.membershipId}`, { role: "admin" });
    expect(last.statusCode).toBe(409);
    expect(last.json().code).toBe("last_owner");
    expect(last.json().detail).toMatch(/Make another member an owner first/);
  });

  it("never leaves the organization without an owner, even when two owners demote each other at once", async () => {
    const { org, membershipId: m1, client: c1 } = await orgWithOwner(app, ctx.db);
    const second = await member(app, ctx.db, org.id, "owner");
    const [r1, r2] = await Promise.all([
      c1.patch(`/api/v1/members/${second.membershipId}`, { role: "admin" }),
      second.client.patch(`/api/v1/members/${m1}`, { role: "admin" }),
    ]);
    const codes = [r1.statusCode, r2.statusCode].sort();
    // Whoever commits first wins; the other either finds the last owner (409) or has lost the role (403).
    expect(codes[0]).toBe(200);
    expect([403, 409]).toContain(codes[1]);
    const owners = await ctx.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, org.id), eq(memberships.role, "owner")));
    expect(owners).toHaveLength(1);
  });

  it("answers 404 for other organizations' members and 400 for bad input, writing nothing", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const target = await member(app, ctx.db, org.id, "viewer");
    const other = await seedOrg(ctx.db);
    const outsider = await member(app, ctx.db, other.id, "viewer");
    const before = await snapshotOrg(ctx.db, org.id);
    const beforeOther = await snapshotOrg(ctx.db, other.id);

    const foreign = await client.patch(`/api/v1/members/${outsider.membershipId}`, { role: "admin" });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: "not_found", detail: "Member was not found." });
    expect((await client.patch(`/api/v1/members/${crypto.randomUUID()}`, { role: "admin" })).statusCode).toBe(404);
    expect((await client.patch("/api/v1/members/not-a-uuid", { role: "admin" })).statusCode).toBe(400);
    const url = `/api/v1/members/${target.membershipId}`;
    for (const body of [{}, { role: "root" }, { role: 3 }, { role: "admin", name: "x" }])
      expect((await client.patch(url, body)).statusCode, JSON.stringify(body)).toBe(400);
    const malformed = await client.request("PATCH", url, '{"role":', {
      headers: { "content-type": "application/json" },
    });
    expect(malformed.json().code).toBe("malformed_json");
    expect((await withoutCsrf(client).patch(url, { role: "admin" })).json().code).toBe("csrf_failed");
    expect((await new TestClient(app).patch(url, { role: "admin" })).statusCode).toBe(401);

    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
    expect(await snapshotOrg(ctx.db, other.id)).toEqual(beforeOther);
  });
});

describe("DELETE /api/v1/members/:id", () => {
  it("removes the member, ends their sessions here and revokes their tokens for this organization only", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const leaver = await member(app, ctx.db, org.id, "compliance_manager");
    const here = await seedApiToken(ctx.db, leaver.user.id, org.id);
    // The same person also works in another organization: that stays untouched.
    const other = await seedOrg(ctx.db);
    await ctx.db
      .insert(memberships)
      .values({ id: crypto.randomUUID(), organizationId: other.id, userId: leaver.user.id, role: "viewer" });
    const otherSession = await new TestClient(app).actAs(ctx.db, leaver.user.id, other.id);
    const there = await seedApiToken(ctx.db, leaver.user.id, other.id, { scope: "read" });
    const bearer = (secret: string) => Object.assign(new TestClient(app), { bearer: secret });
    expect((await bearer(here.secret).get("/api/v1/organization")).statusCode).toBe(200);

    const res = await client.delete(`/api/v1/members/${leaver.membershipId}`);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe("");
    expect((await leaver.client.get("/api/v1/organization")).statusCode).toBe(401);
    const revoked = await bearer(here.secret).get("/api/v1/organization");
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().code).toBe("invalid_token");
    expect((await otherSession.get("/api/v1/organization")).json().id).toBe(other.id);
    expect((await bearer(there.secret).get("/api/v1/organization")).json().id).toBe(other.id);

    const members = (await client.get("/api/v1/members")).json();
    expect(members.items.map((m: { id: string }) => m.id)).not.toContain(leaver.membershipId);
    const entries = (await ledgerOf(ctx.db, org.id)).slice(-2);
    expect(entries.map((e) => e.action)).toEqual(["member.removed", "token.revoked"]);
    expect(entries[0]!.changes).toMatchObject({
      before: { userId: leaver.user.id, role: "compliance_manager" },
      after: { endedSessions: 1 },
    });
    expect(entries[1]!.entityId).toBe(here.id);
  });

  it("protects owners and the last owner, and ignores other organizations' ids", async () => {
    const { org, membershipId: ownerM, client: owner } = await orgWithOwner(app, ctx.db);
    const admin = await member(app, ctx.db, org.id, "admin");
    const viewer = await member(app, ctx.db, org.id, "viewer");
    const outsider = await orgWithOwner(app, ctx.db);
    const before = await snapshotOrg(ctx.db, org.id);
    const beforeOther = await snapshotOrg(ctx.db, outsider.org.id);
    expect((await admin.client.delete(`/api/v1/members/${ownerM}`)).statusCode).toBe(403);
    expect((await viewer.client.delete(`/api/v1/members/${admin.membershipId}`)).statusCode).toBe(403);
    const lastOwner = await owner.delete(`/api/v1/members/${ownerM}`);
    expect(lastOwner.statusCode).toBe(409);
    expect(lastOwner.json().code).toBe("last_owner");
    expect((await owner.delete(`/api/v1/members/${outsider.membershipId}`)).statusCode).toBe(404);
    expect((await withoutCsrf(owner).delete(`/api/v1/members/${viewer.membershipId}`)).statusCode).toBe(403);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
    expect(await snapshotOrg(ctx.db, outsider.org.id)).toEqual(beforeOther);
    // An admin may remove another admin or themselves.
    expect((await admin.client.delete(`/api/v1/members/${admin.membershipId}`)).statusCode).toBe(204);
  });
});
