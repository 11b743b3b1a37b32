import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { systemActor } from "../../core/actor.ts";
import { controlStatusEvents, criterionReadiness, programControls } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { seedConnection, seedResource } from "../monitoring/testing.ts";
import { statusOfRow } from "./readiness.ts";
import { refreshControlSignals } from "./signals.ts";
import { seedProgram } from "./testing.ts";

const { ctx, app } = withTestApp();

async function eventsOf(controlId: string) {
  return ctx.db
    .select({ status: controlStatusEvents.status, source: controlStatusEvents.source })
    .from(controlStatusEvents)
    .where(eq(controlStatusEvents.controlId, controlId))
    .orderBy(asc(controlStatusEvents.at));
}

describe(`control status from tests and evidence on ${dbKind}`, () => {
  it("follows a failing test, its exception and the evidence, and explains itself at each step", async () => {
    const owner = await orgWithOwner(app, ctx.db);
    const cm = await member(app, ctx.db, owner.org.id, "compliance_manager");
    const program = await seedProgram(ctx.db, owner.org.id, owner.user.id);
    const P = `/api/v1/programs/${program.id}`;
    const control = async () => (await owner.client.get(`${P}/controls/GOV-06`)).json();
    const explain = async () => {
      const r = await owner.client.get(`${P}/controls/GOV-06/explanation`);
      expect(r.statusCode).toBe(200);
      return r.json();
    };
    expect((await control()).status).toBe("not_started");

    // A person without a department fails a custom test that watches GOV-06 (organization chart).
    const conn = await seedConnection(ctx.db, owner.org.id, owner.user.id);
    const nobody = await seedResource(ctx.db, owner.org.id, conn.id, { name: "Ada", attributes: { status: "active" } });
    await seedResource(ctx.db, owner.org.id, conn.id, { name: "Grace", attributes: { department: "Research" } });
    const created = await owner.client.post("/api/v1/monitoring/custom-tests", {
      key: "department",
      title: "People have a department",
      resourceType: "person",
      severity: "medium",
      rule: { attr: "department", op: "exists" },
      controls: ["GOV-06"],
      enabled: true,
    });
    expect(created.statusCode, created.body).toBe(201);

    const failing = await control();
    expect(failing).toMatchObject({ status: "needs_attention", statusSource: "tests", manualStatus: "not_started" });
    expect(failing.statusReason).toContain('"People have a department" on 1 resource');
    let why = await explain();
    expect(why.tests).toMatchObject({ failing: 1, passing: 1, excepted: 0 });
    // Failing tests first; a catalogue test that watches the control but has not run yet says so.
    expect(why.tests.items.map((t: { testId: string; state: string }) => [t.testId, t.state])).toEqual([
      ["custom.department", "failing"],
      ["people.manager_known", "no_results"],
    ]);
    expect(why.tests.items[0]).toMatchObject({ failingResources: 1, passingResources: 1 });
    expect(why.evidence).toMatchObject({ state: "missing", count: 0, items: [] });

    // An approved exception accepts the failure: the control is back to what people said.
    const ex = await owner.client.post("/api/v1/monitoring/exceptions", {
      testId: "custom.department",
      resourceId: nobody.id,
      justification: "Ada's department is being created in the HR system this month.",
      approverUserId: cm.user.id,
      expiresAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
    });
    expect(ex.statusCode, ex.body).toBe(201);
    expect((await control()).status).toBe("needs_attention"); // pending exceptions accept nothing
    expect((await cm.client.post(`/api/v1/monitoring/exceptions/${ex.json().id}/approve`, {})).statusCode).toBe(200);
    expect(await control()).toMatchObject({ status: "not_started", statusSource: "manual" });
    why = await explain();
    expect(why.tests).toMatchObject({ failing: 0, excepted: 1 });
    expect(why.exceptions).toEqual([expect.objectContaining({ testId: "custom.department", resourceName: "Ada" })]);

    // Current evidence makes it operating, in the same request that links it.
    const statement = await owner.client.post("/api/v1/evidence/statements", {
      title: "Organization chart Q1",
      statement: "The chart was reviewed by the CEO this week.",
      collectedAt: new Date().toISOString(),
      programId: program.id,
      controls: ["GOV-06"],
    });
    expect(statement.statusCode, statement.body).toBe(201);
    const operating = await control();
    expect(operating).toMatchObject({ status: "operating", statusSource: "evidence" });
    expect(operating.statusReason).toContain("1 failure accepted by an exception");
    why = await explain();
    expect(why.evidence.items.map((i: { title: string }) => i.title)).toEqual(["Organization chart Q1"]);

    // Time passes: the exception expires, the quarterly evidence goes stale, and the hourly refresh records it.
    const [row] = await ctx.db
      .select()
      .from(programControls)
      .where(and(eq(programControls.programId, program.id), eq(programControls.key, "GOV-06")));
    const later = new Date(Date.now() + 400 * 86_400_000);
    expect(statusOfRow(row!, later)).toMatchObject({ status: "needs_attention", source: "evidence" });
    expect(
      await change(ctx.db, systemActor(owner.org.id, "test"), (c) => refreshControlSignals(c, { now: later })),
    ).toBeGreaterThan(0);

    // Every move is in the control's history, with what caused it; readiness followed.
    expect(await eventsOf(row!.id)).toEqual([
      { status: "needs_attention", source: "tests" },
      { status: "not_started", source: "manual" },
      { status: "operating", source: "evidence" },
      { status: "needs_attention", source: "tests" },
    ]);
    const [cc] = await ctx.db
      .select()
      .from(criterionReadiness)
      .where(and(eq(criterionReadiness.programId, program.id), eq(criterionReadiness.criterionId, row!.criteria[0]!)));
    expect(cc!.pending).toContain("GOV-06");
  });

  it("answers 404 for a control that is not in the program", async () => {
    const owner = await orgWithOwner(app, ctx.db);
    const program = await seedProgram(ctx.db, owner.org.id, owner.user.id, { adoptLibrary: false });
    const r = await owner.client.get(`/api/v1/programs/${program.id}/controls/GOV-06/explanation`);
    expect(r.statusCode).toBe(404);
  });
});
