import { eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { linkIn, startSmtpCatcher } from "../../../test/smtp.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { notifications, vendorNotices, vendorQuestionnaires, vendors } from "../../db/schema/index.ts";
import { collectControlChecks } from "../../kernel/routines.ts";
import { createMailer } from "../../platform/mailer.ts";
import { buildApp } from "../../server/app.ts";
import { multipart } from "../evidence/testing.ts";
import { remindDueDiligence } from "./reminders.ts";
import { SAMPLE_PDF, seedQuestionnaire, seedVendor } from "./testing.ts";

let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
});
afterAll(async () => smtp?.close());
const { ctx, app } = withTestApp(() => ({
  config: {
    SMTP_URL: smtp.url,
    ASSAY_PUBLIC_URL: "https://assay.example.test",
    ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 10_000,
  },
  mailer: (c) => createMailer(c.config, pino({ level: "silent" })),
}));

async function uploadReport(
  client: TestClient,
  vendorId: string,
  details: unknown,
  file = SAMPLE_PDF,
  name = "soc2.pdf",
) {
  const body = multipart([
    { name: "details", value: JSON.stringify(details) },
    { name: "file", filename: name, content: file, contentType: "application/pdf" },
  ]);
  return client.request("POST", `/api/v1/vendors/${vendorId}/reports`, body.payload, { headers: body.headers });
}

const soc2 = {
  reportType: "type2",
  periodStart: "2026-01-01",
  periodEnd: "2026-09-30",
  opinion: "unqualified",
  exceptions: ["One change lacked a recorded approval"],
  cuecs: [{ text: "Customers review user access to the service quarterly", controlKey: "acc-03" }],
};

