import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { member, orgWithOwner, seedApiToken, withoutCsrf } from "../../../test/people.ts";
import { ledgerOf, snapshotOrg } from "../../../test/snapshot.ts";
import { apiTokens } from "../../db/schema/index.ts";
import { sha256Hex } from "../../platform/tokens.ts";

const { ctx, app } = withTestApp();

const DAY = 86_400_000;
const bearer = (secret: string) => Object.assign(new TestClient(app), { bearer: secret });
const rowOf = async (id: string) => (await ctx.db.select().from(apiTokens).where(eq(apiTokens.id, id)))[0]!;

describe("POST/GET /api/v1/tokens", () => {
  it("shows the secret once, stores only its hash and records the token without it", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const res = await client.post("/api/v1/tokens", { name: "CI pipeline" });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created.secret).toMatch(/^assay_pat_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ name: "CI pipeline", scope: "read", revokedAt: null, lastUsedAt: null });
    expect(created.prefix).toBe(created.secret.slice(0, 16));
    expect(created.user).toEqual({ id: user.id, name: user.name, email: user.email });
    const days = (Date.parse(created.expiresAt) - Date.now()) / DAY;
    expect(days).toBeGreaterThan(89.99);
    expect(days).toBeLessThanOrEqual(90);

    const row = await rowOf(created.id);
    expect(row.tokenHash).toBe(sha256Hex(created.secret));
    expect(JSON.stringify(row)).not.toContain(created.secret);
    const entry = (await ledgerOf(ctx.db, org.id)).at(-1)!;
    expect(entry).toMatchObject({ action: "token.created", entityType: "api_token", entityId: created.id });
    expect(entry.changes.after).toMatchObject({ name: "CI pipeline", scope: "read", prefix: created.prefix });
    expect(JSON.stringify(entry)).not.toContain(created.secret);
    expect(JSON.stringify(entry)).not.toContain(row.tokenHash);

    const list = (await client.get("/api/v1/tokens")).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: created.id, prefix: created.prefix });
    expect(JSON.stringify(list)).not.toContain(created.secret);
  });

  it("gives auditors and viewers read tokens only", async () => {
    const { org } = await orgWithOwner(app, ctx.db);
    for (const role of ["auditor", "viewer"] as const) {
      const m = await member(app, ctx.db, org.id, role);
      const write = await m.client.post("/api/v1/tokens", { name: "w", scope: "write" });
      expect(write.statusCode).toBe(403);
      expect(write.json().detail).toMatch(/read-only tokens/);
      expect((await m.client.post("/api/v1/tokens", { name: "r", scope: "read", expiresInDays: 7 })).statusCode).toBe(
        201,
      );
    }
    const employee = await member(app, ctx.db, org.id, "employee");
    expect((await employee.client.post("/api/v1/tokens", { name: "w", scope: "write" })).statusCode).toBe(201);
  });

  it("lists only my tokens unless an admin asks for all", async () => {
    const { org, client: owner } = await orgWithOwner(app, ctx.db);
    const cm = await member(app, ctx.db, org.id, "compliance_manager");
    await owner.post("/api/v1/tokens", { name: "owner's" });
    await cm.client.post("/api/v1/tokens", { name: "cm's" });
    const other = await orgWithOwner(app, ctx.db);
    await other.client.post("/api/v1/tokens", { name: "elsewhere" });
    const names = (r: { json(): { items: { name: string }[] } }) =>
      r
        .json()
        .items.map((t) => t.name)
        .sort();
    expect(names(await cm.client.get("/api/v1/tokens"))).toEqual(["cm's"]);
    expect(names(await owner.get("/api/v1/tokens?all=true"))).toEqual(["cm's", "owner's"]);
    const denied = await cm.client.get("/api/v1/tokens?all=true");
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toMatch(/Leave out all=true/);
    expect((await owner.get("/api/v1/tokens?all=yes")).statusCode).toBe(400);
  });

  it("rejects bad input and writes nothing", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const before = await snapshotOrg(ctx.db, org.id);
    const bodies = [
      {},
      { name: "" },
      { name: "x", scope: "admin" },
      { name: "x", expiresInDays: 0 },
      { name: "x", expiresInDays: 366 },
      { name: "x", expiresInDays: 1.5 },
      { name: "x", expiresInDays: "30" },
      { name: "x", secret: "assay_pat_mine" },
      { name: "x".repeat(101) },
    ];
    for (const body of bodies) {
      const res = await client.post("/api/v1/tokens", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe("validation_failed");
    }
    const malformed = await client.request("POST", "/api/v1/tokens", "nope", {
      headers: { "content-type": "application/json" },
    });
    expect(malformed.json().code).toBe("malformed_json");
    expect((await withoutCsrf(client).post("/api/v1/tokens", { name: "csrf" })).json().code).toBe("csrf_failed");
    expect((await new TestClient(app).post("/api/v1/tokens", { name: "anon" })).statusCode).toBe(401);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
  });
});

