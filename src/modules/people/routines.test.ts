import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { systemActor } from "../../core/actor.ts";
import type { PersonTask } from "../../core/person-tasks.ts";
import { change } from "../../kernel/change.ts";
import { collectControlChecks, installRoutines } from "../../kernel/routines.ts";
import { multipart } from "../evidence/testing.ts";
import { updatePerson } from "./commands.ts";
import { seedPeople } from "./testing.ts";

const { ctx, app } = withTestApp();

/** A stand-in for the policies module: reports a policy task per person, done or not as the test says. */
const policyTasks = new Map<string, PersonTask[]>();
installRoutines([
  {
    personTasks: {
      name: "fake-policies",
      tasksFor: async (_db, _org, ids) => new Map(ids.map((id) => [id, policyTasks.get(id) ?? []])),
    },
  },
]);

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PNG = fs.readFileSync(path.join(import.meta.dirname, "../../platform/tabular/fixtures/image.csv"));

const CSV = [
  "Email,Full Name,Type,Status,Job Title,Department,Manager Email,Hire Date,Termination Date",
  "boss@example.test,Bea Boss,employee,active,CTO,Engineering,,2025-01-06,",
  "dev@example.test,Dev Eloper,Full-time,onboarding,Engineer,Engineering,boss@example.test,2027-01-04,",
  "bad@example.test,Bad Date,employee,active,,,,2027-13-01,",
  "dev@example.test,Dev Again,employee,active,,,,,",
  "who@example.test,Who Manager,contractor,active,,,ghost@example.test,,",
  "hand@example.test,Hand Entered,employee,active,,,,,",
].join("\n");

type PreviewRow = { line: number; action: string; note: string | null; errors: { message: string }[] };
const messagesByLine = (rows: PreviewRow[]) =>
  Object.fromEntries(rows.map((r) => [r.line, [...r.errors.map((e) => e.message), ...(r.note ? [r.note] : [])]]));

