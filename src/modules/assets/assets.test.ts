import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { systemActor } from "../../core/actor.ts";
import { assets, resources } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { collectControlChecks } from "../../kernel/routines.ts";
import { syncFinished } from "../monitoring/events.ts";
import { seedConnection, seedResource } from "../monitoring/testing.ts";
import { seedProgram } from "../programs/testing.ts";
import { seedAsset } from "./testing.ts";

const { ctx, app } = withTestApp();

describe(`asset inventory on ${dbKind}`, () => {
  it("adds, filters, changes and removes assets; a name is unique per kind, without case", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const made = await client.post("/api/v1/assets", {
      name: "Billing API",
      kind: "system",
      ownerUserId: user.id,
      classification: "confidential",
      environment: "production",
      inScope: true,
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ name: "Billing API", source: "manual", ownerName: expect.any(String) });
    const again = await client.post("/api/v1/assets", { name: "billing api", kind: "system" });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "asset_name_taken" });
    expect(again.json().detail).toContain("already a system named “billing api”");
    // Another kind may share the name.
    expect((await client.post("/api/v1/assets", { name: "Billing API", kind: "data_store" })).statusCode).toBe(201);

    expect((await client.get("/api/v1/assets?kind=system")).json().total).toBe(1);
    expect((await client.get("/api/v1/assets?inScope=true")).json().total).toBe(1);
    expect((await client.get("/api/v1/assets?classification=none")).json().total).toBe(1);
    expect((await client.get("/api/v1/assets?owner=none")).json().items[0].kind).toBe("data_store");
    expect((await client.get("/api/v1/assets?q=billing&source=manual")).json().total).toBe(2);
    expect((await client.get("/api/v1/assets?source=connection")).json().total).toBe(0);

    const id = made.json().id;
    const changed = await client.patch(`/api/v1/assets/${id}`, {
      classification: "restricted",
      description: "Invoices",
    });
    expect(changed.json()).toMatchObject({ classification: "restricted", description: "Invoices" });
    const renamed = await client.patch(`/api/v1/assets/${id}`, { kind: "data_store" });
    expect(renamed.statusCode).toBe(409);

    expect((await client.delete(`/api/v1/assets/${id}`)).statusCode).toBe(204);
    expect((await client.get(`/api/v1/assets/${id}`)).statusCode).toBe(404);
    const actions = (await ledgerOf(ctx.db, org.id)).map((e) => e.action).filter((a) => a.startsWith("assets."));
    expect(actions).toEqual(["assets.created", "assets.created", "assets.updated", "assets.deleted"]);
  });

  it("refuses bad input and another organization's ids, writing nothing", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const other = await orgWithOwner(app, ctx.db);
    const theirs = await seedAsset(ctx.db, other.org.id);
    const bad = [
      { name: "", kind: "system" },
      { name: "x", kind: "server" },
      { name: "x\u0000y", kind: "system" },
      { name: "x", kind: "system", inScope: "yes" },
      { name: "x", kind: "system", extra: 1 },
    ];
    for (const body of bad)
      expect((await client.post("/api/v1/assets", body)).statusCode, JSON.stringify(body)).toBe(400);
    const stranger = await client.post("/api/v1/assets", { name: "x", kind: "system", ownerUserId: other.user.id });
    expect(stranger.json()).toMatchObject({ code: "not_a_member" });
    expect((await client.get(`/api/v1/assets/${theirs.id}`)).statusCode).toBe(404);
    expect((await client.patch(`/api/v1/assets/${theirs.id}`, { inScope: true })).statusCode).toBe(404);
    expect((await client.delete(`/api/v1/assets/${theirs.id}`)).statusCode).toBe(404);
    expect(await ctx.db.select().from(assets).where(eq(assets.organizationId, org.id))).toHaveLength(0);
    // Auditors read, and cannot write.
    const auditor = await member(app, ctx.db, org.id, "auditor");
    expect((await auditor.client.get("/api/v1/assets")).statusCode).toBe(200);
    expect((await auditor.client.post("/api/v1/assets", { name: "y", kind: "system" })).statusCode).toBe(403);
  });

  it("imports a CSV all or nothing, updates what was entered by hand, and exports what the filters select", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const email = user.email;
    const good = [
      "Name,Type,Owner,Classification,Environment,In scope,External ID",
      `Main database,database,${email},Restricted,prod,yes,db-1`,
      `Laptop 7,laptop,,internal,corporate,no,`,
      `GitHub,SaaS,${email},,,yes,`,
    ].join("\n");
    const preview = await client.post("/api/v1/assets/import/preview", { csv: good });
    expect(preview.json()).toMatchObject({
      counts: { total: 3, valid: 3, invalid: 0 },
      summary: { create: 3, update: 0 },
    });
    expect(await ctx.db.select().from(assets).where(eq(assets.organizationId, org.id))).toHaveLength(0);
    const imported = await client.post("/api/v1/assets/import", { csv: good });
    expect(imported.statusCode, imported.body).toBe(200);
    const list = (await client.get("/api/v1/assets")).json();
    expect(list.items.map((a: { name: string; kind: string }) => `${a.kind}:${a.name}`)).toEqual([
      "saas_application:GitHub",
      "endpoint:Laptop 7",
      "data_store:Main database",
    ]);
    expect(list.items[2]).toMatchObject({
      classification: "restricted",
      environment: "production",
      inScope: true,
      externalId: "db-1",
    });
    // The same file again updates (nothing new).
    expect((await client.post("/api/v1/assets/import/preview", { csv: good })).json().summary).toEqual({
      create: 0,
      update: 3,
    });

    const bad = [
      "name,kind,owner",
      "Web,system,",
      "web,system,", // the same asset twice
      "Queue,router,", // not a kind
      "Cache,system,nobody@example.test", // not a member
    ].join("\n");
    const refused = await client.post("/api/v1/assets/import", { csv: bad });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe("import_invalid");
    const errors = refused.json().preview.errors.map((e: { message: string }) => e.message);
    expect(errors).toEqual([
      expect.stringMatching(/^Line 3, name: “web” \(system\) is also on line 2/),
      expect.stringMatching(/^Line 4, kind: 'router' is not one of/),
      expect.stringMatching(/^Line 5, owner: nobody@example.test is not a member/),
    ]);
    expect(await ctx.db.select().from(assets).where(eq(assets.organizationId, org.id))).toHaveLength(3);

    const csv = await client.get("/api/v1/assets/export.csv?inScope=true");
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body.trim().split("\r\n");
    expect(lines[0]).toBe(
      "name,kind,description,owner,classification,environment,in scope,external id,source,last seen,no longer seen since",
    );
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain("Main database,data_store,");
    // The export imports again as it is.
    expect((await client.post("/api/v1/assets/import/preview", { csv: csv.body })).json().counts.invalid).toBe(0);
  });

  it("promotes connector resources, and each sync moves when they were last seen", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const aws = await seedConnection(ctx.db, org.id, user.id, { type: "aws", name: "AWS prod", config: {} });
    const bucket = await seedResource(ctx.db, org.id, aws.id, {
      type: "bucket",
      name: "invoices",
      externalId: "arn:s3:::invoices",
    });
    const db = await seedResource(ctx.db, org.id, aws.id, { type: "db_instance", name: "main-db", externalId: "db-1" });
    await seedResource(ctx.db, org.id, aws.id, { type: "user", name: "alice", externalId: "alice" });
    const agent = await seedConnection(ctx.db, org.id, user.id, { type: "linux_agent", name: "Agents", config: {} });
    const laptop = await seedResource(ctx.db, org.id, agent.id, {
      type: "device",
      name: "ada-laptop",
      externalId: "dev-1",
    });
    const other = await orgWithOwner(app, ctx.db);
    const foreignConn = await seedConnection(ctx.db, other.org.id, other.user.id, { type: "aws", config: {} });
    const foreign = await seedResource(ctx.db, other.org.id, foreignConn.id, { type: "bucket", name: "theirs" });

    const found = (await client.post("/api/v1/assets/discover", {})).json();
    expect(found.total).toBe(3);
    const awsGroup = found.connections.find((g: { connectionName: string }) => g.connectionName === "AWS prod");
    expect(awsGroup.candidates.map((c: { name: string; kind: string }) => `${c.kind}:${c.name}`)).toEqual([
      "data_store:invoices",
      "data_store:main-db",
    ]);

    expect((await client.post("/api/v1/assets/from-resources", { resourceIds: [foreign.id] })).json().code).toBe(
      "unknown_resource",
    );
    const promoted = await client.post("/api/v1/assets/from-resources", {
      resourceIds: [bucket.id, db.id, laptop.id],
      inScope: true,
      environment: "production",
    });
    expect(promoted.statusCode, promoted.body).toBe(201);
    expect(promoted.json().created).toBe(3);
    const asset = promoted.json().items.find((a: { name: string }) => a.name === "invoices");
    expect(asset).toMatchObject({
      source: "connection",
      connectionName: "AWS prod",
      externalId: "arn:s3:::invoices",
      resourceId: bucket.id,
    });
    expect((await client.post("/api/v1/assets/discover", {})).json().total).toBe(0);
    expect((await client.post("/api/v1/assets/from-resources", { resourceIds: [bucket.id] })).statusCode).toBe(409);
    expect((await client.get("/api/v1/assets?kind=endpoint")).json().items[0]).toMatchObject({ name: "ada-laptop" });
    // Its name follows the connection.
    expect((await client.patch(`/api/v1/assets/${asset.id}`, { name: "other" })).json().code).toBe(
      "asset_from_connection",
    );

    // A sync sees the database again and no longer finds the bucket.
    const seenAt = new Date(Date.now() + 60_000);
    await change(ctx.db, systemActor(org.id, "sync: AWS prod"), async (c) => {
      await c.tx.update(resources).set({ lastSeenAt: seenAt }).where(eq(resources.id, db.id));
      await c.tx.update(resources).set({ missingSince: seenAt }).where(eq(resources.id, bucket.id));
      await c.emit(syncFinished, {
        syncId: crypto.randomUUID(),
        connection: { id: aws.id, name: aws.name, createdBy: null },
        status: "succeeded",
        counts: {},
        warnings: 0,
        error: null,
        guidance: null,
      });
    });
    const after = await ctx.db
      .select()
      .from(assets)
      .where(and(eq(assets.organizationId, org.id), eq(assets.connectionId, aws.id)));
    expect(after.find((a) => a.resourceId === db.id)!.lastSeenAt?.toISOString()).toBe(seenAt.toISOString());
    expect(after.find((a) => a.resourceId === bucket.id)!.missingSince?.toISOString()).toBe(seenAt.toISOString());
    expect((await client.get("/api/v1/assets?missing=true")).json().items.map((a: { name: string }) => a.name)).toEqual(
      ["invoices"],
    );
    expect((await ledgerOf(ctx.db, org.id)).filter((e) => e.action === "assets.promoted")).toHaveLength(1);
  });

  it("summarises the in-scope inventory and tells AST-01, AST-02 and CNF-01 how they stand", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    expect((await collectControlChecks(ctx.db, org.id, new Date(), ["AST-01"])).get("AST-01")).toBeUndefined();
    await client.post("/api/v1/assets", {
      name: "API",
      kind: "system",
      inScope: true,
      ownerUserId: user.id,
      classification: "confidential",
    });
    await client.post("/api/v1/assets", { name: "Postgres", kind: "data_store", inScope: true });
    await client.post("/api/v1/assets", { name: "Slack", kind: "saas_application", ownerUserId: user.id });
    const summary = (await client.get("/api/v1/assets/in-scope")).json();
    expect(summary).toMatchObject({ total: 2, withoutOwner: 1, unclassified: 1, lastReviewAt: null });
    expect(summary.byKind.data_store.map((a: { name: string }) => a.name)).toEqual(["Postgres"]);
    expect(summary.byKind.saas_application).toEqual([]);

    let checks = await collectControlChecks(ctx.db, org.id, new Date());
    expect(checks.get("AST-01")![0]).toMatchObject({ source: "assets", state: "not_met" });
    expect(checks.get("AST-02")![0]).toMatchObject({ state: "met" });
    expect(checks.get("CNF-01")![0]!.reason).toContain("Postgres");

    const pg = (await client.get("/api/v1/assets?q=Postgres")).json().items[0];
    await client.patch(`/api/v1/assets/${pg.id}`, { ownerUserId: user.id, classification: "restricted" });
    expect((await client.get("/api/v1/assets/checks")).json().items[0].reason).toContain(
      "nobody has recorded a review",
    );
    const reviewed = await client.post("/api/v1/assets/reviews", { note: "Quarterly look" });
    expect(reviewed.statusCode).toBe(201);
    expect(reviewed.json()).toMatchObject({ assetCount: 3, note: "Quarterly look", reviewedBy: user.id });
    checks = await collectControlChecks(ctx.db, org.id, new Date());
    expect(["AST-01", "AST-02", "CNF-01"].map((k) => checks.get(k)![0]!.state)).toEqual(["met", "met", "met"]);
    expect((await client.get("/api/v1/assets/reviews")).json().items).toHaveLength(1);
  });

  it("links an asset to controls by key; removing the asset removes its links", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    await seedProgram(ctx.db, org.id, user.id);
    const asset = await seedAsset(ctx.db, org.id);
    const url = `/api/v1/assets/${asset.id}/controls`;
    const linked = await client.put(url, { keys: ["AST-01", "CNF-01"] });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().items.map((c: { key: string }) => c.key)).toEqual(["AST-01", "CNF-01"]);
    expect((await client.put(url, { keys: ["NOPE-1"] })).json().code).toBe("unknown_control");
    expect((await client.delete(`/api/v1/assets/${asset.id}`)).statusCode).toBe(204);
    expect((await client.get(url)).statusCode).toBe(404);
    const other = await orgWithOwner(app, ctx.db);
    const theirs = await seedAsset(ctx.db, other.org.id);
    expect((await client.put(`/api/v1/assets/${theirs.id}/controls`, { keys: [] })).statusCode).toBe(404);
  });

  it("two writers adding the same name at once: one asset, one 409", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const results = await Promise.all(
      [1, 2].map(() => client.post("/api/v1/assets", { name: "Twin", kind: "system" })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(await ctx.db.select().from(assets).where(eq(assets.organizationId, org.id))).toHaveLength(1);
  });
});