describe("bearer authentication", () => {
  it("lets a read token read but not write, and never asks tokens for CSRF", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const read = (await client.post("/api/v1/tokens", { name: "reader", scope: "read" })).json();
    const write = (await client.post("/api/v1/tokens", { name: "writer", scope: "write" })).json();
    const r = bearer(read.secret);
    expect((await r.get("/api/v1/organization")).json().id).toBe(org.id);
    expect((await r.get("/api/v1/members")).statusCode).toBe(200);
    const before = await snapshotOrg(ctx.db, org.id);
    for (const res of [
      await r.patch("/api/v1/organization", { name: "by reader" }),
      await r.post("/api/v1/invitations", { email: "x@example.test", role: "viewer" }),
      await r.post("/api/v1/tokens", { name: "child" }),
      await r.delete(`/api/v1/tokens/${write.id}`),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe("forbidden");
    }
    expect((await snapshotOrg(ctx.db, org.id)).ledger).toEqual(before.ledger);

    // No cookie, no CSRF header: a write token just works.
    const w = bearer(write.secret);
    const renamed = await w.patch("/api/v1/organization", { name: "Renamed by token" });
    expect(renamed.statusCode).toBe(200);
    const entry = (await ledgerOf(ctx.db, org.id)).at(-1)!;
    expect(entry).toMatchObject({ action: "organization.updated", actorType: "token", actorId: write.id });
    expect((await rowOf(write.id)).lastUsedAt).not.toBeNull();
  });

  it("answers 401 invalid_token for expired, revoked and unknown tokens", async () => {
    const { user, org, client } = await orgWithOwner(app, ctx.db);
    const expired = await seedApiToken(ctx.db, user.id, org.id, { expiresAt: new Date(Date.now() - 1000) });
    const revoked = (await client.post("/api/v1/tokens", { name: "soon gone" })).json();
    expect((await bearer(revoked.secret).get("/api/v1/organization")).statusCode).toBe(200);
    expect((await client.delete(`/api/v1/tokens/${revoked.id}`)).statusCode).toBe(204);
    for (const secret of [expired.secret, revoked.secret, "assay_pat_unknown", "not-even-a-pat"]) {
      const res = await bearer(secret).get("/api/v1/organization");
      expect(res.statusCode, secret).toBe(401);
      expect(res.json().code).toBe("invalid_token");
    }
  });

  it("keeps tokens out of session-only endpoints and in the organization list", async () => {
    const { org, user } = await orgWithOwner(app, ctx.db);
    const t = await seedApiToken(ctx.db, user.id, org.id, { scope: "write" });
    const denied = await bearer(t.secret).post("/api/v1/organizations", { name: "By token" });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toMatch(/signed-in browser session/);
    const list = (await bearer(t.secret).get("/api/v1/organizations")).json();
    expect(list.items).toEqual([expect.objectContaining({ id: org.id, current: true, role: "owner" })]);
  });

  it("describes the calling token at /tokens/current", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db, "Current Co");
    const t = await seedApiToken(ctx.db, user.id, org.id, { scope: "read", name: "laptop" });
    const res = await bearer(t.secret).get("/api/v1/tokens/current");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      token: { id: t.id, name: "laptop", scope: "read", user: { id: user.id, email: user.email } },
      organization: { id: org.id, name: "Current Co" },
      role: "owner",
    });
    const bySession = await client.get("/api/v1/tokens/current");
    expect(bySession.statusCode).toBe(400);
    expect(bySession.json().code).toBe("not_a_token");
  });
});

