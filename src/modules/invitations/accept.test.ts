import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { orgWithOwner, seedInvitation } from "../../../test/people.ts";
import { seedOrg, seedUser, TEST_PASSWORD } from "../../../test/seed.ts";
import { linkIn, startSmtpCatcher } from "../../../test/smtp.ts";
import { ledgerOf, snapshotOrg } from "../../../test/snapshot.ts";
import { invitations, memberships, sessions, users } from "../../db/schema/index.ts";
import { createMailer } from "../../platform/mailer.ts";
import { verifyPassword } from "../../platform/passwords.ts";
import { sha256Hex } from "../../platform/tokens.ts";
import { buildApp } from "../../server/app.ts";

let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
});
afterAll(async () => {
  await smtp.close();
});
const { ctx, app } = withTestApp(() => ({
  config: { SMTP_URL: smtp.url, ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 1000 },
  mailer: (c) => createMailer(c.config, c.log),
}));

const NEW_PASSWORD = "plum orbit lantern 93 quietly";
const email = () => `joiner-${crypto.randomUUID().slice(0, 8)}@example.test`;
const userCount = async () => (await ctx.db.select({ n: count() }).from(users))[0]!.n;

describe("invitation by real SMTP, accepted with a new account", () => {
  it("delivers the link, looks it up, creates the account, signs in and refuses reuse", async () => {
    const { org, client: owner } = await orgWithOwner(app, ctx.db, "Smtp Org");
    const to = email();
    expect((await owner.post("/api/v1/invitations", { email: to, role: "control_owner" })).statusCode).toBe(201);
    const message = await smtp.waitFor(to);
    expect(message.raw).toContain("Smtp Org");
    const link = linkIn(message.raw, "/invite");
    expect(link.startsWith(`${ctx.config.publicUrl}/invite?token=`)).toBe(true);
    const secret = new URL(link).searchParams.get("token")!;

    const guest = new TestClient(app);
    const lookup = await guest.get(`/api/v1/invitations/lookup/${secret}`);
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json()).toMatchObject({
      organizationName: "Smtp Org",
      email: to,
      role: "control_owner",
      accountExists: false,
    });

    const accepted = await guest.post("/api/v1/invitations/accept", {
      token: secret,
      name: "Jo Joiner",
      password: NEW_PASSWORD,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ status: "signed_in", organizationId: org.id });
    const cookie = accepted.cookies.find((c) => c.name === "assay_session")!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe("Lax");

    // The new session works: the person sees their organization.
    const me = await guest.get("/api/v1/organization");
    expect(me.statusCode).toBe(200);
    expect(me.json().id).toBe(org.id);
    const [user] = await ctx.db.select().from(users).where(eq(users.email, to));
    expect(user!.name).toBe("Jo Joiner");
    expect(user!.passwordHash.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(user!.passwordHash, NEW_PASSWORD)).toBe(true);
    const members = (await owner.get(`/api/v1/members?q=${encodeURIComponent(to)}`)).json();
    expect(members.items[0]).toMatchObject({ userId: user!.id, role: "control_owner" });

    const ledger = await ledgerOf(ctx.db, org.id);
    expect(ledger.slice(-2).map((e) => [e.action, e.actorId])).toEqual([
      ["invitation.accepted", user!.id],
      ["member.added", user!.id],
    ]);
    expect(JSON.stringify(ledger)).not.toContain(secret);
    expect(JSON.stringify(ledger)).not.toContain(NEW_PASSWORD);

    const again = await new TestClient(app).post("/api/v1/invitations/accept", {
      token: secret,
      name: "Mallory",
      password: NEW_PASSWORD,
    });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: "invalid_invitation" });
    expect(again.json().detail).toMatch(/already been used/);
    expect((await guest.get(`/api/v1/invitations/lookup/${secret}`)).statusCode).toBe(400);
  });

  it("asks for account details and a strong password, creating nothing until they are right", async () => {
    const org = await seedOrg(ctx.db);
    const to = email();
    const { secret } = await seedInvitation(ctx.db, org.id, { email: to });
    const before = await snapshotOrg(ctx.db, org.id);
    const users0 = await userCount();
    const guest = new TestClient(app);

    const missing = await guest.post("/api/v1/invitations/accept", { token: secret });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe("account_details_required");
    const weak = await guest.post("/api/v1/invitations/accept", { token: secret, name: "Jo", password: "password123" });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe("weak_password");
    const ownEmail = await guest.post("/api/v1/invitations/accept", { token: secret, name: "Jo", password: `${to}1` });
    expect(ownEmail.json().code).toBe("weak_password");
    for (const body of [
      { token: secret, name: "Jo", password: NEW_PASSWORD, role: "owner" },
      { token: 123 },
      { token: secret, name: "", password: NEW_PASSWORD },
      { token: secret, name: "Jo", password: "x".repeat(257) },
      {},
    ]) {
      const res = await guest.post("/api/v1/invitations/accept", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe("validation_failed");
    }
    const malformed = await guest.request("POST", "/api/v1/invitations/accept", "{tok", {
      headers: { "content-type": "application/json" },
    });
    expect(malformed.json().code).toBe("malformed_json");
    expect(guest.cookie).toBeNull();
    expect(await userCount()).toBe(users0);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
  });

  it("explains expired, revoked and unknown links", async () => {
    const org = await seedOrg(ctx.db, "Expiry Org");
    const expired = await seedInvitation(ctx.db, org.id, { expiresAt: new Date(Date.now() - 60_000) });
    const revoked = await seedInvitation(ctx.db, org.id);
    await ctx.db.update(invitations).set({ revokedAt: new Date() }).where(eq(invitations.id, revoked.id));
    const guest = new TestClient(app);
    const cases: [string, RegExp][] = [
      [expired.secret, /expired on .*Ask an administrator of Expiry Org to send it again/],
      [revoked.secret, /revoked/],
      ["not-a-real-token", /not valid/],
    ];
    for (const [token, detail] of cases) {
      const lookup = await guest.get(`/api/v1/invitations/lookup/${token}`);
      expect(lookup.statusCode).toBe(400);
      expect(lookup.json().code).toBe("invalid_invitation");
      expect(lookup.json().detail).toMatch(detail);
      const accept = await guest.post("/api/v1/invitations/accept", { token, name: "X Y", password: NEW_PASSWORD });
      expect(accept.statusCode).toBe(400);
      expect(accept.json().detail).toMatch(detail);
    }
  });

  it("lets one of two simultaneous accepts win", async () => {
    const org = await seedOrg(ctx.db);
    const to = email();
    const { secret } = await seedInvitation(ctx.db, org.id, { email: to });
    const tries = await Promise.all(
      [1, 2].map(() =>
        new TestClient(app).post("/api/v1/invitations/accept", { token: secret, name: "Twin", password: NEW_PASSWORD }),
      ),
    );
    expect(tries.map((r) => r.statusCode).sort()).toEqual([200, expect.any(Number)]);
    expect([400, 409]).toContain(tries.map((r) => r.statusCode).sort()[1]);
    const rows = await ctx.db.select().from(users).where(sql`lower(${users.email}) = ${to}`);
    expect(rows).toHaveLength(1);
  });
});

