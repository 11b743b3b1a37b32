import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { addDays, addMonths, plainDay } from "../../core/training.ts";
import type { Db } from "../../db/client.ts";
import {
  evidenceControls,
  jobs,
  ledgerEntries,
  notifications,
  trainingAttempts,
  trainingExternal,
} from "../../db/schema/index.ts";
import { collectPersonTasks } from "../../kernel/routines.ts";
import { multipart } from "../evidence/testing.ts";
import { seedPeople } from "../people/testing.ts";
import { pdfLines } from "../remediation/testing.ts";
import { sendTrainingReminders, TRAINING_REMINDER_EMAIL_JOB } from "./reminders.ts";
import { answersWithWrong, pdfCertificate, rightAnswers, seedCompletion } from "./testing.ts";

const { ctx, app } = withTestApp();
const today = plainDay(new Date());

/** An organization with an owner, and an employee who is in the people directory. */
async function team(extra: Parameters<typeof seedPeople>[2] = []) {
  const owner = await orgWithOwner(app, ctx.db);
  const email = `emp-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const employee = await member(app, ctx.db, owner.org.id, "employee", email);
  const [person, ...others] = await seedPeople(ctx.db, owner.org.id, [
    { email, fullName: "Erin Employee", department: "Engineering" },
    ...extra,
  ]);
  return {
    ...owner,
    owner: owner.client,
    employee: employee.client,
    employeeUser: employee.user,
    person: person!,
    others,
  };
}

const countRows = async (db: Db, table: typeof trainingAttempts | typeof trainingExternal, organizationId: string) =>
  (await db.select().from(table).where(eq(table.organizationId, organizationId))).length;

function certificateForm(file: { filename: string; content: Buffer }, fields: Record<string, string> = {}) {
  return multipart([
    { name: "provider", value: fields.provider ?? "SecureLearn" },
    { name: "courseTitle", value: fields.courseTitle ?? "Phishing and social engineering" },
    { name: "completedOn", value: fields.completedOn ?? addDays(today, -10) },
    { name: "file", ...file, contentType: "application/pdf" },
  ]);
}

describe("taking the course", () => {
  it("never sends the answers before submission; grades on the server; a failed attempt is retried and a pass completes for a year", async () => {
    const t = await team();
    const courseRes = await t.employee.get("/api/v1/training/course");
    expect(courseRes.statusCode).toBe(200);
    const c = courseRes.json();
    expect(c.modules).toHaveLength(6);
    expect(c.quiz.length).toBeGreaterThanOrEqual(10);
    expect(c.passMark).toBe(80);
    expect(courseRes.body).not.toMatch(/"correct"|"explanation"|correctOption/);

    const before = (await t.employee.get("/api/v1/training/me")).json();
    expect(before).toMatchObject({ person: { id: t.person.id }, assigned: true, standing: { status: "due" } });

    const failed = await t.employee.post("/api/v1/training/attempts", { answers: answersWithWrong(4) });
    expect(failed.statusCode).toBe(201);
    expect(failed.json()).toMatchObject({ passed: false, correct: c.quiz.length - 4, validUntil: null });
    const wrong = failed.json().questions.filter((q: { isCorrect: boolean }) => !q.isCorrect);
    expect(wrong).toHaveLength(4);
    expect(wrong[0]).toMatchObject({ correctOption: expect.any(String), explanation: expect.any(String) });
    expect((await t.employee.get("/api/v1/training/me")).json().standing.status).toBe("due");

    const passed = await t.employee.post("/api/v1/training/attempts", { answers: rightAnswers() });
    expect(passed.json()).toMatchObject({ passed: true, score: 100, validUntil: addMonths(today, 12) });
    const after = (await t.employee.get("/api/v1/training/me")).json();
    expect(after.standing).toMatchObject({ status: "complete", completedOn: today, validUntil: addMonths(today, 12) });
    expect(after.attempts.map((a: { passed: boolean }) => a.passed)).toEqual([true, false]);

    const entries = await ctx.db
      .select({ action: ledgerEntries.action })
      .from(ledgerEntries)
      .where(and(eq(ledgerEntries.organizationId, t.org.id), eq(ledgerEntries.actorId, t.employeeUser.id)));
    expect(entries.map((e) => e.action)).toEqual([
      "training.attempt_submitted",
      "training.attempt_submitted",
      "training.completed",
    ]);
  });

  it("refuses unanswered, unknown and impossible answers, and members outside the directory, writing nothing", async () => {
    const t = await team();
    const answers = rightAnswers();
    const { q1: _drop, ...missing } = answers;
    const unanswered = await t.employee.post("/api/v1/training/attempts", { answers: missing });
    expect(unanswered.json()).toMatchObject({ status: 400, code: "unanswered_questions", questions: ["q1"] });
    const unknown = await t.employee.post("/api/v1/training/attempts", { answers: { ...answers, q99: "a" } });
    expect(unknown.json()).toMatchObject({ status: 400, code: "unknown_question" });
    const option = await t.employee.post("/api/v1/training/attempts", { answers: { ...answers, q2: "z" } });
    expect(option.json()).toMatchObject({ status: 400, code: "unknown_option", questions: ["q2"] });
    const wrongType = await t.employee.post("/api/v1/training/attempts", { answers: { q1: 3 } });
    expect(wrongType.statusCode).toBe(400);
    const outsider = await member(app, ctx.db, t.org.id, "viewer");
    const notMe = await outsider.client.post("/api/v1/training/attempts", { answers });
    expect(notMe.json()).toMatchObject({ status: 409, code: "not_in_directory" });
    expect((await outsider.client.get("/api/v1/training/me")).json()).toMatchObject({ person: null, assigned: false });
    expect(await countRows(ctx.db, trainingAttempts, t.org.id)).toBe(0);
  });

  it("uses the organization's pass mark, and validates settings", async () => {
    const t = await team();
    const strict = await t.owner.patch("/api/v1/training/settings", { passMark: 100 });
    expect(strict.json()).toMatchObject({ passMark: 100, passMarkOverride: 100, coursePassMark: 80 });
    expect((await t.employee.post("/api/v1/training/attempts", { answers: answersWithWrong(1) })).json()).toMatchObject(
      { passed: false, passMark: 100 },
    );
    const bad = await t.owner.patch("/api/v1/training/settings", { newHireDays: 0, requiredShare: 120 });
    expect(bad.statusCode).toBe(400);
    expect((await t.employee.patch("/api/v1/training/settings", { passMark: 50 })).statusCode).toBe(403);
    expect((await t.owner.patch("/api/v1/training/settings", { passMark: null })).json().passMark).toBe(80);
  });
});

describe("the training control and person tasks", () => {
  it("keeps HR-04 from operating until the required share is trained, then operating, then needing attention when completions expire", async () => {
    const t = await team([{ fullName: "Ada Lovelace" }, { fullName: "Bob Builder" }]);
    const nextMonth = addMonths(`${today.slice(0, 7)}-01`, 1);
    const program = (
      await t.owner.post("/api/v1/programs", {
        name: "SOC 2 Type II",
        reportType: "type2",
        windowStart: nextMonth,
        windowEnd: addDays(addMonths(nextMonth, 6), -1),
      })
    ).json();
    const hr04 = async () => (await t.owner.get(`/api/v1/programs/${program.id}/controls/HR-04`)).json();

    const start = await hr04();
    expect(start.status).not.toBe("operating");
    const overview = (await t.owner.get("/api/v1/training/overview")).json();
    expect(overview.check).toMatchObject({
      state: "not_met",
      reason: expect.stringMatching(/^3 of 3 people have not completed security awareness training/),
    });

    const [ada, bob] = t.others;
    await seedCompletion(ctx.db, t.org.id, ada!.id, addDays(today, -20));
    await seedCompletion(ctx.db, t.org.id, bob!.id, addDays(today, -20));
    // The employee's pass is a change: it announces HR-04 and the program recomputes it in the same transaction.
    await t.employee.post("/api/v1/training/attempts", { answers: rightAnswers() });
    const operating = await hr04();
    expect(operating.status).toBe("operating");
    expect(operating.statusReason).toContain("3 of 3 people (100%) have completed security awareness training");

    // Two completions from over a year ago: the control was met, and lapsed.
    const t2 = await team([{ fullName: "Cy Old" }]);
    const program2 = (
      await t2.owner.post("/api/v1/programs", {
        name: "SOC 2",
        reportType: "type2",
        windowStart: nextMonth,
        windowEnd: addDays(addMonths(nextMonth, 6), -1),
      })
    ).json();
    await seedCompletion(ctx.db, t2.org.id, t2.person.id, addDays(addMonths(today, -12), -5));
    await seedCompletion(ctx.db, t2.org.id, t2.others[0]!.id, addDays(addMonths(today, -12), -5));
    await t2.owner.patch("/api/v1/training/settings", { requiredShare: 90 });
    const lapsed = (await t2.owner.get(`/api/v1/programs/${program2.id}/controls/HR-04`)).json();
    expect(lapsed.status).toBe("needs_attention");
    expect(lapsed.statusReason).toContain("completions expired without renewal");

    const tasks = await collectPersonTasks(ctx.db, t2.org.id, [t2.person.id], new Date());
    // Other modules (devices, people) give the same person tasks of their own: only training's are asserted.
    expect(tasks.get(t2.person.id)!.filter((k) => k.module === "training")).toEqual([
      expect.objectContaining({ module: "training", state: "overdue", href: "/portal/training" }),
    ]);
    const done = await collectPersonTasks(ctx.db, t.org.id, [t.person.id], new Date());
    expect(done.get(t.person.id)!.filter((k) => k.module === "training")).toEqual([
      expect.objectContaining({ state: "done", dueDate: addMonths(today, 12) }),
    ]);
  });
});

describe("external training", () => {
  it("records training taken elsewhere with a certificate; an admin accepts it as a completion", async () => {
    const t = await team();
    const form = certificateForm({ filename: "certificate.pdf", content: pdfCertificate() });
    const recorded = await t.employee.request("POST", "/api/v1/training/me/external", form.payload, {
      headers: form.headers,
    });
    expect(recorded.statusCode).toBe(201);
    const record = recorded.json();
    expect(record).toMatchObject({ status: "pending", mimeType: "application/pdf", personId: t.person.id });

    // The person and admins see the certificate; another employee does not.
    const mine = await t.employee.get(`/api/v1/training/external/${record.id}/certificate`);
    expect(mine.statusCode).toBe(200);
    expect(mine.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const other = await member(app, ctx.db, t.org.id, "employee");
    expect((await other.client.get(`/api/v1/training/external/${record.id}/certificate`)).statusCode).toBe(403);

    const pending = (await t.owner.get("/api/v1/training/external?status=pending")).json();
    expect(pending.items.map((x: { id: string }) => x.id)).toEqual([record.id]);
    const noNote = await t.owner.post(`/api/v1/training/external/${record.id}/decision`, { decision: "reject" });
    expect(noNote.json()).toMatchObject({ status: 400, code: "note_required" });
    const accepted = await t.owner.post(`/api/v1/training/external/${record.id}/decision`, { decision: "accept" });
    expect(accepted.json()).toMatchObject({ status: "accepted" });
    const again = await t.owner.post(`/api/v1/training/external/${record.id}/decision`, { decision: "accept" });
    expect(again.json()).toMatchObject({ status: 409, code: "already_decided" });
    const me = (await t.employee.get("/api/v1/training/me")).json();
    expect(me.standing).toMatchObject({ status: "complete", completedOn: addDays(today, -10) });

    // An admin records for someone else.
    const [dora] = await seedPeople(ctx.db, t.org.id, [{ fullName: "Dora Doe" }]);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]);
    const forDora = multipart([
      { name: "provider", value: "Acme Academy" },
      { name: "courseTitle", value: "Security basics" },
      { name: "completedOn", value: today },
      { name: "file", filename: "dora.png", content: png, contentType: "image/png" },
    ]);
    const byAdmin = await t.owner.request("POST", `/api/v1/training/people/${dora!.id}/external`, forDora.payload, {
      headers: forDora.headers,
    });
    expect(byAdmin.json()).toMatchObject({ personName: "Dora Doe", mimeType: "image/png", status: "pending" });
    expect(
      (
        await t.employee.request("POST", `/api/v1/training/people/${dora!.id}/external`, forDora.payload, {
          headers: forDora.headers,
        })
      ).statusCode,
    ).toBe(403);
  });

  it("refuses certificates that are not PDF, PNG or JPEG by content, too large, future dates and missing fields, keeping nothing", async () => {
    const t = await team();
    const post = (form: ReturnType<typeof multipart>) =>
      t.employee.request("POST", "/api/v1/training/me/external", form.payload, { headers: form.headers });
    const renamed = await post(
      certificateForm({ filename: "certificate.pdf", content: Buffer.from("MZ\x90\x00 not a pdf") }),
    );
    expect(renamed.json()).toMatchObject({ status: 415, code: "certificate_type_refused" });
    const big = Buffer.concat([pdfCertificate(), Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await post(certificateForm({ filename: "big.pdf", content: big }));
    expect(tooBig.json()).toMatchObject({ status: 413, code: "file_too_large" });
    const future = await post(
      certificateForm({ filename: "c.pdf", content: pdfCertificate() }, { completedOn: addDays(today, 30) }),
    );
    expect(future.json()).toMatchObject({ status: 400, code: "completed_in_future" });
    const noProvider = await post(certificateForm({ filename: "c.pdf", content: pdfCertificate() }, { provider: " " }));
    expect(noProvider.json()).toMatchObject({ status: 400, code: "validation_failed" });
    expect(noProvider.json().detail).toContain("body.provider");
    const noFile = multipart([{ name: "provider", value: "X" }]);
    expect((await post(noFile)).json()).toMatchObject({ status: 400, code: "no_file" });
    const json = await t.employee.post("/api/v1/training/me/external", { provider: "X" });
    expect(json.json()).toMatchObject({ status: 415, code: "multipart_required" });
    expect(await countRows(ctx.db, trainingExternal, t.org.id)).toBe(0);
  });
});

describe("the completion table, reports and reminders", () => {
  it("searches, filters and pages the completion table", async () => {
    const t = await team([
      { fullName: "Ada Lovelace", department: "Research" },
      { fullName: "Bob Builder", department: "Engineering" },
      { fullName: "Cid Contractor", kind: "contractor", department: "Engineering" },
      { fullName: "Dee Departed", status: "left" },
    ]);
    await t.employee.post("/api/v1/training/attempts", { answers: rightAnswers() });
    const all = (await t.owner.get("/api/v1/training/people?pageSize=2")).json();
    expect(all).toMatchObject({ total: 4, pageSize: 2 });
    expect(all.items).toHaveLength(2);
    const done = (await t.owner.get("/api/v1/training/people?status=complete")).json();
    expect(done.items.map((p: { fullName: string }) => p.fullName)).toEqual(["Erin Employee"]);
    expect(done.items[0]).toMatchObject({ source: "course", attempts: 1 });
    const eng = (await t.owner.get("/api/v1/training/people?department=Engineering&q=bob")).json();
    expect(eng.items.map((p: { fullName: string }) => p.fullName)).toEqual(["Bob Builder"]);
    await t.owner.patch("/api/v1/training/settings", { includeContractors: false });
    expect((await t.owner.get("/api/v1/training/people")).json().total).toBe(3);
    expect((await t.owner.get("/api/v1/training/people?status=bogus")).statusCode).toBe(400);
    expect((await t.employee.get("/api/v1/training/people")).statusCode).toBe(403);
  });

  it("exports completions of a period as CSV and PDF, and attaches the report as evidence to HR-04", async () => {
    const t = await team([{ fullName: "=HYPERLINK(1)" }]);
    await t.employee.post("/api/v1/training/attempts", { answers: rightAnswers() });
    await seedCompletion(ctx.db, t.org.id, t.others[0]!.id, "2020-01-15");
    const from = addDays(today, -30);
    const csv = await t.owner.get(`/api/v1/training/report.csv?from=${from}&to=${today}`);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split("\r\n");
    expect(lines[0]).toBe(
      "person,email,department,course,how,completed_on,valid_until,quiz_score,external_provider,external_course",
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`Erin Employee`);
    expect(lines[1]).toContain(`course and quiz,${today},${addMonths(today, 12)},100`);
    const old = await t.owner.get("/api/v1/training/report.csv?from=2020-01-01&to=2020-12-31");
    expect(old.body).toContain("'=HYPERLINK(1),"); // a name a spreadsheet would run as a formula is quoted
    expect(old.body.trim().split("\r\n")).toHaveLength(2);
    const pdf = await t.owner.get(`/api/v1/training/report.pdf?from=${from}&to=${today}`);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfLines(pdf.rawPayload).join("\n");
    expect(text).toContain("Completions in the period");
    expect(text).toContain("Erin Employee");
    expect(text).toContain("Course and quiz (100%)");
    expect(text).toContain("Not current today");
    const backwards = await t.owner.get(`/api/v1/training/report.csv?from=${today}&to=${from}`);
    expect(backwards.json()).toMatchObject({ status: 400, code: "invalid_period" });

    const nextMonth = addMonths(`${today.slice(0, 7)}-01`, 1);
    const program = (
      await t.owner.post("/api/v1/programs", {
        name: "SOC 2",
        reportType: "type2",
        windowStart: nextMonth,
        windowEnd: addDays(addMonths(nextMonth, 6), -1),
      })
    ).json();
    const attachedRes = await t.owner.post("/api/v1/training/report/evidence", {
      programId: program.id,
      from,
      to: addDays(today, 5),
    });
    expect(attachedRes.statusCode).toBe(201);
    const links = await ctx.db
      .select()
      .from(evidenceControls)
      .where(eq(evidenceControls.evidenceId, attachedRes.json().evidenceId));
    expect(links.map((l) => l.controlKey)).toEqual(["HR-04"]);
    const otherOrg = await orgWithOwner(app, ctx.db);
    const foreign = await otherOrg.client.post("/api/v1/training/report/evidence", {
      programId: program.id,
      from,
      to: today,
    });
    expect(foreign.statusCode).toBe(404);
    expect(
      (await t.employee.post("/api/v1/training/report/evidence", { programId: program.id, from, to: today }))
        .statusCode,
    ).toBe(403);
  });

  it("reminds people whose training is due or overdue by email and in the app, at most every three days", async () => {
    const t = await team([{ fullName: "Ada Lovelace" }]);
    await seedCompletion(ctx.db, t.org.id, t.others[0]!.id, addDays(today, -3));
    const later = new Date(Date.now() + 31 * 86_400_000);
    const emails = async () =>
      (
        await ctx.db
          .select()
          .from(jobs)
          .where(and(eq(jobs.organizationId, t.org.id), eq(jobs.name, TRAINING_REMINDER_EMAIL_JOB)))
      ).map((j) => j.payload as { to: string; subject: string; text: string });
    await sendTrainingReminders(ctx, later);
    const first = await emails();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      to: t.employeeUser.email.toLowerCase(),
      subject: expect.stringContaining("overdue"),
    });
    expect(first[0]!.text).toContain("/portal/training");
    const inbox = await ctx.db.select().from(notifications).where(eq(notifications.userId, t.employeeUser.id));
    expect(inbox.map((n) => n.kind)).toEqual(["training.due"]);
    await sendTrainingReminders(ctx, new Date(later.getTime() + 86_400_000));
    expect(await emails()).toHaveLength(1);
    await sendTrainingReminders(ctx, new Date(later.getTime() + 3 * 86_400_000));
    expect(await emails()).toHaveLength(2);
  });
});
