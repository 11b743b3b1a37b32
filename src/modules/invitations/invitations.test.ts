import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { memoryMailer } from "../../../test/context.ts";
import { member, orgWithOwner, withoutCsrf } from "../../../test/people.ts";
import { ledgerOf, snapshotOrg } from "../../../test/snapshot.ts";
import { invitations } from "../../db/schema/index.ts";
import { sha256Hex } from "../../platform/tokens.ts";

const mail = memoryMailer();
let failMail = false;
const { ctx, app } = withTestApp({
  mailer: {
    send: async (m) => {
      if (failMail) throw new Error("connection refused");
      await mail.send(m);
    },
  },
});
beforeEach(() => {
  mail.sent.length = 0;
  failMail = false;
});

const secretIn = (text: string) => text.match(/\/invite\?token=([A-Za-z0-9_-]+)/)![1]!;
const lastSecretFor = (to: string) => secretIn(mail.sent.filter((m) => m.to === to).at(-1)!.text);
const rowOf = async (id: string) => (await ctx.db.select().from(invitations).where(eq(invitations.id, id)))[0]!;
const email = () => `invitee-${crypto.randomUUID().slice(0, 8)}@example.test`;

describe("POST /api/v1/invitations", () => {
  it("stores only the link's hash, mails the link and records the invitation without the secret", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db, "Mail Co");
    const res = await client.post("/api/v1/invitations", { email: "New.Person@Example.TEST", role: "auditor" });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ email: "new.person@example.test", role: "auditor", status: "pending" });
    expect(body.invitedBy).toMatchObject({ id: user.id, email: user.email });
    const days = (Date.parse(body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    expect(JSON.stringify(body)).not.toMatch(/token/i);

    expect(mail.sent).toHaveLength(1);
    const m = mail.sent[0]!;
    expect(m.to).toBe("new.person@example.test");
    expect(m.subject).toContain("Mail Co");
    expect(m.text).toContain(`${ctx.config.publicUrl}/invite?token=`);
    expect(m.text).toContain("Auditor");
    const secret = secretIn(m.text);
    const row = await rowOf(body.id);
    expect(row.tokenHash).toBe(sha256Hex(secret));

    const ledger = await ledgerOf(ctx.db, org.id);
    expect(ledger.at(-1)).toMatchObject({ action: "invitation.created", entityType: "invitation", entityId: body.id });
    expect(ledger.at(-1)!.changes.after).toMatchObject({ email: "new.person@example.test", role: "auditor" });
    expect(JSON.stringify(ledger)).not.toContain(secret);

    const list = (await client.get("/api/v1/invitations")).json();
    expect(list).toMatchObject({ total: 1, page: 1, pageSize: 25 });
    expect(list.items[0].id).toBe(body.id);
  });

  it("refuses members, duplicates and owner invitations from non-owners, writing nothing", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const admin = await member(app, ctx.db, org.id, "admin");
    const existing = await member(app, ctx.db, org.id, "viewer");
    const pendingEmail = email();
    expect((await client.post("/api/v1/invitations", { email: pendingEmail, role: "viewer" })).statusCode).toBe(201);
    mail.sent.length = 0;
    const before = await snapshotOrg(ctx.db, org.id);

    const dup = await client.post("/api/v1/invitations", { email: pendingEmail.toUpperCase(), role: "admin" });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ code: "already_invited" });
    expect(dup.json().detail).toMatch(/Resend it or revoke it/);
    const already = await client.post("/api/v1/invitations", {
      email: existing.user.email.toUpperCase(),
      role: "admin",
    });
    expect(already.statusCode).toBe(409);
    expect(already.json().code).toBe("already_member");
    const owner = await admin.client.post("/api/v1/invitations", { email: email(), role: "owner" });
    expect(owner.statusCode).toBe(403);
    expect(owner.json().detail).toMatch(/Only an owner/);

    expect(mail.sent).toHaveLength(0);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
    expect((await client.post("/api/v1/invitations", { email: email(), role: "owner" })).statusCode).toBe(201);
    expect((await admin.client.post("/api/v1/invitations", { email: email(), role: "admin" })).statusCode).toBe(201);
  });

  it("replaces an expired invitation to the same address", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const to = email();
    const first = (await client.post("/api/v1/invitations", { email: to, role: "viewer" })).json();
    await ctx.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, first.id));
    const listed = (await client.get("/api/v1/invitations")).json();
    expect(listed.items[0]).toMatchObject({ id: first.id, status: "expired" });
    const second = await client.post("/api/v1/invitations", { email: to, role: "employee" });
    expect(second.statusCode).toBe(201);
    expect((await rowOf(first.id)).revokedAt).not.toBeNull();
    const ids = (await client.get("/api/v1/invitations")).json().items.map((i: { id: string }) => i.id);
    expect(ids).toEqual([second.json().id]);
    const actions = (await ledgerOf(ctx.db, org.id)).slice(-2).map((e) => e.action);
    expect(actions).toEqual(["invitation.revoked", "invitation.created"]);
  });

  it("rejects bad input with clear errors and writes or sends nothing", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const cm = await member(app, ctx.db, org.id, "compliance_manager");
    const before = await snapshotOrg(ctx.db, org.id);
    const bodies = [
      { email: "not-an-email", role: "viewer" },
      { email: email(), role: "superuser" },
      { email: email() },
      { email: 5, role: "viewer" },
      { email: email(), role: "viewer", message: "hi" },
    ];
    for (const b of bodies) {
      const res = await client.post("/api/v1/invitations", b);
      expect(res.statusCode, JSON.stringify(b)).toBe(400);
      expect(res.json().code).toBe("validation_failed");
    }
    const invalidEmail = await client.post("/api/v1/invitations", bodies[0]);
    expect(invalidEmail.json().detail).toContain("name@example.com");
    const malformed = await client.request("POST", "/api/v1/invitations", "{", {
      headers: { "content-type": "application/json" },
    });
    expect(malformed.json().code).toBe("malformed_json");
    expect((await withoutCsrf(client).post("/api/v1/invitations", { email: email(), role: "viewer" })).statusCode).toBe(
      403,
    );
    expect((await cm.client.post("/api/v1/invitations", { email: email(), role: "viewer" })).statusCode).toBe(403);
    expect((await cm.client.get("/api/v1/invitations")).statusCode).toBe(403);
    expect(mail.sent).toHaveLength(0);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
  });

  it("says so when the email cannot be sent, keeping the invitation for a resend", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    failMail = true;
    const to = email();
    const res = await client.post("/api/v1/invitations", { email: to, role: "viewer" });
    expect(res.statusCode).toBe(502);
    expect(res.json().code).toBe("email_failed");
    expect(res.json().detail).toMatch(/was saved.*Resend/);
    const [listed] = (await client.get("/api/v1/invitations")).json().items;
    expect(listed.email).toBe(to);
    failMail = false;
    expect((await client.post(`/api/v1/invitations/${listed.id}/resend`)).statusCode).toBe(200);
    expect(mail.sent.map((m) => m.to)).toEqual([to]);
  });
});

