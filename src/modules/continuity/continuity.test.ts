import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { addDays, addMonths, utcDay } from "../../core/dates.ts";
import { continuityPlans, continuityTests, recoveryObjectives } from "../../db/schema/index.ts";
import { collectControlChecks } from "../../kernel/routines.ts";
import { seedAsset } from "../assets/testing.ts";
import { seedFile } from "../evidence/testing.ts";

const { ctx, app } = withTestApp();
const today = utcDay();

describe(`business continuity on ${dbKind}`, () => {
  it("plans: document by link or evidence file, review dates in order, a review that moves AVL-04", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const file = await seedFile(ctx, org.id, user.id, "DR plan v3", "dr-plan.txt");
    const made = await client.post("/api/v1/continuity/plans", {
      name: "Disaster recovery plan",
      kind: "disaster_recovery",
      ownerUserId: user.id,
      evidenceId: file.id,
      documentUrl: "https://wiki.example.test/dr",
      lastReviewedOn: addMonths(today, -13),
    });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({
      evidenceId: file.id,
      nextReviewOn: addMonths(addMonths(today, -13), 12),
      reviewOverdue: true,
    });
    let checks = await collectControlChecks(ctx.db, org.id, new Date());
    expect(checks.get("AVL-04")![0]).toMatchObject({ source: "continuity", state: "lapsed" });
    expect(checks.get("AVL-05")![0]!.state).toBe("not_met");

    const id = made.json().id;
    const reviewed = await client.post(`/api/v1/continuity/plans/${id}/review`, {});
    expect(reviewed.json()).toMatchObject({
      lastReviewedOn: today,
      nextReviewOn: addMonths(today, 12),
      reviewOverdue: false,
    });
    checks = await collectControlChecks(ctx.db, org.id, new Date());
    expect(checks.get("AVL-04")![0]!.state).toBe("met");

    const refusals: [unknown, string][] = [
      [{ lastReviewedOn: addDays(today, 1) }, "review_in_future"],
      [{ lastReviewedOn: today, nextReviewOn: addDays(today, -1) }, "dates_out_of_order"],
      [{ documentUrl: "javascript:alert(1)" }, "validation_failed"],
      [{ evidenceId: crypto.randomUUID() }, "unknown_proof_file"],
    ];
    for (const [body, code] of refusals)
      expect((await client.patch(`/api/v1/continuity/plans/${id}`, body)).json().code, JSON.stringify(body)).toBe(code);
    const twin = await client.post("/api/v1/continuity/plans", { name: "disaster RECOVERY plan", kind: "other" });
    expect(twin.statusCode).toBe(409);
    expect(twin.json().code).toBe("plan_name_taken");
    const actions = (await ledgerOf(ctx.db, org.id)).map((e) => e.action).filter((a) => a.startsWith("continuity."));
    expect(actions).toEqual(["continuity.plan_created", "continuity.plan_reviewed"]);
  });

  it("objectives per system; a restore test that misses the RTO is recorded as missed and AVL-03 says so", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const db = await seedAsset(ctx.db, org.id, { name: "Main database", kind: "data_store" });
    const laptop = await seedAsset(ctx.db, org.id, { name: "Laptop", kind: "endpoint" });

    const objective = await client.post("/api/v1/continuity/objectives", {
      assetId: db.id,
      rto: { value: 4, unit: "hours" },
      // An RPO above the RTO is allowed.
      rpo: { value: 300, unit: "minutes" },
    });
    expect(objective.statusCode, objective.body).toBe(201);
    expect(objective.json()).toMatchObject({
      assetName: "Main database",
      rtoMinutes: 240,
      rpoMinutes: 300,
      lastRestoreTestOn: null,
    });
    expect(
      (await client.post("/api/v1/continuity/objectives", { assetId: db.id, rto: { value: 1, unit: "hours" } }))
        .statusCode,
    ).toBe(409);
    const bad: [unknown, string][] = [
      [{ assetId: laptop.id, rto: { value: 1, unit: "hours" } }, "not_a_system"],
      [{ assetId: crypto.randomUUID(), rto: { value: 1, unit: "hours" } }, "unknown_asset"],
      [{ assetId: db.id, rto: { value: 0, unit: "hours" } }, "validation_failed"],
      [{ assetId: db.id, rto: { value: -5, unit: "minutes" } }, "validation_failed"],
      [{ assetId: db.id, rto: { value: 5, unit: "days" } }, "validation_failed"],
    ];
    for (const [body, code] of bad)
      expect((await client.post("/api/v1/continuity/objectives", body)).json().code, JSON.stringify(body)).toBe(code);

    let checks = await collectControlChecks(ctx.db, org.id, new Date());
    expect(checks.get("AVL-03")![0]).toMatchObject({
      state: "not_met",
      reason: expect.stringContaining("Main database"),
    });

    const missed = await client.post("/api/v1/continuity/tests", {
      kind: "restore_test",
      performedOn: today,
      scenario: "Restore last night's snapshot into a new instance",
      result: "pass",
      assetIds: [db.id],
      recoveryTime: { value: 6, unit: "hours" },
      dataLoss: { value: 20, unit: "minutes" },
      findings: "The snapshot copy was slow.",
    });
    expect(missed.statusCode, missed.body).toBe(201);
    expect(missed.json()).toMatchObject({
      outcome: "missed",
      recoveryMinutes: 360,
      systems: [
        { name: "Main database", rtoMinutes: 240, rpoMinutes: 300, rto: "missed", rpo: "met", outcome: "missed" },
      ],
    });
    checks = await collectControlChecks(ctx.db, org.id, new Date());
    expect(checks.get("AVL-03")![0]!.state).toBe("not_met");
    expect((await client.get("/api/v1/continuity/objectives")).json().items[0]).toMatchObject({
      lastRestoreTestOn: today,
      lastOutcome: "missed",
    });

    // A later objective change does not rewrite the test: it keeps the objective it was judged against.
    await client.patch(`/api/v1/continuity/objectives/${objective.json().id}`, { rto: { value: 8, unit: "hours" } });
    expect((await client.get(`/api/v1/continuity/tests/${missed.json().id}`)).json().outcome).toBe("missed");

    const met = await client.post("/api/v1/continuity/tests", {
      kind: "restore_test",
      performedOn: today,
      scenario: "Restore again with the faster copy",
      result: "pass",
      assetIds: [db.id],
      recoveryTime: { value: 2, unit: "hours" },
    });
    expect(met.json().outcome).toBe("met");
    checks = await collectControlChecks(ctx.db, org.id, new Date());
    expect(checks.get("AVL-03")![0]!.state).toBe("met");
    // The asset's page shows its objectives and the last restore test.
    const recovery = await client.get(`/api/v1/assets/${db.id}/recovery`);
    expect(recovery.statusCode, recovery.body).toBe(200);
    expect(recovery.json()).toEqual({
      objective: { id: objective.json().id, rtoMinutes: 480, rpoMinutes: 300, notes: null },
      lastRestoreTest: {
        id: met.json().id,
        performedOn: today,
        result: "pass",
        recoveryMinutes: 120,
        dataLossMinutes: null,
        outcome: "met",
      },
    });
    expect((await client.get(`/api/v1/assets/${laptop.id}/recovery`)).json()).toEqual({
      objective: null,
      lastRestoreTest: null,
    });
    expect((await client.get(`/api/v1/assets/${crypto.randomUUID()}/recovery`)).statusCode).toBe(404);

    // Correcting the missed test: the recovery took 3 hours, not 6. It keeps the RTO it was recorded with (4 h,
    // though the objective is 8 h now) and is judged again: met. Bad corrections are refused.
    const corrected = await client.patch(`/api/v1/continuity/tests/${missed.json().id}`, {
      recoveryTime: { value: 3, unit: "hours" },
      findings: "The first figure was a typo.",
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({
      outcome: "met",
      recoveryMinutes: 180,
      findings: "The first figure was a typo.",
      systems: [{ name: "Main database", rtoMinutes: 240, rpoMinutes: 300, rto: "met" }],
    });
    const worse = await client.patch(`/api/v1/continuity/tests/${missed.json().id}`, {
      recoveryTime: { value: 5, unit: "hours" },
    });
    expect(worse.json()).toMatchObject({ outcome: "missed", systems: [{ rtoMinutes: 240, rto: "missed" }] });
    for (const [body, code] of [
      [{ performedOn: addDays(today, 1) }, "test_in_future"],
      [{ assetIds: [] }, "no_systems"],
      [{ assetIds: [crypto.randomUUID()] }, "unknown_asset"],
      [{ result: "maybe" }, "validation_failed"],
    ] as const)
      expect((await client.patch(`/api/v1/continuity/tests/${missed.json().id}`, body)).json().code).toBe(code);
    expect((await client.patch(`/api/v1/continuity/tests/${crypto.randomUUID()}`, { result: "fail" })).statusCode).toBe(
      404,
    );
    const updates = (await ledgerOf(ctx.db, org.id)).filter((e) => e.action === "continuity.test_updated");
    expect(updates).toHaveLength(2);
    expect(updates[0]!.changes).toMatchObject({
      before: { outcome: "missed", recoveryMinutes: 360 },
      after: { outcome: "met", recoveryMinutes: 180, findings: "The first figure was a typo." },
    });

    expect((await client.get("/api/v1/continuity/tests?result=pass")).json().total).toBe(2);
    expect((await client.get(`/api/v1/continuity/tests?assetId=${laptop.id}`)).json().total).toBe(0);
    const csv = await client.get("/api/v1/continuity/tests/export.csv");
    expect(csv.body.split("\r\n")[0]).toBe(
      "date,kind,scenario,result,systems,recovery time,data loss,objectives,missed by,plan,findings",
    );
    expect(csv.body).toContain("5 h,20 min,missed,Main database (RTO),,The first figure was a typo.");
    // The asset is named by tests: it stays.
    expect((await client.delete(`/api/v1/assets/${db.id}`)).json().code).toBe("asset_in_use");
  });

  it("tests: a date in the future, unknown systems, plans or remediation items and other organizations' records are refused", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const other = await orgWithOwner(app, ctx.db);
    const theirs = await seedAsset(ctx.db, other.org.id, { kind: "data_store" });
    const base = { kind: "failover_drill", performedOn: today, scenario: "Fail over the database", result: "partial" };
    const cases: [unknown, string][] = [
      [{ ...base, performedOn: addDays(today, 1) }, "test_in_future"],
      [{ ...base, performedOn: "2026-02-30" }, "validation_failed"],
      [{ ...base, assetIds: [theirs.id] }, "unknown_asset"],
      [{ ...base, planId: crypto.randomUUID() }, "unknown_plan"],
      [{ ...base, remediationItemId: crypto.randomUUID() }, "unknown_remediation_item"],
      [{ ...base, kind: "restore_test" }, "no_systems"],
      [{ ...base, result: "ok" }, "validation_failed"],
      [{ ...base, scenario: "a\u0000b" }, "validation_failed"],
    ];
    for (const [body, code] of cases) {
      const res = await client.post("/api/v1/continuity/tests", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(
        res.json().code === code || (code === "validation_failed" && res.json().status === 400),
        JSON.stringify(res.json()),
      ).toBe(true);
    }
    expect(await ctx.db.select().from(continuityTests).where(eq(continuityTests.organizationId, org.id))).toHaveLength(
      0,
    );
    const drill = await client.post("/api/v1/continuity/tests", base);
    expect(drill.statusCode).toBe(201);
    expect((await collectControlChecks(ctx.db, org.id, new Date())).get("AVL-05")![0]!.state).toBe("met");
    expect((await other.client.get(`/api/v1/continuity/tests/${drill.json().id}`)).statusCode).toBe(404);
    expect((await other.client.delete(`/api/v1/continuity/tests/${drill.json().id}`)).statusCode).toBe(404);
    const viewer = await member(app, ctx.db, org.id, "viewer");
    expect((await viewer.client.get("/api/v1/continuity/tests")).json().total).toBe(1);
    expect((await viewer.client.delete(`/api/v1/continuity/tests/${drill.json().id}`)).statusCode).toBe(403);
    expect((await client.delete(`/api/v1/continuity/tests/${drill.json().id}`)).statusCode).toBe(204);
    expect(await ctx.db.select().from(continuityPlans).where(eq(continuityPlans.organizationId, org.id))).toHaveLength(
      0,
    );
    expect(
      await ctx.db.select().from(recoveryObjectives).where(eq(recoveryObjectives.organizationId, org.id)),
    ).toHaveLength(0);
  });

  it("imports past test records all or nothing, naming systems as the inventory does", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const db = await seedAsset(ctx.db, org.id, { name: "Orders database", kind: "data_store" });
    await client.post("/api/v1/continuity/objectives", { assetId: db.id, rto: { value: 2, unit: "hours" } });
    const header = "date,kind,scenario,result,systems,recovery time,data loss,findings";
    const bad = [
      header,
      "2026-01-10,restore,Restore the orders snapshot,pass,Orders database,90 min,15,",
      "2026-01-11,restore,Restore the billing snapshot,pass,Billing database,1 h,,",
      "2026-01-12,restore,Restore nothing,pass,,,,",
      `${addDays(today, 3)},failover,Region failover,pass,,,,`,
      "2026-01-13,drill,Fail over,maybe,,,,",
      "2026-01-10,restore,Restore the orders snapshot,pass,Orders database,,,",
    ].join("\n");
    const refused = await client.post("/api/v1/continuity/tests/import", { csv: bad });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe("import_invalid");
    expect(refused.json().preview.errors.map((e: { message: string }) => e.message)).toEqual([
      expect.stringMatching(/^Line 3, systems: “Billing database” is not in the asset inventory/),
      expect.stringMatching(/^Line 4, systems: a restore test needs the systems/),
      expect.stringMatching(/^Line 5, date: .* is in the future/),
      expect.stringMatching(/^Line 6, result: 'maybe' is not pass, partial, fail/),
      expect.stringMatching(/^Line 7, scenario: the same test .* is also on line 2/),
    ]);
    expect(await ctx.db.select().from(continuityTests).where(eq(continuityTests.organizationId, org.id))).toHaveLength(
      0,
    );

    const good = [header, bad.split("\n")[1], "2026-02-01,exercise,Lose the main office,partial,,,,Phones failed"].join(
      "\n",
    );
    const preview = await client.post("/api/v1/continuity/tests/import/preview", { csv: good });
    expect(preview.json()).toMatchObject({ counts: { total: 2, valid: 2, invalid: 0 }, summary: { create: 2 } });
    const imported = await client.post("/api/v1/continuity/tests/import", { csv: good });
    expect(imported.statusCode, imported.body).toBe(200);
    const list = (await client.get("/api/v1/continuity/tests")).json();
    expect(list.items).toEqual([
      expect.objectContaining({ kind: "continuity_exercise", result: "partial", findings: "Phones failed" }),
      expect.objectContaining({
        kind: "restore_test",
        recoveryMinutes: 90,
        dataLossMinutes: 15,
        outcome: "met",
        systems: [expect.objectContaining({ name: "Orders database", rtoMinutes: 120 })],
      }),
    ]);
    expect((await ledgerOf(ctx.db, org.id)).at(-1)).toMatchObject({
      action: "continuity.tests_imported",
      changes: { after: { count: 2, from: "2026-01-10", to: "2026-02-01" } },
    });
    // Objectives by system name: a new one for the cache, the database's replaced; unknown names refused.
    const cache = await seedAsset(ctx.db, org.id, { name: "Session cache", kind: "system" });
    const objectivesCsv = [
      "system,rto,rpo,notes",
      "orders database,4 h,30,Nightly plus WAL",
      "Session cache,15,,",
    ].join("\n");
    const badObjectives = await client.post("/api/v1/continuity/objectives/import", {
      csv: `${objectivesCsv}\nLaptop fleet,1 h,,\nSession cache,,,`,
    });
    expect(badObjectives.json().preview.errors.map((e: { message: string }) => e.message)).toEqual([
      expect.stringMatching(/^Line 4, system: “Laptop fleet” is not a system or data store/),
      expect.stringMatching(/^Line 5, system: “Session cache” is also on line 3/),
    ]);
    const objectivesDone = await client.post("/api/v1/continuity/objectives/import", { csv: objectivesCsv });
    expect(objectivesDone.statusCode, objectivesDone.body).toBe(200);
    expect(objectivesDone.json().summary).toEqual({ create: 1, update: 1 });
    const objectives = (await client.get("/api/v1/continuity/objectives")).json().items;
    expect(objectives).toEqual([
      expect.objectContaining({ assetId: db.id, rtoMinutes: 240, rpoMinutes: 30, notes: "Nightly plus WAL" }),
      expect.objectContaining({ assetId: cache.id, rtoMinutes: 15, rpoMinutes: null }),
    ]);
    // The test imported before keeps the 2 h RTO it was judged against.
    expect((await client.get("/api/v1/continuity/tests?kind=restore_test")).json().items[0].systems[0].rtoMinutes).toBe(
      120,
    );

    // The same file again: each test is already recorded.
    const again = await client.post("/api/v1/continuity/tests/import", { csv: good });
    expect(again.json().preview.errors[0].message).toMatch(/already recorded/);
  });
});