describe(`vendor register on ${dbKind}`, () => {
  it("adds, lists, filters, changes and exports vendors; duplicate names and dates out of order are refused", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const created = await client.post("/api/v1/vendors", {
      name: "Cloudy Hosting",
      website: "https://cloudy.example",
      services: "Hosting of the production service",
      criticality: "critical",
      dataShared: ["customer_personal_data", "confidential"],
      ownerUserId: user.id,
      contractStart: "2026-01-01",
      contractEnd: "2028-01-01",
      isSubprocessor: true,
      subprocessorPurpose: "Hosting",
      subprocessorLocation: "EU (Frankfurt)",
      isSubserviceOrg: true,
      nextReviewDate: "2027-06-30",
    });
    expect(created.statusCode, created.body).toBe(201);
    const v = created.json();
    expect(v).toMatchObject({ owner: { id: user.id }, status: "active", dueDiligence: { state: "none" } });

    const dup = await client.post("/api/v1/vendors", { name: "cloudy HOSTING" });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({
      code: "vendor_exists",
      detail: expect.stringMatching(/already in the register/),
    });
    const dates = await client.post("/api/v1/vendors", {
      name: "Mailer Inc",
      contractStart: "2027-01-01",
      contractEnd: "2026-01-01",
    });
    expect(dates.statusCode).toBe(400);
    expect(dates.json().code).toBe("dates_out_of_order");
    expect((await client.post("/api/v1/vendors", { name: "Bad\u0000Name" })).statusCode).toBe(400);
    expect((await client.post("/api/v1/vendors", { name: "X", criticality: "extreme" })).statusCode).toBe(400);
    const stranger = await orgWithOwner(app, ctx.db);
    const foreignOwner = await client.post("/api/v1/vendors", { name: "Y", ownerUserId: stranger.user.id });
    expect(foreignOwner.json().code).toBe("unknown_owner");

    await client.post("/api/v1/vendors", { name: "Mailer Inc", criticality: "low" });
    const list = (await client.get("/api/v1/vendors")).json();
    expect(list.items.map((i: { name: string }) => i.name)).toEqual(["Cloudy Hosting", "Mailer Inc"]);
    expect((await client.get("/api/v1/vendors?q=mailer")).json().total).toBe(1);
    expect((await client.get("/api/v1/vendors?subprocessor=true")).json().items[0].name).toBe("Cloudy Hosting");
    expect(
      (await client.get("/api/v1/vendors?reviewOverdue=true")).json().items.map((i: { name: string }) => i.name),
    ).toEqual(["Mailer Inc"]);

    // Renaming onto another vendor's name is a 409; a later end date is fine; an earlier one is not.
    expect((await client.patch(`/api/v1/vendors/${v.id}`, { name: "MAILER INC" })).statusCode).toBe(409);
    expect((await client.patch(`/api/v1/vendors/${v.id}`, { contractEnd: "2025-01-01" })).json().code).toBe(
      "dates_out_of_order",
    );
    const changed = await client.patch(`/api/v1/vendors/${v.id}`, { criticality: "high" });
    expect(changed.json().criticality).toBe("high");

    const csv = await client.get("/api/v1/vendors/export.csv?criticality=high");
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    const lines = csv.body.trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Cloudy Hosting,https:\/\/cloudy.example,/);

    const subs = (await client.get("/api/v1/vendors/subprocessors")).json();
    expect(subs.subprocessors).toEqual([
      expect.objectContaining({ name: "Cloudy Hosting", purpose: "Hosting", location: "EU (Frankfurt)" }),
    ]);
    // What the trust center will publish: nothing internal (owner, criticality, notes, review dates).
    expect(Object.keys(subs.subprocessors[0]).sort()).toEqual([
      "dataShared",
      "id",
      "location",
      "name",
      "purpose",
      "website",
    ]);
    expect(Object.keys(subs.subserviceOrganizations[0]).sort()).toEqual(["id", "name", "services", "website"]);
    expect(subs.subserviceOrganizations.map((s: { name: string }) => s.name)).toEqual(["Cloudy Hosting"]);
    expect((await client.get("/api/v1/vendors/subprocessors.csv")).body).toMatch(/^name,website,purpose/);

    const actions = (await ledgerOf(ctx.db, org.id)).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith("vendors."))).toEqual([
      "vendors.created",
      "vendors.created",
      "vendors.updated",
    ]);

    // Another organization sees none of it.
    expect((await stranger.client.get(`/api/v1/vendors/${v.id}`)).statusCode).toBe(404);
    expect((await stranger.client.patch(`/api/v1/vendors/${v.id}`, { services: "x" })).statusCode).toBe(404);
    expect((await stranger.client.get("/api/v1/vendors")).json().total).toBe(0);
    expect((await uploadReport(stranger.client, v.id, soc2)).statusCode).toBe(404);
  });

  it("imports a CSV whole or not at all: duplicates in the file, unknown owners and dates out of order are row errors", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    await seedVendor(ctx.db, org.id, { name: "Existing Co", criticality: "low" });
    const bad = [
      "name,criticality,owner,contract start,contract end,subprocessor,data shared",
      `Alpha,high,${user.email},2026-01-01,2027-01-01,yes,customer personal data;internal`,
      "alpha,low,,,,no,",
      "Beta,medium,nobody@example.com,,,no,",
      "Gamma,low,,2027-01-01,2026-01-01,no,",
    ].join("\n");
    const preview = await client.post("/api/v1/vendors/import/preview", { csv: bad });
    expect(preview.statusCode, preview.body).toBe(200);
    const messages = preview.json().errors.map((e: { message: string }) => e.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Line 3, name: “alpha” is also on line 2/),
        expect.stringMatching(/^Line 4, owner: nobody@example.com is not a member/),
        expect.stringMatching(/^Line 5, contract end: The contract ends \(2026-01-01\) before it starts/),
      ]),
    );
    const refused = await client.post("/api/v1/vendors/import", { csv: bad });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe("import_invalid");
    expect((await client.get("/api/v1/vendors")).json().total).toBe(1);

    const good = [
      "Name,Criticality,Owner,Subprocessor,Data shared,Next review",
      `Alpha,high,${user.email},yes,customer personal data;internal,2027-12-31`,
      "existing co,critical,,no,,",
    ].join("\n");
    const done = await client.post("/api/v1/vendors/import", { csv: good });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().summary).toEqual({ create: 1, update: 1 });
    const list = (await client.get("/api/v1/vendors")).json();
    expect(list.items.map((i: { name: string; criticality: string }) => [i.name, i.criticality])).toEqual([
      ["Existing Co", "critical"],
      ["Alpha", "high"],
    ]);
    expect(list.items[1]).toMatchObject({
      owner: { id: user.id },
      isSubprocessor: true,
      dataShared: ["customer_personal_data", "internal"],
    });
    // One ledger entry for the file, carrying the count and the vendors' ids; none per row.
    const ledger = await ledgerOf(ctx.db, org.id);
    const imports = ledger.filter((e) => e.action === "vendors.imported");
    expect(imports).toHaveLength(1);
    expect(imports[0]!.changes.after).toMatchObject({
      create: 1,
      update: 1,
      created: [list.items[1].id],
      updated: [list.items[0].id],
    });
    const perRow = ledger.filter((e) => ["vendors.created", "vendors.updated"].includes(e.action));
    expect(perRow.map((e) => e.entityId)).not.toContain(list.items[1].id);
    expect(perRow.map((e) => e.entityId)).not.toContain(list.items[0].id);
  });

  it("records a SOC 2 report as evidence with its findings, reviews it, adds a bridge letter; expiry and reminders follow", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const v = (
      await client.post("/api/v1/vendors", { name: "Payroll Co", criticality: "high", ownerUserId: user.id })
    ).json();

    const notPdf = await uploadReport(client, v.id, soc2, Buffer.from("hello, not a pdf"), "soc2.txt");
    expect(notPdf.statusCode).toBe(400);
    expect(notPdf.json().code).toBe("pdf_required");
    const outOfOrder = await uploadReport(client, v.id, { ...soc2, periodStart: "2026-10-01" });
    expect(outOfOrder.json()).toMatchObject({ status: 400, code: "dates_out_of_order" });
    const noDates = await uploadReport(client, v.id, { reportType: "type1", opinion: "unqualified" });
    expect(noDates.json().code).toBe("dates_out_of_order");
    const badType = await uploadReport(client, v.id, { ...soc2, reportType: "soc9" });
    expect(badType.statusCode).toBe(400);
    expect((await client.post(`/api/v1/vendors/${v.id}/reports`, { details: "{}" })).statusCode).toBe(415);

    const res = await uploadReport(client, v.id, soc2);
    expect(res.statusCode, res.body).toBe(201);
    const report = res.json().reports[0];
    expect(report).toMatchObject({
      reportType: "type2",
      opinion: "unqualified",
      expiresOn: "2027-09-30",
      exceptions: ["One change lacked a recorded approval"],
      cuecs: [{ text: "Customers review user access to the service quarterly", controlKey: "ACC-03" }],
      uploadedBy: { id: user.id },
      reviewedAt: null,
    });
    // The file is evidence like any upload.
    const content = await client.get(`/api/v1/evidence/${report.evidenceId}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");

    const reviewed = await client.post(`/api/v1/vendors/${v.id}/reports/${report.id}/review`, {
      notes: "Exception is not relevant to us.",
    });
    expect(reviewed.json().reports[0]).toMatchObject({
      reviewedBy: { id: user.id },
      reviewNotes: "Exception is not relevant to us.",
    });
    const edited = await client.patch(`/api/v1/vendors/${v.id}/reports/${report.id}`, { opinion: "qualified" });
    expect(edited.json().reports[0].opinion).toBe("qualified");
    expect(
      (await client.patch(`/api/v1/vendors/${v.id}/reports/${report.id}`, { periodEnd: "2025-01-01" })).json().code,
    ).toBe("dates_out_of_order");

    const letter = multipart([
      { name: "coveredUntil", value: "2026-12-31" },
      {
        name: "file",
        filename: "bridge.pdf",
        content: Buffer.concat([SAMPLE_PDF, Buffer.from("% bridge\n")]),
        contentType: "application/pdf",
      },
    ]);
    const added = await client.request(
      "POST",
      `/api/v1/vendors/${v.id}/reports/${report.id}/bridge-letters`,
      letter.payload,
      {
        headers: letter.headers,
      },
    );
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().reports[0].bridgeLetters[0]).toMatchObject({
      coveredUntil: "2026-12-31",
      fileName: "bridge.pdf",
    });

    // VND-02 is met while the report is current; the owner hears 30 days before it lapses, and when it has, once each.
    const checks = await collectControlChecks(ctx.db, org.id, new Date("2027-01-15T00:00:00Z"), ["VND-02"]);
    expect(checks.get("VND-02")?.[0]).toMatchObject({ state: "met" });
    expect(await remindDueDiligence(ctx, new Date("2027-08-01T00:00:00Z"))).toMatchObject({ expiring: 0 });
    const soon = new Date("2027-09-10T00:00:00Z");
    expect((await remindDueDiligence(ctx, soon)).expiring).toBeGreaterThanOrEqual(1);
    await remindDueDiligence(ctx, soon);
    const late = new Date("2027-10-05T00:00:00Z");
    expect((await remindDueDiligence(ctx, late)).lapsed).toBeGreaterThanOrEqual(1);
    await remindDueDiligence(ctx, late);
    const notices = await ctx.db.select().from(vendorNotices).where(eq(vendorNotices.organizationId, org.id));
    expect(notices.map((n) => n.kind).sort()).toEqual(["expiring", "lapsed"]);
    const inbox = await ctx.db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(inbox.map((n) => n.kind).filter((k) => k.startsWith("vendor."))).toHaveLength(2);
    const lapsed = await collectControlChecks(ctx.db, org.id, late, ["VND-02"]);
    expect(lapsed.get("VND-02")?.[0]).toMatchObject({ state: "not_met", reason: expect.stringMatching(/Payroll Co/) });

    // A bridge letter past the report's 12 months carries it to the letter's last day (VND-02 met again) …
    const bridge = (coveredUntil: string) => {
      const form = multipart([
        { name: "coveredUntil", value: coveredUntil },
        {
          name: "file",
          filename: `bridge-${coveredUntil}.pdf`,
          content: Buffer.concat([SAMPLE_PDF, Buffer.from(`% ${coveredUntil}\n`)]),
          contentType: "application/pdf",
        },
      ]);
      return client.request("POST", `/api/v1/vendors/${v.id}/reports/${report.id}/bridge-letters`, form.payload, {
        headers: form.headers,
      });
    };
    const bridged = await bridge("2028-01-31");
    expect(bridged.statusCode, bridged.body).toBe(201);
    expect(bridged.json().reports[0]).toMatchObject({ expiresOn: "2028-01-31", extendedByBridgeLetter: true });
    expect(bridged.json().dueDiligence).toMatchObject({ reportExpiry: "2028-01-31" });
    expect((await collectControlChecks(ctx.db, org.id, late, ["VND-02"])).get("VND-02")?.[0]).toMatchObject({
      state: "met",
    });
    // … but no further than 18 months after the period end (2028-03-30).
    const tooLong = await bridge("2028-09-30");
    expect(tooLong.json().reports[0]).toMatchObject({ expiresOn: "2028-03-30", extendedByBridgeLetter: true });
    const afterCap = new Date("2028-03-31T00:00:00Z");
    expect((await collectControlChecks(ctx.db, org.id, afterCap, ["VND-02"])).get("VND-02")?.[0]).toMatchObject({
      state: "not_met",
    });
    const listed = (await client.get("/api/v1/vendors")).json().items.find((x: { id: string }) => x.id === v.id);
    expect(listed.dueDiligence).toMatchObject({ reportExpiry: "2028-03-30" });

    const actions = (await ledgerOf(ctx.db, org.id)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "evidence.submitted",
        "vendors.report_recorded",
        "vendors.report_reviewed",
        "vendors.report_updated",
        "vendors.bridge_letter_added",
      ]),
    );
  });

  it("sends a questionnaire by email; the contact answers once without an account and the answers are scored", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const v = (
      await client.post("/api/v1/vendors", { name: "Tiny SaaS", criticality: "critical", ownerUserId: user.id })
    ).json();
    const sent = await client.post(`/api/v1/vendors/${v.id}/questionnaires`, {
      contactEmail: "Security@Tiny.example",
      contactName: "Robin",
    });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ state: "open", contactEmail: "security@tiny.example", score: null });
    const mail = await smtp.waitFor("security@tiny.example");
    const link = linkIn(mail.raw, "/vendor-questionnaire");
    const token = new URL(link).searchParams.get("token")!;
    expect(link.startsWith("https://assay.example.test/vendor-questionnaire?token=")).toBe(true);
    expect(sent.json().link).toBe(link);
    // Only the hash is kept; the ledger never sees the secret.
    const [row] = await ctx.db.select().from(vendorQuestionnaires).where(eq(vendorQuestionnaires.vendorId, v.id));
    expect(row!.tokenHash).not.toContain(token);
    expect(JSON.stringify(await ledgerOf(ctx.db, org.id))).not.toContain(token);

    const anonymous = new TestClient(app);
    const form = await anonymous.get(`/api/v1/vendor-questionnaires/${token}`);
    expect(form.statusCode).toBe(200);
    expect(form.json()).toMatchObject({ state: "open", vendor: "Tiny SaaS", contactName: "Robin" });
    expect(form.json().questions).toHaveLength(15);
    expect(form.json().questions[0]).not.toHaveProperty("weight");
    // Yes/no and scored text questions must be answered; the unscored last one may stay empty.
    expect(
      form
        .json()
        .questions.map((q: { required: boolean }) => q.required)
        .slice(12),
    ).toEqual([true, true, false]);
    expect((await anonymous.get(`/api/v1/vendor-questionnaires/${token.slice(0, -2)}xx`)).statusCode).toBe(404);

    const questions = form.json().questions as { id: string; type: string }[];
    const answers = questions.map((q) => ({
      questionId: q.id,
      answer: q.type === "text" ? "EU only" : q.id === "q13" ? "no" : q.id === "q04" ? "no" : "yes",
    }));
    const incomplete = await anonymous.post(`/api/v1/vendor-questionnaires/${token}`, {
      respondentName: "Robin",
      answers: answers.slice(1),
    });
    expect(incomplete.json()).toMatchObject({
      status: 400,
      code: "answers_invalid",
      detail: "Answer question 1 with yes or no.",
    });
    const ok = await anonymous.post(`/api/v1/vendor-questionnaires/${token}`, {
      respondentName: "Robin Vendor",
      answers,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    // Every weight but q04's (3 of 30) is favourable.
    expect(ok.json()).toEqual({ state: "answered", score: 90 });
    const again = await anonymous.post(`/api/v1/vendor-questionnaires/${token}`, { respondentName: "Robin", answers });
    expect(again.json()).toMatchObject({ status: 409, code: "questionnaire_answered" });
    expect((await anonymous.get(`/api/v1/vendor-questionnaires/${token}`)).json().state).toBe("answered");

    const detail = (await client.get(`/api/v1/vendors/${v.id}`)).json();
    expect(detail.dueDiligence.questionnaireScore).toBe(90);
    const q = detail.questionnaires[0];
    expect(q).toMatchObject({ state: "answered", score: 90, respondentName: "Robin Vendor" });
    expect(q.answers.find((a: { questionId: string }) => a.questionId === "q04")).toEqual({
      questionId: "q04",
      answer: "no",
      favourable: false,
    });
    const reviewed = await client.post(`/api/v1/vendors/${v.id}/questionnaires/${q.id}/review`);
    expect(reviewed.json().questionnaires[0].reviewedBy).toMatchObject({ id: user.id });
    const checks = await collectControlChecks(ctx.db, org.id, new Date(), ["VND-02"]);
    expect(checks.get("VND-02")?.[0]).toMatchObject({ state: "met" });
    const entries = (await ledgerOf(ctx.db, org.id)).filter((e) => e.action.startsWith("vendors.questionnaire"));
    expect(entries.map((e) => e.action)).toEqual([
      "vendors.questionnaire_sent",
      "vendors.questionnaire_answered",
      "vendors.questionnaire_reviewed",
    ]);
  });

  it("keeps questionnaire templates of the organization's own: created, edited, chosen when sending", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    const path = "/api/v1/vendors/questionnaire-templates";
    const one = (id: string) => `/api/v1/vendor-questionnaire-templates/${id}`;
    const q = (text: string, weight: number, type = "yes_no") => ({ text, type, weight });
    // Bad input: no question, over 100, weights off range, nothing weighted.
    expect((await client.post(path, { name: "Empty", questions: [] })).statusCode).toBe(400);
    const many = Array.from({ length: 101 }, (_, i) => q(`Question ${i}`, 1));
    expect((await client.post(path, { name: "Many", questions: many })).statusCode).toBe(400);
    expect((await client.post(path, { name: "Heavy", questions: [q("A?", 11)] })).statusCode).toBe(400);
    expect((await client.post(path, { name: "Negative", questions: [q("A?", -1)] })).statusCode).toBe(400);
    const unweighted = await client.post(path, { name: "Unweighted", questions: [q("A?", 0)] });
    expect(unweighted.json().detail ?? unweighted.body).toMatch(/weight above 0/);
    expect(
      (await client.post(path, { name: "Standard vendor security questionnaire", questions: [q("A?", 1)] })).json()
        .code,
    ).toBe("template_exists");

    const created = await client.post(path, {
      name: "Light",
      questions: [q("Encrypted at rest?", 2), q("Who is your DPO?", 0, "text")],
    });
    expect(created.statusCode, created.body).toBe(201);
    const t = created.json();
    expect(t.questions.map((x: { id: string }) => x.id)).toEqual(["q01", "q02"]);
    await client.post(path, { name: "Other", questions: [q("B?", 1)] });
    const edited = await client.put(one(t.id), {
      name: "Light v2",
      questions: [q("Encrypted at rest?", 3), { ...q("Any breach this year?", 2), favourable: "no" }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ name: "Light v2", questions: [{ weight: 3 }, { favourable: "no" }] });
    expect((await client.put(one(t.id), { name: "other", questions: [q("A?", 1)] })).json().code).toBe(
      "template_exists",
    );
    // The built-in template is read-only; another organization's is not found.
    expect((await client.put(one("builtin"), { name: "X", questions: [q("A?", 1)] })).statusCode).toBe(400);
    const stranger = await orgWithOwner(app, ctx.db);
    expect((await stranger.client.put(one(t.id), { name: "Mine", questions: [q("A?", 1)] })).statusCode).toBe(404);
    const list = (await client.get(path)).json().items;
    expect(list.map((x: { name: string; builtIn: boolean }) => [x.name, x.builtIn])).toEqual([
      ["Standard vendor security questionnaire", true],
      ["Light v2", false],
      ["Other", false],
    ]);
    // Sent with the edited template, the questionnaire keeps its questions even if the template changes later.
    const v = (await client.post("/api/v1/vendors", { name: "Tmpl Co", ownerUserId: user.id })).json();
    const sent = await client.post(`/api/v1/vendors/${v.id}/questionnaires`, {
      templateId: t.id,
      contactEmail: "sec@tmpl.example",
    });
    expect(sent.statusCode, sent.body).toBe(201);
    await client.put(one(t.id), { name: "Light v3", questions: [q("Only one?", 1)] });
    const kept = (await client.get(`/api/v1/vendors/${v.id}`)).json().questionnaires[0];
    expect(kept).toMatchObject({ templateName: "Light v2" });
    expect(kept.questions).toHaveLength(2);
    const actions = (await ledgerOf(ctx.db, org.id)).map((e) => e.action);
    expect(actions.filter((a) => a.startsWith("vendors.questionnaire_template"))).toEqual([
      "vendors.questionnaire_template_created",
      "vendors.questionnaire_template_created",
      "vendors.questionnaire_template_updated",
      "vendors.questionnaire_template_updated",
    ]);
  });

  it("refuses expired links and unknown templates, and rate-limits the public form", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const v = await seedVendor(ctx.db, org.id);
    const { token } = await seedQuestionnaire(ctx.db, org.id, v.id, { expiresAt: new Date(Date.now() - 1000) });
    const anonymous = new TestClient(app);
    expect((await anonymous.get(`/api/v1/vendor-questionnaires/${token}`)).json().state).toBe("expired");
    const late = await anonymous.post(`/api/v1/vendor-questionnaires/${token}`, { respondentName: "x", answers: [] });
    expect(late.json()).toMatchObject({ status: 409, code: "questionnaire_expired" });
    const unknown = await client.post(`/api/v1/vendors/${v.id}/questionnaires`, {
      contactEmail: "a@b.example",
      templateId: "nope",
    });
    expect(unknown.json().code).toBe("unknown_template");
    expect(
      (await client.post(`/api/v1/vendors/${v.id}/questionnaires`, { contactEmail: "not-an-email" })).statusCode,
    ).toBe(400);

    const limited = await buildApp(
      { ...ctx, config: { ...ctx.config, ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 2 } },
      { logger: false },
    );
    try {
      const c = new TestClient(limited);
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await c.get(`/api/v1/vendor-questionnaires/${token}`)).statusCode);
      expect(codes).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  it("judges VND-01, VND-04 and VND-07 from the register; control owners manage, auditors read", async () => {
    const { org, client, user } = await orgWithOwner(app, ctx.db);
    expect((await collectControlChecks(ctx.db, org.id, new Date(), ["VND-01", "VND-07"])).size).toBe(0);
    const v = await seedVendor(ctx.db, org.id, { name: "Untiered", criticality: null });
    let checks = await collectControlChecks(ctx.db, org.id, new Date(), ["VND-01", "VND-04", "VND-07"]);
    expect(checks.get("VND-01")?.[0]).toMatchObject({ state: "not_met", reason: expect.stringMatching(/Untiered/) });
    expect(checks.get("VND-04")?.[0]).toMatchObject({ state: "not_met" });
    expect(checks.get("VND-07")?.[0]).toMatchObject({ state: "not_met" });

    await client.patch(`/api/v1/vendors/${v.id}`, { criticality: "low", ownerUserId: user.id });
    const reviewed = await client.post(`/api/v1/vendors/${v.id}/review`, {});
    expect(reviewed.json().lastReviewedBy).toMatchObject({ id: user.id });
    expect((await client.post(`/api/v1/vendors/${v.id}/review`, { nextReviewDate: "2020-01-01" })).json().code).toBe(
      "review_date_past",
    );
    await client.put("/api/v1/vendors/subprocessors/none", { noSubprocessors: true });
    checks = await collectControlChecks(ctx.db, org.id, new Date(), ["VND-01", "VND-04", "VND-07"]);
    expect([...checks.values()].map((c) => c[0]!.state)).toEqual(["met", "met", "met"]);

    // Links to controls go through the shared register links: unknown keys are refused.
    const unknown = await client.put(`/api/v1/vendors/${v.id}/controls`, { keys: ["NOPE-1"] });
    expect(unknown.json()).toMatchObject({ status: 400, code: "unknown_control" });
    expect((await client.get(`/api/v1/vendors/${v.id}/controls`)).json()).toEqual({ items: [] });

    const owner = await member(app, ctx.db, org.id, "control_owner");
    expect((await owner.client.post("/api/v1/vendors", { name: "By control owner" })).statusCode).toBe(201);
    const auditor = await member(app, ctx.db, org.id, "auditor");
    expect((await auditor.client.post("/api/v1/vendors", { name: "By auditor" })).statusCode).toBe(403);
    expect((await auditor.client.get(`/api/v1/vendors/${v.id}`)).statusCode).toBe(200);
    const rows = await ctx.db.select().from(vendors).where(eq(vendors.organizationId, org.id));
    expect(rows).toHaveLength(2);
  });
});