describe("HR import", () => {
  it("previews every row's errors by line, writes nothing, then imports the fixed file in one change", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    await seedPeople(ctx.db, org.id, [{ email: "hand@example.test", fullName: "Hand Entered" }]);
    const preview = await client.post("/api/v1/people/import/preview", { csv: CSV });
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body.summary).toEqual({ create: 2, update: 0, unchanged: 0, skip: 1, error: 3 });
    expect(body).toMatchObject({ format: "csv", encoding: "utf-8", counts: { total: 6, valid: 3, invalid: 3 } });
    const byLine = messagesByLine(body.rows);
    expect(byLine[4]).toEqual(["Line 4, Hire Date: '2027-13-01' is not a date (use YYYY-MM-DD)."]);
    expect(byLine[5]).toEqual(["Line 5, Email: dev@example.test is also on line 3."]);
    expect(byLine[6]![0]).toContain("Line 6, Manager Email: ghost@example.test is neither in the directory");
    expect(byLine[7]![0]).toContain("entered by hand");

    const refused = await client.post("/api/v1/people/import", { csv: CSV });
    expect(refused.json()).toMatchObject({ status: 400, code: "import_invalid", preview: { errorCount: 3 } });
    expect((await client.get("/api/v1/people")).json().total).toBe(1);

    const fixed = CSV.split("\n")
      .filter((_, i) => ![3, 4, 5].includes(i))
      .join("\n");
    const imported = await client.post("/api/v1/people/import", { csv: fixed });
    expect(imported.statusCode).toBe(200);
    expect(imported.json().summary).toMatchObject({ create: 2, skip: 1, error: 0 });
    const list = (await client.get("/api/v1/people")).json().items as {
      email: string;
      id: string;
      managerId: string;
      source: string;
    }[];
    const boss = list.find((p) => p.email === "boss@example.test")!;
    const dev = list.find((p) => p.email === "dev@example.test")!;
    expect(dev).toMatchObject({ managerId: boss.id, source: "hr_csv" });
    expect(list.find((p) => p.email === "hand@example.test")).toMatchObject({ source: "manual" });
    // Dev was imported as onboarding: their checklist opened.
    const routines = (await client.get(`/api/v1/people/${dev.id}/routines`)).json();
    expect(routines.checklists.map((i: { key: string }) => i.key)).toContain("confidentiality");
    // Importing again changes nothing.
    const again = await client.post("/api/v1/people/import/preview", { csv: fixed });
    expect(again.json().summary).toMatchObject({ create: 0, update: 0, unchanged: 2, skip: 1 });
  });

  it("takes an XLSX upload (multipart): preview, refusal of a sheet with errors, then the import", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const xlsx = fs.readFileSync(path.join(import.meta.dirname, "../../platform/tabular/fixtures/hr.xlsx"));
    const upload = (url: string, sheet?: string) => {
      const form = multipart([
        ...(sheet ? [{ name: "sheet", value: sheet }] : []),
        { name: "file", filename: "hr.xlsx", content: xlsx, contentType: XLSX_TYPE },
      ]);
      return client.request("POST", url, form.payload, { headers: form.headers });
    };
    const preview = (await upload("/api/v1/people/import/preview")).json();
    expect(preview).toMatchObject({
      format: "xlsx",
      sheet: "Export",
      counts: { total: 2, valid: 2, invalid: 0 },
      summary: { create: 2 },
      warnings: [],
    });
    expect(preview.columns).toContainEqual({ header: "Team", field: "department" });
    expect(preview.rows[0]).toMatchObject({ line: 2, email: "dev@example.test", action: "create" });

    const broken = await upload("/api/v1/people/import", "broken");
    expect(broken.statusCode).toBe(400);
    expect(broken.json().preview.errors.map((e: { message: string }) => e.message)).toEqual([
      "Line 2, Hire Date: '2026-13-01' is not a date (use YYYY-MM-DD).",
      "Line 3, Employee Type: 'Robot' is not employee or contractor.",
    ]);
    expect((await client.get("/api/v1/people")).json().total).toBe(0);

    expect((await upload("/api/v1/people/import")).statusCode).toBe(200);
    const list = (await client.get("/api/v1/people")).json().items as {
      email: string;
      id: string;
      managerId: string | null;
      startDate: string | null;
    }[];
    const boss = list.find((p) => p.email === "boss@example.test")!;
    // The manager is on a later row than their report; the Excel date arrives as a date.
    expect(list.find((p) => p.email === "dev@example.test")).toMatchObject({
      managerId: boss.id,
      startDate: "2026-01-05",
    });
  });

  it("refuses an upload of more than 50,000 rows and answers (the rest of the form is drained)", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const rows = Array.from({ length: 50_001 }, (_, i) => `p${i}@example.test,P${i}`);
    const form = multipart([{ name: "file", filename: "big.csv", content: `email,name\n${rows.join("\n")}\n` }]);
    const res = await client.request("POST", "/api/v1/people/import/preview", form.payload, { headers: form.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json().fileErrors).toEqual([
      "The file has more than 50,000 rows. Split it into files of at most 50,000 rows and import each.",
    ]);
  });

  it("reports a file that is not a usable CSV", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const noEmail = await client.post("/api/v1/people/import/preview", { csv: "name,title\nAda,CEO\n" });
    expect(noEmail.json().fileErrors[0]).toContain("no “email” column");
    const quote = await client.post("/api/v1/people/import/preview", { csv: 'email,name\n"a@b.test,Ada\n' });
    expect(quote.json().fileErrors[0]).toMatch(/^Line 2: /);
    const empty = await client.post("/api/v1/people/import/preview", { csv: "" });
    expect(empty.statusCode).toBe(400);
    const form = multipart([{ name: "file", filename: "photo.csv", content: PNG }]);
    const png = await client.request("POST", "/api/v1/people/import/preview", form.payload, { headers: form.headers });
    expect(png.json().fileErrors).toEqual(["This file is not a CSV or an XLSX workbook (its content is a PNG image)."]);
  });
});

