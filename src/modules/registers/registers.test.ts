import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { seedProgram } from "../programs/testing.ts";
import { seedFinding } from "../vulnerabilities/testing.ts";

const { ctx, app } = withTestApp();

describe(`register control links on ${dbKind}`, () => {
  it("links a record to controls by key, refuses keys no program has, and records the change once", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const program = await seedProgram(ctx.db, org.id, user.id);
    const finding = await seedFinding(ctx.db, org.id);
    const url = `/api/v1/vulnerabilities/${finding.id}/controls`;
    expect((await client.get(url)).json()).toEqual({ items: [] });

    const linked = await client.put(url, { keys: ["OPS-07", "OPS-06", "OPS-07"] });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().items).toEqual([
      expect.objectContaining({ key: "OPS-06", programId: program.id, name: expect.any(String) }),
      expect.objectContaining({ key: "OPS-07", programId: program.id }),
    ]);
    // The same set again changes nothing and records nothing.
    await client.put(url, { keys: ["OPS-06", "OPS-07"] });
    const unknown = await client.put(url, { keys: ["OPS-06", "NOPE-99"] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: "unknown_control" });
    expect(unknown.json().detail).toContain("NOPE-99");
    expect((await client.get(url)).json().items.map((c: { key: string }) => c.key)).toEqual(["OPS-06", "OPS-07"]);

    const entries = (await ledgerOf(ctx.db, org.id)).filter((e) => e.action === "registers.controls_linked");
    expect(entries).toHaveLength(1);
    expect(entries[0]!.changes).toMatchObject({ after: { register: "vulnerability", controls: ["OPS-06", "OPS-07"] } });

    const linkable = (await client.get("/api/v1/linkable-controls")).json().items;
    expect(linkable.length).toBeGreaterThan(100);
    expect(linkable.find((c: { key: string }) => c.key === "RSK-03")).toMatchObject({ programId: program.id });
  });

  it("does not link another organization's record, nor to another organization's controls", async () => {
    const a = await orgWithOwner(app, ctx.db);
    const b = await orgWithOwner(app, ctx.db);
    await seedProgram(ctx.db, a.org.id, a.user.id);
    const theirs = await seedFinding(ctx.db, a.org.id);
    const res = await b.client.put(`/api/v1/vulnerabilities/${theirs.id}/controls`, { keys: [] });
    expect(res.statusCode).toBe(404);
    // B has no program: A's control keys are unknown to it.
    const own = await seedFinding(ctx.db, b.org.id);
    const keys = await b.client.put(`/api/v1/vulnerabilities/${own.id}/controls`, { keys: ["OPS-06"] });
    expect(keys.statusCode).toBe(400);
    const bad = await b.client.put(`/api/v1/vulnerabilities/${own.id}/controls`, { keys: ["OPS-06\u0000"] });
    expect(bad.statusCode).toBe(400);
  });
});

describe(`saved views on ${dbKind}`, () => {
  it("saves a person's views, replaces one by name, shares one, and hides private views from others", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const manager = await member(app, ctx.db, org.id, "control_owner");
    const save = (c: typeof client, body: object) => c.post("/api/v1/saved-views", { scope: "risks", ...body });

    const mine = await save(client, { name: "High open", query: { level: "high", status: "open", page: "3" } });
    expect(mine.statusCode, mine.body).toBe(200);
    // The page is where the list was, not what it shows: never saved.
    expect(mine.json()).toMatchObject({ name: "High open", query: { level: "high", status: "open" }, mine: true });
    const again = await save(client, { name: "High open", query: { level: "critical" } });
    expect(again.json().id).toBe(mine.json().id);
    expect(again.json().query).toEqual({ level: "critical" });
    await save(client, { name: "Fraud (team)", query: { type: "fraud" }, shared: true });

    const theirs = (await manager.client.get("/api/v1/saved-views?scope=risks")).json().items;
    expect(theirs.map((v: { name: string }) => v.name)).toEqual(["Fraud (team)"]);
    expect(theirs[0]).toMatchObject({ shared: true, mine: false, canDelete: false });
    // A control owner saves their own but may not share, nor remove the shared view.
    expect((await save(manager.client, { name: "Mine", query: {} })).statusCode).toBe(200);
    const share = await save(manager.client, { name: "Ours", query: {}, shared: true });
    expect(share.statusCode).toBe(403);
    expect((await manager.client.delete(`/api/v1/saved-views/${theirs[0].id}`)).statusCode).toBe(403);
    // Someone else's private view is not there for them.
    expect((await manager.client.delete(`/api/v1/saved-views/${mine.json().id}`)).statusCode).toBe(404);
    expect((await client.get("/api/v1/saved-views?scope=vendors")).json().items).toEqual([]);
    expect((await client.delete(`/api/v1/saved-views/${mine.json().id}`)).statusCode).toBe(204);
    const left = (await client.get("/api/v1/saved-views?scope=risks")).json().items;
    expect(left.map((v: { name: string }) => v.name)).toEqual(["Fraud (team)"]);
  });

  it("refuses bad input clearly", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const post = (body: object) => client.post("/api/v1/saved-views", body);
    expect((await post({ scope: "Risks!", name: "x", query: {} })).statusCode).toBe(400);
    expect((await post({ scope: "risks", name: "  ", query: {} })).statusCode).toBe(400);
    expect((await post({ scope: "risks", name: "x", query: { "bad key": "1" } })).statusCode).toBe(400);
    expect((await post({ scope: "risks", name: "x", query: { q: 5 } })).statusCode).toBe(400);
    expect((await post({ scope: "risks", name: "a\u0000b", query: {} })).statusCode).toBe(400);
    expect((await client.get("/api/v1/saved-views")).statusCode).toBe(400);
  });

  it("keeps one view per name when the same view is saved twice at once", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const body = { scope: "vendors", name: "Critical", query: { criticality: "critical" } };
    const results = await Promise.all([1, 2, 3, 4].map(() => client.post("/api/v1/saved-views", body)));
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect((await client.get("/api/v1/saved-views?scope=vendors")).json().items).toHaveLength(1);
  });
});