describe("tokens made by tokens", () => {
  it("never outlive their creator and need a write token", async () => {
    const { org, user } = await orgWithOwner(app, ctx.db);
    const parent = await seedApiToken(ctx.db, user.id, org.id, {
      scope: "write",
      expiresAt: new Date(Date.now() + 10 * DAY),
    });
    const child = await bearer(parent.secret).post("/api/v1/tokens", { name: "child", scope: "write" });
    expect(child.statusCode).toBe(201);
    expect(Date.parse(child.json().expiresAt)).toBe((await rowOf(parent.id)).expiresAt!.getTime());
    const shortOne = await bearer(parent.secret).post("/api/v1/tokens", { name: "short", expiresInDays: 5 });
    expect(shortOne.statusCode).toBe(201);
    const tooLong = await bearer(parent.secret).post("/api/v1/tokens", { name: "long", expiresInDays: 30 });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().code).toBe("expiry_too_long");
    expect(tooLong.json().detail).toMatch(/at most 9 day/);
    expect((await ledgerOf(ctx.db, org.id)).at(-1)).toMatchObject({ actorType: "token", actorId: parent.id });
  });
});

describe("DELETE /api/v1/tokens/:id", () => {
  it("revokes my own tokens once, others' only as an admin, and never another organization's", async () => {
    const { org, client: owner } = await orgWithOwner(app, ctx.db);
    const cm = await member(app, ctx.db, org.id, "compliance_manager");
    const viewer = await member(app, ctx.db, org.id, "viewer");
    const cmToken = (await cm.client.post("/api/v1/tokens", { name: "cm" })).json();
    const viewerToken = (await viewer.client.post("/api/v1/tokens", { name: "viewer" })).json();
    const other = await orgWithOwner(app, ctx.db);
    const foreign = (await other.client.post("/api/v1/tokens", { name: "foreign" })).json();
    const beforeOther = await snapshotOrg(ctx.db, other.org.id);

    const notTheirs = await cm.client.delete(`/api/v1/tokens/${viewerToken.id}`);
    expect(notTheirs.statusCode).toBe(404);
    expect(notTheirs.json().detail).toBe("API token was not found.");
    expect((await owner.delete(`/api/v1/tokens/${foreign.id}`)).statusCode).toBe(404);
    expect((await owner.delete("/api/v1/tokens/xyz")).statusCode).toBe(400);
    expect(await snapshotOrg(ctx.db, other.org.id)).toEqual(beforeOther);

    expect((await cm.client.delete(`/api/v1/tokens/${cmToken.id}`)).statusCode).toBe(204);
    const n = (await ledgerOf(ctx.db, org.id)).length;
    expect((await cm.client.delete(`/api/v1/tokens/${cmToken.id}`)).statusCode).toBe(204);
    expect(await ledgerOf(ctx.db, org.id)).toHaveLength(n);
    const listed = (await cm.client.get("/api/v1/tokens")).json().items[0];
    expect(listed.revokedAt).not.toBeNull();

    expect((await owner.delete(`/api/v1/tokens/${viewerToken.id}`)).statusCode).toBe(204);
    const entry = (await ledgerOf(ctx.db, org.id)).at(-1)!;
    expect(entry).toMatchObject({ action: "token.revoked", entityId: viewerToken.id });
    expect(entry.changes).toMatchObject({ before: { revokedAt: null }, after: { name: "viewer" } });
    expect((await bearer(viewerToken.secret).get("/api/v1/organization")).statusCode).toBe(401);
  });
});
