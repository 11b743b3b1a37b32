import { createPublicKey, verify as verifySignature } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { expireSession, member, orgWithOwner, seedApiToken, withoutCsrf } from "../../../test/people.ts";
import { snapshotOrg } from "../../../test/snapshot.ts";
import { asSuperuser } from "../../../test/superuser.ts";
import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { change } from "../../kernel/change.ts";
import { appendLedger, type LedgerEvent } from "../../ledger/append.ts";
import { parseLedgerExport, publicKeyring, verifyExport } from "../../ledger/offline.ts";
import { checkpointMessage } from "../../ledger/signature.ts";
import { checkpointNow } from "./checkpoints.ts";

const { ctx, app } = withTestApp();

type Person = Awaited<ReturnType<typeof member>>;
const actorFor = (p: Person, organizationId: string): Actor => ({
  kind: "user",
  userId: p.user.id,
  email: p.user.email,
  name: p.user.name,
  organizationId,
  role: "owner",
});
const record = (db: Db, actor: Actor, e: LedgerEvent, at?: Date) =>
  change(db, actor, async ({ tx }) => {
    const r = await appendLedger(tx, actor, e);
    // Spread entries over days for the date filters (the trigger forbids this outside tests).
    if (at) {
      await tx.execute(sql`ALTER TABLE ledger_entries DISABLE TRIGGER USER`);
      await tx.execute(sql`UPDATE ledger_entries SET at = ${at} WHERE organization_id = ${actor.organizationId}
        AND seq = ${r.seq}`);
      await tx.execute(sql`ALTER TABLE ledger_entries ENABLE TRIGGER USER`);
    }
    return r;
  });

/** An organization with an owner, an auditor and four entries on three days. */
async function activity() {
  const owner = await orgWithOwner(app, ctx.db);
  const orgId = owner.org.id;
  const auditor = await member(app, ctx.db, orgId, "auditor", `ann.${orgId.slice(-6)}@audit-firm.test`);
  const o = actorFor(owner, orgId);
  const a = actorFor(auditor, orgId);
  await record(ctx.db, o, { action: "widget.created", entityType: "widget", entityId: "w1", after: { n: 1 } });
  await record(ctx.db, o, {
    action: "widget.updated",
    entityType: "widget",
    entityId: "w1",
    before: { n: 1 },
    after: { n: '=HYPERLINK("x")' },
  });
  await record(ctx.db, a, { action: "evidence.viewed", entityType: "evidence", entityId: "e1" });
  await record(ctx.db, o, { action: "widget.deleted", entityType: "widget", entityId: "w1", before: { n: 2 } });
  return { owner, auditor, orgId };
}