describe("onboarding and offboarding", () => {
  it("opens onboarding for a new person; their steps, another module's task and the manager's step make them compliant", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const employee = await member(app, ctx.db, org.id, "employee");
    const created = await client.post("/api/v1/people", {
      email: employee.user.email,
      fullName: "Nia New",
      status: "onboarding",
    });
    const nia = created.json();
    const r1 = (await client.get(`/api/v1/people/${nia.id}/routines`)).json();
    expect(r1.compliance.state).toBe("due");
    const steps = r1.checklists as { id: string; key: string; assignee: string; assigneeUserId: string | null }[];
    const confidentiality = steps.find((s) => s.key === "confidentiality")!;
    expect(confidentiality.assigneeUserId).toBe(employee.user.id);

    // The employee sees and completes their own step, not the manager's.
    const mine = (await employee.client.get("/api/v1/people/my-steps")).json().items;
    expect(mine.map((s: { key: string }) => s.key)).toContain("confidentiality");
    expect(mine.map((s: { key: string }) => s.key)).not.toContain("access_granted");
    const own = await employee.client.post(`/api/v1/checklist-steps/${confidentiality.id}/complete`, {
      note: "Signed with the offer letter",
    });
    expect(own.json()).toMatchObject({ state: "done", doneBy: employee.user.id });
    const access = steps.find((s) => s.key === "access_granted")!;
    const notMine = await employee.client.post(`/api/v1/checklist-steps/${access.id}/complete`, {});
    expect(notMine.statusCode).toBe(403);
    const twice = await client.post(`/api/v1/checklist-steps/${confidentiality.id}/complete`, {});
    expect(twice.json()).toMatchObject({ status: 409, code: "already_done" });

    // Policy acceptance is done when the policies routine reports every policy task done.
    policyTasks.set(nia.id, [
      {
        id: "p1",
        module: "fake-policies",
        kind: "policy",
        title: "Accept the AUP",
        dueDate: null,
        state: "done",
        href: "/",
        doneAt: new Date().toISOString(),
      },
    ]);
    const r2 = (await client.get(`/api/v1/people/${nia.id}/routines`)).json();
    expect(r2.checklists.find((s: { key: string }) => s.key === "policy_acceptance").state).toBe("done");
    expect(r2.checklists.find((s: { key: string }) => s.key === "security_training").state).not.toBe("done");

    const bg = await client.post(`/api/v1/people/${nia.id}/background-checks`, {
      checkedOn: "2026-01-10",
      provider: "Checkr",
      outcome: "clear",
    });
    expect(bg.statusCode).toBe(201);
    for (const s of r2.checklists as { id: string; state: string }[])
      if (s.state !== "done") await client.post(`/api/v1/checklist-steps/${s.id}/complete`, { note: "Done" });
    const r3 = (await client.get(`/api/v1/people/${nia.id}/routines`)).json();
    // With every module installed, a new person also owes security training (its own tests complete it; no computer
    // is asked for: the organization monitors no devices). Nothing of the people routine is left.
    const left = (r3.tasks as { module: string; state: string }[]).filter((t) => t.state !== "done");
    expect(left.map((t) => t.module)).toEqual(["training"]);
    expect(r3.compliance).toMatchObject({ state: "due", open: 1, overdue: 0 });
    const checks = await collectControlChecks(ctx.db, org.id, new Date(), ["HR-02", "HR-09"]);
    expect(checks.get("HR-02")?.[0]).toMatchObject({ state: "met" });
    expect(checks.get("HR-09")?.[0]).toMatchObject({ state: "met" });
  });

  it("opens offboarding when someone leaves; a revocation past the SLA is a deviation on the item, dashboard and HR-10", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const [leo] = await seedPeople(ctx.db, org.id, [{ fullName: "Leo Leaving", startDate: "2024-01-01" }]);
    const left = await client.patch(`/api/v1/people/${leo!.id}`, { status: "left", endDate: "2026-03-02" });
    expect(left.statusCode).toBe(200);
    const r = (await client.get(`/api/v1/people/${leo!.id}/routines`)).json();
    const revocations = r.checklists.filter((i: { revocation: boolean }) => i.revocation);
    expect(revocations.length).toBe(3);
    // Deadline: the end of 2 March plus 24 hours.
    expect(revocations[0].dueAt).toBe("2026-03-04T00:00:00.000Z");
    const onTime = await client.post(`/api/v1/checklist-steps/${revocations[0].id}/complete`, {
      revokedAt: "2026-03-03T09:00:00Z",
    });
    expect(onTime.json()).toMatchObject({ lateMinutes: null, deviation: null });
    const late = await client.post(`/api/v1/checklist-steps/${revocations[1].id}/complete`, {
      revokedAt: "2026-03-04T03:30:00Z",
      note: "Found in the quarterly review",
    });
    expect(late.json()).toMatchObject({ lateMinutes: 210, deviation: "3 hours 30 minutes late" });
    const future = await client.post(`/api/v1/checklist-steps/${revocations[2].id}/complete`, {
      revokedAt: "2099-01-01T00:00:00Z",
    });
    expect(future.json()).toMatchObject({ status: 400, code: "revoked_in_future" });
    const dashboard = (await client.get("/api/v1/people/dashboard")).json();
    expect(dashboard.deviations).toEqual([
      expect.objectContaining({
        fullName: "Leo Leaving",
        deviation: "3 hours 30 minutes late",
        system: "Source code hosting",
      }),
    ]);
    const checks = await collectControlChecks(ctx.db, org.id, new Date(), ["HR-10"]);
    expect(checks.get("HR-10")?.[0]).toMatchObject({ state: "not_met" });
    await client.post(`/api/v1/checklist-steps/${revocations[2].id}/complete`, {
      revokedAt: "2026-03-03T10:00:00Z",
    });
    const after = await collectControlChecks(ctx.db, org.id, new Date(), ["HR-10"]);
    expect(after.get("HR-10")?.[0]).toMatchObject({ state: "lapsed" });
    expect(after.get("HR-10")?.[0]?.reason).toContain(
      "Source code hosting for Leo Leaving was revoked 3 hours 30 minutes late",
    );
  });

  it("counts people by state on the dashboard and checks background checks for HR-01", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const [a, b] = await seedPeople(ctx.db, org.id, [
      { fullName: "Ann Active", startDate: "2020-01-01" },
      { fullName: "Ben Active", startDate: "2020-01-01" },
    ]);
    const hr1 = await collectControlChecks(ctx.db, org.id, new Date(), ["HR-01"]);
    expect(hr1.get("HR-01")?.[0]).toMatchObject({ state: "not_met" });
    expect(hr1.get("HR-01")?.[0]?.reason).toContain("Ann Active");
    const d1 = (await client.get("/api/v1/people/dashboard")).json();
    expect(d1.counts).toEqual({ compliant: 0, due: 0, overdue: 2 });
    for (const p of [a!, b!])
      await client.post(`/api/v1/people/${p.id}/background-checks`, {
        checkedOn: "2026-01-01",
        provider: "Acme",
        outcome: "clear",
      });
    expect((await collectControlChecks(ctx.db, org.id, new Date(), ["HR-01"])).get("HR-01")?.[0]).toMatchObject({
      state: "met",
    });
    const d2 = (await client.get("/api/v1/people/dashboard")).json();
    // Background checks were what made them overdue; security training (another module) is still due.
    expect(d2.counts).toEqual({ compliant: 0, due: 2, overdue: 0 });
    const wrong = await client.post(`/api/v1/people/${a!.id}/background-checks`, {
      checkedOn: "2026-01-01",
      provider: "Acme",
      outcome: "passed",
    });
    expect(wrong.statusCode).toBe(400);
  });

  it("keeps settings valid and uses them for the next offboarding", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const settings = (await client.get("/api/v1/people/settings")).json();
    expect(settings).toMatchObject({ offboardingSlaHours: 24, defaults: true });
    const { defaults: _d, ...body } = settings;
    const noDefault = await client.put("/api/v1/people/settings", { ...body, templates: body.templates.slice(1) });
    expect(noDefault.statusCode).toBe(400);
    const saved = await client.put("/api/v1/people/settings", {
      ...body,
      offboardingSlaHours: 4,
      offboardingSystems: ["GitHub"],
    });
    expect(saved.json()).toMatchObject({ offboardingSlaHours: 4, defaults: false });
    const [p] = await seedPeople(ctx.db, org.id, [{ fullName: "Sam Short" }]);
    await change(ctx.db, systemActor(org.id), (c) => updatePerson(c, p!.id, { endDate: "2026-05-01" }));
    const r = (await client.get(`/api/v1/people/${p!.id}/routines`)).json();
    expect(r.checklists.filter((i: { revocation: boolean }) => i.revocation)).toEqual([
      expect.objectContaining({ system: "GitHub", dueAt: "2026-05-02T04:00:00.000Z" }),
    ]);
    // A corrected end date moves the deadline of the revocations still open.
    const [other] = await seedPeople(ctx.db, org.id, [{ fullName: "Mia Moving" }]);
    await client.patch(`/api/v1/people/${other!.id}`, { endDate: "2026-06-01" });
    await client.patch(`/api/v1/people/${other!.id}`, { endDate: "2026-06-10" });
    const moved = (await client.get(`/api/v1/people/${other!.id}/routines`)).json();
    expect(moved.checklists.find((i: { revocation: boolean }) => i.revocation).dueAt).toBe("2026-06-11T04:00:00.000Z");
    const step = moved.checklists.find((i: { revocation: boolean }) => i.revocation);
    const onTime = await client.post(`/api/v1/checklist-steps/${step.id}/complete`, {
      revokedAt: "2026-06-11T00:00:00Z",
    });
    expect(onTime.json()).toMatchObject({ state: "done", lateMinutes: null });
  });
});