describe("POST /api/v1/invitations/:id/resend and DELETE /api/v1/invitations/:id", () => {
  it("resend issues a new link and expiry; the old link stops working", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const to = email();
    const inv = (await client.post("/api/v1/invitations", { email: to, role: "viewer" })).json();
    const oldSecret = lastSecretFor(to);
    await ctx.db
      .update(invitations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invitations.id, inv.id));

    const res = await client.post(`/api/v1/invitations/${inv.id}/resend`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: inv.id, status: "pending" });
    expect(Date.parse(res.json().expiresAt)).toBeGreaterThan(Date.now() + 6.9 * 86_400_000);
    const newSecret = lastSecretFor(to);
    expect(newSecret).not.toBe(oldSecret);
    expect((await client.get(`/api/v1/invitations/lookup/${oldSecret}`)).json().code).toBe("invalid_invitation");
    expect((await client.get(`/api/v1/invitations/lookup/${newSecret}`)).statusCode).toBe(200);
    const last = (await ledgerOf(ctx.db, org.id)).at(-1)!;
    expect(last.action).toBe("invitation.resent");
    expect(JSON.stringify(last)).not.toContain(newSecret);
  });

  it("revoke stops the link, removes it from the list and cannot be repeated", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const to = email();
    const inv = (await client.post("/api/v1/invitations", { email: to, role: "viewer" })).json();
    const secret = lastSecretFor(to);
    const res = await client.delete(`/api/v1/invitations/${inv.id}`);
    expect(res.statusCode).toBe(204);
    expect((await client.get("/api/v1/invitations")).json().total).toBe(0);
    const lookup = await client.get(`/api/v1/invitations/lookup/${secret}`);
    expect(lookup.statusCode).toBe(400);
    expect(lookup.json().detail).toMatch(/revoked/);
    expect((await ledgerOf(ctx.db, org.id)).at(-1)!.action).toBe("invitation.revoked");
    expect((await client.delete(`/api/v1/invitations/${inv.id}`)).statusCode).toBe(404);
    expect((await client.post(`/api/v1/invitations/${inv.id}/resend`)).statusCode).toBe(404);
  });

  it("answers 404 for another organization's invitations and touches nothing", async () => {
    const a = await orgWithOwner(app, ctx.db);
    const b = await orgWithOwner(app, ctx.db);
    const inv = (await a.client.post("/api/v1/invitations", { email: email(), role: "viewer" })).json();
    mail.sent.length = 0;
    const before = await snapshotOrg(ctx.db, a.org.id);
    const resend = await b.client.post(`/api/v1/invitations/${inv.id}/resend`);
    expect(resend.statusCode).toBe(404);
    expect(resend.json().detail).toBe("Invitation was not found.");
    expect((await b.client.delete(`/api/v1/invitations/${inv.id}`)).statusCode).toBe(404);
    expect((await a.client.delete("/api/v1/invitations/123")).statusCode).toBe(400);
    expect((await withoutCsrf(a.client).delete(`/api/v1/invitations/${inv.id}`)).statusCode).toBe(403);
    expect(mail.sent).toHaveLength(0);
    expect(await snapshotOrg(ctx.db, a.org.id)).toEqual(before);
  });
});
