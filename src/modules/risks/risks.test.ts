import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import type { TestClient } from "../../../test/client.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { addDays, addMonths, utcDay } from "../../core/dates.ts";
import { evidenceControls, riskAssessments, risks } from "../../db/schema/index.ts";
import { collectControlChecks } from "../../kernel/routines.ts";
import { pdfLines } from "../remediation/testing.ts";

const { ctx, app } = withTestApp();
const today = utcDay();

const base = { title: "Payroll fraud", type: "fraud", likelihood: 4, impact: 3 };

async function create(client: TestClient, body: Record<string, unknown>) {
  return client.post("/api/v1/risks", body);
}

async function program(client: TestClient) {
  const nextMonth = addMonths(`${today.slice(0, 7)}-01`, 1);
  const res = await client.post("/api/v1/programs", {
    name: "SOC 2",
    reportType: "type2",
    windowStart: nextMonth,
    windowEnd: addDays(addMonths(nextMonth, 6), -1),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe(`risk register on ${dbKind}`, () => {
  it("creates, reads, updates and deletes a risk with scores and levels, and ledgers each step", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const res = await create(client, {
      ...base,
      description: "Bank details changed by a fake email",
      category: "Finance",
      ownerUserId: user.id,
      reviewDate: addDays(today, 30),
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({
      score: 12,
      level: "high",
      residualScore: null,
      treatmentState: "untreated",
      ownerName: user.name,
      reviewOverdue: false,
      status: "open",
    });
    const upd = await client.patch(`/api/v1/risks/${r.id}`, {
      residualLikelihood: 2,
      residualImpact: 2,
      treatment: "mitigate",
      treatmentPlan: "Call back on a known number before changing bank details.",
    });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json()).toMatchObject({ residualScore: 4, residualLevel: "low", treatmentState: "needs_controls" });
    expect((await client.get(`/api/v1/risks/${r.id}`)).json().treatment).toBe("mitigate");

    const overdue = await client.patch(`/api/v1/risks/${r.id}`, { reviewDate: "2020-01-01" });
    expect(overdue.json().reviewOverdue).toBe(true);
    expect((await client.get("/api/v1/risks?overdue=true")).json().total).toBe(1);

    expect((await client.delete(`/api/v1/risks/${r.id}`)).statusCode).toBe(204);
    expect((await client.get(`/api/v1/risks/${r.id}`)).statusCode).toBe(404);
    const actions = (await ledgerOf(ctx.db, org.id)).map((e) => e.action).filter((a) => a.startsWith("risks."));
    expect(actions).toEqual(["risks.created", "risks.updated", "risks.updated", "risks.deleted"]);
  });

  it("refuses bad risks with clear messages and writes nothing", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const over = await create(client, { ...base, residualLikelihood: 5, residualImpact: 1 });
    expect(over.json()).toMatchObject({ status: 400, code: "residual_exceeds_inherent" });
    expect(over.json().detail).toMatch(/may not exceed the inherent one/);
    const accept = await create(client, { ...base, treatment: "accept" });
    expect(accept.json()).toMatchObject({ status: 400, code: "acceptance_unjustified" });
    expect((await create(client, { ...base, residualLikelihood: 2 })).json().code).toBe("residual_incomplete");
    expect((await create(client, { ...base, likelihood: 6 })).statusCode).toBe(400);
    expect((await create(client, { ...base, likelihood: "3" })).statusCode).toBe(400);
    expect((await create(client, { ...base, type: "weather" })).statusCode).toBe(400);
    expect((await create(client, { ...base, title: "bad\u0000title" })).statusCode).toBe(400);
    expect((await create(client, { ...base, reviewDate: "2026-02-31" })).statusCode).toBe(400);
    expect((await create(client, { ...base, extra: 1 })).statusCode).toBe(400);
    const other = await orgWithOwner(app, ctx.db);
    const foreignOwner = await create(client, { ...base, ownerUserId: other.user.id });
    expect(foreignOwner.json()).toMatchObject({ status: 400, code: "unknown_owner" });
    expect(await ctx.db.select().from(risks).where(eq(risks.organizationId, org.id))).toEqual([]);

    expect((await create(client, base)).statusCode).toBe(201);
    const dup = await create(client, { ...base, title: "PAYROLL FRAUD" });
    expect(dup.json()).toMatchObject({ status: 409, code: "duplicate_risk" });
    // A patch is judged on the whole record: the residual may not rise above a lowered inherent rating.
    const id = (await client.get("/api/v1/risks")).json().items[0].id;
    await client.patch(`/api/v1/risks/${id}`, { residualLikelihood: 3, residualImpact: 3 });
    const lowered = await client.patch(`/api/v1/risks/${id}`, { likelihood: 2 });
    expect(lowered.json().code).toBe("residual_exceeds_inherent");
    expect((await client.get(`/api/v1/risks/${id}`)).json().likelihood).toBe(4);
  });

  it("keeps scales per organization: labels, 3 to 5 levels, thresholds, and no shrinking below a rating", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const def = (await client.get("/api/v1/risks/settings")).json();
    expect(def).toMatchObject({
      isDefault: true,
      likelihood: ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"],
    });
    const three = {
      likelihood: ["Low", "Medium", "High"],
      impact: ["Low", "Medium", "High"],
      thresholds: { medium: 3, high: 4, critical: 9 },
    };
    const bad = await client.put("/api/v1/risks/settings", {
      ...three,
      thresholds: { medium: 3, high: 4, critical: 10 },
    });
    expect(bad.json()).toMatchObject({ status: 400, code: "invalid_scales" });
    expect((await client.put("/api/v1/risks/settings", { ...three, likelihood: ["a", "b"] })).statusCode).toBe(400);
    await create(client, base);
    const shrink = await client.put("/api/v1/risks/settings", three);
    expect(shrink.json()).toMatchObject({ status: 409, code: "scales_too_small" });
    const id = (await client.get("/api/v1/risks")).json().items[0].id;
    await client.patch(`/api/v1/risks/${id}`, { likelihood: 3, impact: 2 });
    const ok = await client.put("/api/v1/risks/settings", three);
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await client.get(`/api/v1/risks/${id}`)).json()).toMatchObject({ score: 6, level: "high" });
    expect((await client.patch(`/api/v1/risks/${id}`, { impact: 4 })).json().code).toBe("rating_off_scale");
    const map = (await client.get("/api/v1/risks/heatmap")).json();
    expect(map.cells).toHaveLength(9);
    expect(
      map.cells.find((c: { likelihood: number; impact: number }) => c.likelihood === 3 && c.impact === 2),
    ).toMatchObject({
      inherent: 1,
      residual: 0,
      level: "high",
    });
  });

  it("adds risks from the library, skipping titles already there, and filters by heat map cell", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const lib = (await client.get("/api/v1/risks/library")).json().items;
    expect(lib.length).toBeGreaterThanOrEqual(20);
    const added = await client.post("/api/v1/risks/library", { ids: ["ransomware", "payroll-fraud", "lost-laptop"] });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().created).toHaveLength(3);
    const again = await client.post("/api/v1/risks/library", { ids: ["ransomware", "backup-failure"] });
    expect(again.json()).toMatchObject({ skipped: ["Ransomware encrypts business systems"] });
    expect((await client.post("/api/v1/risks/library", { ids: ["nope"] })).json().code).toBe("unknown_library_risk");
    expect(
      (await client.get("/api/v1/risks/library")).json().items.filter((i: { inRegister: boolean }) => i.inRegister),
    ).toHaveLength(4);
    const cell = (await client.get("/api/v1/risks?likelihood=3&impact=5")).json();
    expect(cell.items.map((r: { title: string }) => r.title)).toEqual(["Ransomware encrypts business systems"]);
    expect((await client.get("/api/v1/risks?type=fraud")).json().total).toBe(1);
    expect((await client.get("/api/v1/risks?level=critical")).json().total).toBe(0);
    expect((await client.get("/api/v1/risks?level=high")).json().total).toBe(2);
    expect((await client.get("/api/v1/risks?treatment=mitigate&q=stolen")).json().total).toBe(1);
    expect((await client.get("/api/v1/risks?owner=none&pageSize=2")).json()).toMatchObject({
      total: 4,
      items: [{}, {}],
    });
    expect((await client.get("/api/v1/risks?level=weird")).statusCode).toBe(400);
  });

  it("imports a CSV in one change, refuses a file with a bad row whole, and exports with the filters", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    await create(client, { ...base, title: "Existing risk" });
    const header =
      "title,description,type,category,owner email,likelihood,impact,residual likelihood,residual impact,treatment,treatment plan,review date";
    const bad = [
      header,
      `Phishing,,security,People,${user.email},4,4,2,2,mitigate,Training,2027-01-01`,
      "Phishing,,security,,,3,3,,,,,",
      "Existing risk,,fraud,,,2,2,,,,,",
      "Weather,,act of god,,,2,2,,,,,",
      "Too much,,security,,,2,2,3,3,,,",
      "Accepted,,vendor,,,2,2,,,accept,,",
      "Nobody,,vendor,,nobody@example.test,2,2,,,,,",
      "Bad date,,other,,,2,2,,,,,2027-02-30",
    ].join("\n");
    const preview = await client.post("/api/v1/risks/import/preview", { csv: bad });
    expect(preview.statusCode, preview.body).toBe(200);
    const messages = preview.json().errors.map((e: { message: string }) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        "Line 3, title: “Phishing” is also on line 2.",
        "Line 4, title: “Existing risk” is already in the register.",
        expect.stringMatching(/^Line 5, type: 'act of god' is not/),
        expect.stringMatching(/^Line 6, residual likelihood: The residual rating .* may not exceed/),
        expect.stringMatching(/^Line 7, treatment plan: Accepting a risk needs a justification/),
        "Line 8, owner email: nobody@example.test is not a member of this organization.",
        "Line 9, review date: '2027-02-30' is not a date (use YYYY-MM-DD).",
      ]),
    );
    const refused = await client.post("/api/v1/risks/import", { csv: bad });
    expect(refused.json()).toMatchObject({ status: 400, code: "import_invalid" });
    expect((await client.get("/api/v1/risks")).json().total).toBe(1);

    const good = [
      header,
      `Phishing,Stolen passwords,security,People,${user.email},4,4,2,2,mitigate,Training,2027-01-01`,
      "=cmd,,fraud,,,2,2,,,,,",
    ].join("\r\n");
    const done = await client.post("/api/v1/risks/import", { csv: good });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().summary).toEqual({ create: 2, update: 0 });
    const list = (await client.get("/api/v1/risks?q=phishing")).json();
    expect(list.items[0]).toMatchObject({
      ownerUserId: user.id,
      score: 16,
      residualScore: 4,
      reviewDate: "2027-01-01",
    });
    // One ledger entry for the file with the count and the new risks' ids; none per row.
    const ledger = await ledgerOf(ctx.db, org.id);
    const imports = ledger.filter((e) => e.action === "risks.imported");
    expect(imports).toHaveLength(1);
    const all = (await client.get("/api/v1/risks")).json().items as { id: string; title: string }[];
    expect(imports[0]!.changes.after).toMatchObject({
      created: 2,
      ids: expect.arrayContaining(all.filter((r) => r.title !== "Existing risk").map((r) => r.id)),
    });
    expect(ledger.filter((e) => e.action === "risks.created")).toHaveLength(1); // "Existing risk", added by hand

    const csv = await client.get("/api/v1/risks/export.csv?type=fraud");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    const lines = csv.body.trim().split("\r\n");
    expect(lines[0]).toMatch(/^title,description,type,category,owner,likelihood,impact,score,level/);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["Existing risk", "'=cmd"]);
  });

  it("freezes a completed assessment with its report, attaches it to RSK-02 and keeps it immutable", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const p = await program(client);
    const fraud = (await create(client, base)).json();
    const started = await client.post("/api/v1/risk-assessments", { name: "Risk assessment 2026", period: "2026" });
    expect(started.statusCode, started.body).toBe(201);
    const a = started.json();
    expect((await client.post("/api/v1/risk-assessments", { name: "Another", period: "2026" })).json().code).toBe(
      "assessment_in_progress",
    );
    expect((await client.get(`/api/v1/risk-assessments/${a.id}/report.pdf`)).statusCode).toBe(409);
    const done = await client.post(`/api/v1/risk-assessments/${a.id}/complete`);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: "completed", riskCount: 1 });
    expect(done.json().snapshot.risks[0]).toMatchObject({ title: "Payroll fraud", score: 12, level: "high" });
    expect(done.json().snapshot.scales.likelihood).toHaveLength(5);
    expect(done.json().evidenceIds).toHaveLength(1);
    const links = await ctx.db
      .select()
      .from(evidenceControls)
      .where(eq(evidenceControls.evidenceId, done.json().evidenceIds[0]));
    expect(links.map((l) => l.controlKey)).toEqual(["RSK-02"]);
    void p;

    // Frozen: later edits to the register leave the snapshot and report alone; the assessment cannot change.
    await client.patch(`/api/v1/risks/${fraud.id}`, { likelihood: 1 });
    const frozen = (await client.get(`/api/v1/risk-assessments/${a.id}`)).json();
    expect(frozen.snapshot.risks[0].likelihood).toBe(4);
    expect((await client.patch(`/api/v1/risk-assessments/${a.id}`, { name: "Renamed" })).json()).toMatchObject({
      status: 409,
      code: "assessment_completed",
    });
    expect((await client.post(`/api/v1/risk-assessments/${a.id}/complete`)).json().code).toBe("assessment_completed");
    const pdf = await client.get(`/api/v1/risk-assessments/${a.id}/report.pdf`);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfLines(pdf.rawPayload).join("\n");
    expect(text).toContain("Risk assessment 2026");
    expect(text).toContain("Heat map before treatment");
    expect(text).toContain("Payroll fraud");
    const [row] = await ctx.db
      .select()
      .from(riskAssessments)
      .where(and(eq(riskAssessments.organizationId, org.id), eq(riskAssessments.id, a.id)));
    expect(row!.completedAt).not.toBeNull();
    const entries = (await ledgerOf(ctx.db, org.id)).filter((e) => e.action.startsWith("risks.assessment"));
    expect(entries.map((e) => e.action)).toEqual(["risks.assessment_started", "risks.assessment_completed"]);
    // Another can start now.
    expect((await client.post("/api/v1/risk-assessments", { name: "2027", period: "2027" })).statusCode).toBe(201);
  });

  it("has a completed assessment signed off by a second person, once; the report names both", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    await program(client);
    await create(client, base);
    const a = (await client.post("/api/v1/risk-assessments", { name: "FY2026", period: "2026" })).json();
    const admin = await member(app, ctx.db, org.id, "admin");
    const manager = await member(app, ctx.db, org.id, "compliance_manager");
    const controlOwner = await member(app, ctx.db, org.id, "control_owner");
    // Not before it is completed.
    expect((await admin.client.post(`/api/v1/risk-assessments/${a.id}/sign-off`)).json()).toMatchObject({
      status: 409,
      code: "assessment_in_progress",
    });
    await client.post(`/api/v1/risk-assessments/${a.id}/complete`);
    // Not by who completed it, nor by a role that does not run the assessment.
    const self = await client.post(`/api/v1/risk-assessments/${a.id}/sign-off`);
    expect(self.json()).toMatchObject({ status: 403, code: "self_approval" });
    expect((await controlOwner.client.post(`/api/v1/risk-assessments/${a.id}/sign-off`)).statusCode).toBe(403);
    // Two people at once: one wins, the other hears 409.
    const both = await Promise.all([
      admin.client.post(`/api/v1/risk-assessments/${a.id}/sign-off`),
      manager.client.post(`/api/v1/risk-assessments/${a.id}/sign-off`),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const won = both.find((r) => r.statusCode === 200)!.json();
    const winner = won.signedOffBy === admin.user.id ? admin : manager;
    expect(both.find((r) => r.statusCode === 409)!.json().code).toBe("already_signed_off");
    expect(won).toMatchObject({
      completedBy: user.id,
      completedByName: user.name,
      signedOffBy: winner.user.id,
      signedOffByName: winner.user.name,
    });
    expect(won.signedOffAt).not.toBeNull();
    // The signed-off report is attached to RSK-02 too.
    expect(won.evidenceIds).toHaveLength(1);
    const links = await ctx.db
      .select()
      .from(evidenceControls)
      .where(eq(evidenceControls.evidenceId, won.evidenceIds[0]));
    expect(links.map((l) => l.controlKey)).toEqual(["RSK-02"]);
    const text = pdfLines((await client.get(`/api/v1/risk-assessments/${a.id}/report.pdf`)).rawPayload).join("\n");
    expect(text).toContain(`by ${user.name}`);
    expect(text).toContain(`by ${winner.user.name}`);
    expect(text).toMatch(/Signed off/);
    const list = (await client.get("/api/v1/risk-assessments")).json().items;
    expect(list[0]).toMatchObject({ signedOffByName: winner.user.name });
    const entries = (await ledgerOf(ctx.db, org.id)).filter((e) => e.action === "risks.assessment_signed_off");
    expect(entries).toHaveLength(1);
    expect(entries[0]!.actorId).toBe(winner.user.id);
  });

  it("judges RSK-02, RSK-03 and RSK-04 from the register and the last assessment", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const keys = ["RSK-02", "RSK-03", "RSK-04"];
    expect((await collectControlChecks(ctx.db, org.id, new Date(), keys)).size).toBe(0);
    const r = (await create(client, { ...base, type: "security", title: "Ransomware" })).json();
    let checks = await collectControlChecks(ctx.db, org.id, new Date(), keys);
    expect(checks.get("RSK-02")).toBeUndefined();
    expect(checks.get("RSK-03")?.[0]).toMatchObject({ state: "not_met", reason: expect.stringMatching(/no owner/) });
    expect(checks.get("RSK-04")?.[0]).toMatchObject({
      state: "not_met",
      reason: expect.stringMatching(/No fraud risk/),
    });
    await client.patch(`/api/v1/risks/${r.id}`, {
      ownerUserId: user.id,
      treatment: "transfer",
      reviewDate: addDays(today, 60),
    });
    await create(client, {
      ...base,
      ownerUserId: user.id,
      treatment: "accept",
      treatmentPlan: "Small amounts, insured.",
      reviewDate: addDays(today, 60),
    });
    const a = (await client.post("/api/v1/risk-assessments", { name: "2026", period: "2026" })).json();
    await client.post(`/api/v1/risk-assessments/${a.id}/complete`);
    // Completed but not signed off: RSK-02 does not count it yet.
    checks = await collectControlChecks(ctx.db, org.id, new Date(), keys);
    expect(checks.get("RSK-02")?.[0]).toMatchObject({
      state: "not_met",
      reason: expect.stringMatching(/“2026” completed on .* awaits sign-off/),
    });
    const second = await member(app, ctx.db, org.id, "compliance_manager");
    expect((await second.client.post(`/api/v1/risk-assessments/${a.id}/sign-off`)).statusCode).toBe(200);
    checks = await collectControlChecks(ctx.db, org.id, new Date(), keys);
    expect(checks.get("RSK-02")?.[0]).toMatchObject({
      state: "met",
      source: "risks",
      reason: expect.stringMatching(/signed off on/),
    });
    expect(checks.get("RSK-03")?.[0]).toMatchObject({ state: "met" });
    expect(checks.get("RSK-04")?.[0]).toMatchObject({
      state: "met",
      reason: expect.stringMatching(/assessed 1 fraud risk/),
    });
    const later = new Date(Date.now() + 400 * 86_400_000);
    checks = await collectControlChecks(ctx.db, org.id, later, keys);
    expect(checks.get("RSK-02")?.[0]).toMatchObject({ state: "lapsed" });
    expect(checks.get("RSK-03")?.[0]).toMatchObject({ state: "not_met", reason: expect.stringMatching(/in the past/) });
  });

  it("counts mitigation as treatment once a control is linked, and drops the links with the risk", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    await program(client);
    const r = (await create(client, { ...base, treatment: "mitigate" })).json();
    expect(r.treatmentState).toBe("needs_controls");
    const linked = await client.put(`/api/v1/risks/${r.id}/controls`, { keys: ["ACC-10", "HR-04"] });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().items.map((i: { key: string }) => i.key)).toEqual(["ACC-10", "HR-04"]);
    expect((await client.get(`/api/v1/risks/${r.id}`)).json()).toMatchObject({
      treatmentState: "treated",
      controls: ["ACC-10", "HR-04"],
    });
    expect((await client.put(`/api/v1/risks/${r.id}/controls`, { keys: ["NOPE-99"] })).json().code).toBe(
      "unknown_control",
    );
    const other = await orgWithOwner(app, ctx.db);
    expect((await other.client.get(`/api/v1/risks/${r.id}/controls`)).statusCode).toBe(404);
    await client.delete(`/api/v1/risks/${r.id}`);
    const again = (await create(client, { ...base, treatment: "mitigate" })).json();
    expect(again.controls).toEqual([]);
  });

  it("lets control owners edit, auditors only read, and keeps each organization's risks to itself", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const id = (await create(client, base)).json().id;
    const owner = await member(app, ctx.db, org.id, "control_owner");
    expect((await owner.client.patch(`/api/v1/risks/${id}`, { impact: 2 })).statusCode).toBe(200);
    expect((await owner.client.post("/api/v1/risk-assessments", { name: "x", period: "2026" })).statusCode).toBe(403);
    const auditor = await member(app, ctx.db, org.id, "auditor");
    expect((await auditor.client.get(`/api/v1/risks/${id}`)).statusCode).toBe(200);
    expect((await auditor.client.patch(`/api/v1/risks/${id}`, { impact: 1 })).statusCode).toBe(403);
    const other = await orgWithOwner(app, ctx.db);
    expect((await other.client.get(`/api/v1/risks/${id}`)).statusCode).toBe(404);
    expect((await other.client.patch(`/api/v1/risks/${id}`, { impact: 1 })).statusCode).toBe(404);
    expect((await other.client.delete(`/api/v1/risks/${id}`)).statusCode).toBe(404);
    expect((await other.client.get("/api/v1/risks")).json().total).toBe(0);
    expect((await other.client.get("/api/v1/risks/export.csv")).body.trim().split("\r\n")).toHaveLength(1);
  });

  it("creates at most one of two risks with the same title sent at once", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const [a, b] = await Promise.all([create(client, base), create(client, base)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
  });
});