describe("invitation for an existing account", () => {
  it("requires that person to be signed in, with the CSRF token, then adds the membership and switches to it", async () => {
    const home = await seedOrg(ctx.db, "Home Org");
    const target = await seedOrg(ctx.db, "Client Org");
    const person = await seedUser(ctx.db, home.id, "owner");
    const { secret, id } = await seedInvitation(ctx.db, target.id, {
      email: person.email.toUpperCase(),
      role: "auditor",
    });

    const anon = new TestClient(app);
    expect((await anon.get(`/api/v1/invitations/lookup/${secret}`)).json().accountExists).toBe(true);
    const notSignedIn = await anon.post("/api/v1/invitations/accept", {
      token: secret,
      name: "Hijack",
      password: NEW_PASSWORD,
    });
    expect(notSignedIn.statusCode).toBe(409);
    expect(notSignedIn.json().code).toBe("sign_in_required");
    expect(notSignedIn.json().detail).toMatch(/already exists\. Sign in with it/);
    const [unchanged] = await ctx.db.select().from(users).where(eq(users.id, person.id));
    expect(await verifyPassword(unchanged!.passwordHash, TEST_PASSWORD)).toBe(true);

    const someoneElse = await new TestClient(app).actAs(
      ctx.db,
      (await seedUser(ctx.db, home.id, "viewer")).id,
      home.id,
    );
    const wrong = await someoneElse.post("/api/v1/invitations/accept", { token: secret });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().detail).toMatch(/but you are signed in as/);

    const self = await new TestClient(app).actAs(ctx.db, person.id, home.id);
    const noCsrf = new TestClient(app);
    noCsrf.cookie = self.cookie;
    const csrf = await noCsrf.post("/api/v1/invitations/accept", { token: secret });
    expect(csrf.statusCode).toBe(403);
    expect(csrf.json().code).toBe("csrf_failed");
    expect((await ctx.db.select().from(invitations).where(eq(invitations.id, id)))[0]!.acceptedAt).toBeNull();

    const ok = await self.post("/api/v1/invitations/accept", { token: secret });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ status: "signed_in", organizationId: target.id });
    expect((await self.get("/api/v1/organization")).json().name).toBe("Client Org");
    const [session] = await ctx.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, sha256Hex(self.cookie!)));
    expect(session!.organizationId).toBe(target.id);
    const mine = await ctx.db.select().from(memberships).where(eq(memberships.userId, person.id));
    expect(mine.map((m) => [m.organizationId, m.role]).sort()).toEqual(
      [
        [home.id, "owner"],
        [target.id, "auditor"],
      ].sort(),
    );
    expect((await ledgerOf(ctx.db, target.id)).map((e) => e.action)).toEqual(["invitation.accepted", "member.added"]);
  });
});

describe("invitation for someone who is already a member", () => {
  it("answers 409 already_member and leaves the invitation unused", async () => {
    const org = await seedOrg(ctx.db);
    const person = await seedUser(ctx.db, org.id, "viewer");
    const { secret, id } = await seedInvitation(ctx.db, org.id, { email: person.email, role: "admin" });
    const self = await new TestClient(app).actAs(ctx.db, person.id, org.id);
    const before = await snapshotOrg(ctx.db, org.id);
    const res = await self.post("/api/v1/invitations/accept", { token: secret });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("already_member");
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
    expect((await ctx.db.select().from(invitations).where(eq(invitations.id, id)))[0]!.acceptedAt).toBeNull();
  });
});

describe("rate limiting", () => {
  it("limits invitation lookups and accepts per client", async () => {
    const limited = await buildApp(
      { ...ctx, config: { ...ctx.config, ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 2 } },
      {
        logger: false,
      },
    );
    const c = new TestClient(limited);
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) codes.push((await c.get("/api/v1/invitations/lookup/nope")).statusCode);
    expect(codes).toEqual([400, 400, 429]);
    const res = await c.get("/api/v1/invitations/lookup/nope");
    expect(res.json().code).toBe("rate_limited");
    await limited.close();
  });
});