describe("GET /api/v1/ledger", () => {
  it("lists the organization's entries newest first with parsed changes, filters and pages", async () => {
    const { owner, auditor } = await activity();
    const other = await orgWithOwner(app, ctx.db);
    await record(ctx.db, actorFor(other, other.org.id), { action: "widget.created", entityType: "widget" });

    const all = (await owner.client.get("/api/v1/ledger")).json();
    expect(all).toMatchObject({ total: 4, page: 1, pageSize: 25 });
    expect(all.items.map((i: { seq: number }) => i.seq)).toEqual([4, 3, 2, 1]);
    expect(all.items[2]).toMatchObject({
      seq: 2,
      actorType: "user",
      actorId: owner.user.id,
      actorLabel: owner.user.email,
      action: "widget.updated",
      entityType: "widget",
      entityId: "w1",
      changes: { before: { n: 1 }, after: { n: '=HYPERLINK("x")' } },
    });
    expect(all.items[2].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(all)).not.toContain(other.user.email);

    const q = async (query: string) =>
      (await owner.client.get(`/api/v1/ledger?${query}`)).json().items.map((i: { seq: number }) => i.seq);
    expect(await q("actor=AUDIT-FIRM")).toEqual([3]);
    expect(await q(`actor=${auditor.user.id}`)).toEqual([3]);
    expect(await q("actor=%25")).toEqual([]);
    expect(await q("action=widget.updated")).toEqual([2]);
    expect(await q("entityType=widget&entityId=w1")).toEqual([4, 2, 1]);
    const page2 = (await owner.client.get("/api/v1/ledger?pageSize=3&page=2")).json();
    expect(page2).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(page2.items.map((i: { seq: number }) => i.seq)).toEqual([1]);
  });

  it("filters by day (inclusive) and by exact time", async () => {
    const owner = await orgWithOwner(app, ctx.db);
    const o = actorFor(owner, owner.org.id);
    for (const day of ["2025-03-01T10:00:00Z", "2025-03-02T23:59:59.999Z", "2025-03-03T00:00:00Z"])
      await record(ctx.db, o, { action: "a", entityType: "t" }, new Date(day));
    const seqs = async (query: string) => {
      const res = await owner.client.get(`/api/v1/ledger?${query}`);
      expect(res.statusCode, `${query}: ${res.body}`).toBe(200);
      return res.json().items.map((i: { seq: number }) => i.seq);
    };
    expect(await seqs("from=2025-03-02&to=2025-03-02")).toEqual([2]);
    expect(await seqs("from=2025-03-02")).toEqual([3, 2]);
    expect(await seqs("to=2025-03-01")).toEqual([1]);
    expect(await seqs("from=2025-03-01T10:00:00Z&to=2025-03-01T10:00:00Z")).toEqual([1]);
    expect(await seqs("to=2025-03-02T12:00:00%2B02:00")).toEqual([1]);
  });

  it("is closed to roles without ledger.read and rejects bad queries with nothing written", async () => {
    const { owner, auditor, orgId } = await activity();
    expect((await auditor.client.get("/api/v1/ledger")).statusCode).toBe(200);
    for (const role of ["employee", "viewer", "control_owner"] as const) {
      const res = await (await member(app, ctx.db, orgId, role)).client.get("/api/v1/ledger");
      expect(res.statusCode, role).toBe(403);
      expect(res.json().code).toBe("forbidden");
    }
    const before = await snapshotOrg(ctx.db, orgId);
    for (const query of [
      "pageSize=101",
      "page=0",
      "from=yesterday",
      "to=2025-13-01",
      "from=0000-01-01",
      "sort=seq",
      "actor=",
    ]) {
      const res = await owner.client.get(`/api/v1/ledger?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.headers["content-type"]).toContain("application/problem+json");
      expect(res.json().code).toBe("validation_failed");
    }
    const swapped = await owner.client.get("/api/v1/ledger?from=2025-02-01&to=2025-01-01");
    expect(swapped.statusCode).toBe(400);
    expect(swapped.json()).toMatchObject({ code: "invalid_range" });
    expect(swapped.json().detail).toMatch(/swap/);
    expect(await snapshotOrg(ctx.db, orgId)).toEqual(before);
    await expireSession(ctx.db, owner.client);
    expect((await owner.client.get("/api/v1/ledger")).statusCode).toBe(401);
  });
});

describe("GET /api/v1/ledger/facets", () => {
  it("offers the distinct actions, entity types and actors of this organization only", async () => {
    const { owner, auditor } = await activity();
    const f = (await owner.client.get("/api/v1/ledger/facets")).json();
    expect(f.actions).toEqual(["evidence.viewed", "widget.created", "widget.deleted", "widget.updated"]);
    expect(f.entityTypes).toEqual(["evidence", "widget"]);
    expect(f.actors).toHaveLength(2);
    expect(f.actors).toEqual(
      expect.arrayContaining([
        { actorType: "user", actorId: owner.user.id, actorLabel: owner.user.email },
        { actorType: "user", actorId: auditor.user.id, actorLabel: auditor.user.email },
      ]),
    );
  });
});

describe("GET /api/v1/ledger/export.csv", () => {
  it("streams an attachment with escaped cells and formulas defused, honouring the filters", async () => {
    const { owner, orgId } = await activity();
    const res = await owner.client.get("/api/v1/ledger/export.csv?entityType=widget");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="assay-activity-.+\.csv"$/);
    const lines = res.body.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "seq,at,actor_type,actor_id,actor_label,action,entity_type,entity_id,changes,request_id,prev_hash,hash,organization_id,id,key_id,signature,description",
    );
    // The entry in words comes last, after the fields verification reads.
    expect(lines[1]!.endsWith(`,${owner.user.name} recorded widget: deleted on the widget`)).toBe(true);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["4", "2", "1"]);
    // JSON with commas and quotes is quoted, inner quotes doubled.
    expect(lines[2]).toContain('"{""after"":{""n"":""=HYPERLINK(\\""x\\"")""},""before"":{""n"":1}}"');

    // A label that a spreadsheet would evaluate is prefixed with a quote.
    await record(
      ctx.db,
      { kind: "system", organizationId: orgId, label: "=1+2" },
      { action: "@SUM(A1)", entityType: "-x", entityId: "+y" },
    );
    const body = (await owner.client.get("/api/v1/ledger/export.csv?actor=%3D1")).body;
    const row = body.trimEnd().split("\r\n")[1]!.split(",");
    expect(row.slice(2, 8)).toEqual(["system", "", "'=1+2", "'@SUM(A1)", "'-x", "'+y"]);
  });

  it("exports more entries than one page and only this organization's", async () => {
    const owner = await orgWithOwner(app, ctx.db);
    const o = actorFor(owner, owner.org.id);
    await change(ctx.db, o, async ({ tx }) => {
      for (let i = 0; i < 1205; i++) await appendLedger(tx, o, { action: "bulk.step", entityType: "bulk" });
    });
    const other = await orgWithOwner(app, ctx.db);
    const res = await other.client.get("/api/v1/ledger/export.csv");
    expect(res.body.trimEnd().split("\r\n")).toHaveLength(1);
    const lines = (await owner.client.get("/api/v1/ledger/export.csv")).body.trimEnd().split("\r\n");
    expect(lines).toHaveLength(1206);
    expect(lines[1]!.startsWith("1205,")).toBe(true);
    expect(lines[1205]!.startsWith("1,")).toBe(true);
    const bad = await owner.client.get("/api/v1/ledger/export.csv?page=2");
    expect(bad.statusCode).toBe(400);
  });
});

describe("POST /api/v1/ledger/verify", () => {
  it("reports an intact chain, then the first bad entry after tampering, and writes nothing", async () => {
    const { owner, auditor, orgId } = await activity();
    await checkpointNow(ctx.db, ctx.keys, orgId);
    const ok = await owner.client.post("/api/v1/ledger/verify");
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ ok: true, entries: 4, checkpoints: 1, headSeq: 4 });
    expect(Date.parse(ok.json().verifiedAt)).toBeGreaterThan(0);

    const before = await snapshotOrg(ctx.db, orgId);
    await asSuperuser(
      ctx.db,
      sql`UPDATE ledger_entries SET actor_label = 'nobody' WHERE organization_id = ${orgId} AND seq = 3`,
    );
    const bad = (await auditor.client.post("/api/v1/ledger/verify")).json();
    expect(bad).toMatchObject({ ok: false, firstProblem: { seq: 3, kind: "edited" } });
    expect(bad.firstProblem.detail).toContain("entry 3");
    const after = await snapshotOrg(ctx.db, orgId);
    expect(after.ledger).toHaveLength(before.ledger.length);
  });

  it("is allowed to read-only API tokens, refused without CSRF, to other roles and with unknown fields", async () => {
    const { owner, orgId } = await activity();
    const token = await seedApiToken(ctx.db, owner.user.id, orgId, { scope: "read" });
    const bearer = new TestClient(app);
    bearer.bearer = token.secret;
    expect((await bearer.post("/api/v1/ledger/verify")).json()).toMatchObject({ ok: true, entries: 4 });

    const noCsrf = await withoutCsrf(owner.client).post("/api/v1/ledger/verify");
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe("csrf_failed");
    const viewer = await member(app, ctx.db, orgId, "viewer");
    expect((await viewer.client.post("/api/v1/ledger/verify")).statusCode).toBe(403);
    const unknown = await owner.client.post("/api/v1/ledger/verify", { deep: true });
    expect(unknown.statusCode).toBe(400);
    const malformed = await owner.client.request("POST", "/api/v1/ledger/verify", "{not json", {
      headers: { "content-type": "application/json" },
    });
    expect(malformed.statusCode).toBe(400);
  });
});

describe("GET /api/v1/ledger/public-key", () => {
  it("returns the installation's key, which verifies the stored checkpoints", async () => {
    const { owner, orgId } = await activity();
    const cp = (await checkpointNow(ctx.db, ctx.keys, orgId))!;
    const res = (await owner.client.get("/api/v1/ledger/public-key")).json();
    expect(res).toEqual({ keyId: ctx.keys.keyId, algorithm: "Ed25519", publicKeyPem: ctx.keys.publicKeyPem });
    const key = createPublicKey(res.publicKeyPem);
    const message = Buffer.from(checkpointMessage(orgId, cp.seq, cp.hash));
    expect(verifySignature(null, message, key, Buffer.from(cp.signature, "base64"))).toBe(true);
    const employee = await member(app, ctx.db, orgId, "employee");
    expect((await employee.client.get("/api/v1/ledger/public-key")).statusCode).toBe(403);
  });

  it("exports the whole chain as JSON Lines that verifies with the listed public keys alone", async () => {
    const { owner, orgId } = await activity();
    const res = await owner.client.get("/api/v1/ledger/export.jsonl");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/jsonl; charset=utf-8");
    expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="assay-ledger-.+\.jsonl"$/);
    const rows = parseLedgerExport(res.body, "export.jsonl");
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.every((r) => r.organizationId === orgId && r.signature)).toBe(true);
    const listed = (await owner.client.get("/api/v1/ledger/public-keys")).json();
    expect(listed).toMatchObject({ algorithm: "Ed25519", currentKeyId: ctx.keys.keyId });
    expect(listed.keys).toEqual([{ keyId: ctx.keys.keyId, current: true, publicKeyPem: ctx.keys.publicKeyPem }]);
    const publicKeys = publicKeyring(listed.keys.map((k: { publicKeyPem: string }) => k.publicKeyPem));
    expect(verifyExport(rows, { publicKeys })).toEqual([
      { organizationId: orgId, result: expect.objectContaining({ ok: true, entries: rows.length }) },
    ]);
    expect((await owner.client.get("/api/v1/ledger/export.jsonl?from=2026-01-01")).statusCode).toBe(400);
  });
});
