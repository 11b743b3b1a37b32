import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendCsv } from "../../kernel/http/download.ts";
import { importRoutes } from "../../kernel/http/import.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { csv, routesFor } from "../../kernel/http/route.ts";
import { idParams, parseInput } from "../../kernel/http/schemas.ts";
import { assertStorableText } from "../../kernel/http/storable-text.ts";
import { toCsv } from "../../platform/csv.ts";
import { AppError, badRequest } from "../../platform/errors.ts";
import { controlLinkRoutes } from "../registers/public.ts";
import { createVendor, declareNoSubprocessors, reviewVendor, updateVendor } from "./commands.ts";
import { applyImport, importSummary, reviewImport, vendorTable } from "./import.ts";
import { allVendors, listVendors, loadVendor, subprocessors, vendorExists } from "./queries.ts";
import {
  answer,
  createTemplate,
  listTemplates,
  lookUp,
  reviewQuestionnaire,
  sendQuestionnaire,
  updateTemplate,
} from "./questionnaires.ts";
import { addBridgeLetter, recordReport, reportFiles, reviewReport, type StagedFile, updateReport } from "./reports.ts";
import {
  answerBody,
  bridgeLetterForm,
  createTemplateBody,
  createVendorBody,
  declareNoneBody,
  exportQuery,
  listQuery,
  publicQuestionnaire,
  questionnaireParams,
  reportDetails,
  reportForm,
  reportParams,
  reviewReportBody,
  reviewVendorBody,
  sendQuestionnaireBody,
  sentQuestionnaire,
  subprocessorList,
  template,
  templateParams,
  tokenParams,
  updateReportBody,
  updateVendorBody,
  vendorDetail,
  vendorList,
} from "./schema.ts";

const MAX_REPORT_BYTES = 100 * 1024 * 1024;
const isoDate = z.iso.date("Use a date like 2027-01-31.");

const EXPORT_COLUMNS = [
  { header: "name", value: (v: Row) => v.name },
  { header: "website", value: (v: Row) => v.website },
  { header: "services", value: (v: Row) => v.services },
  { header: "criticality", value: (v: Row) => v.criticality },
  { header: "data shared", value: (v: Row) => v.dataShared.join(";") },
  { header: "owner", value: (v: Row) => v.owner?.name },
  { header: "contract start", value: (v: Row) => v.contractStart },
  { header: "contract end", value: (v: Row) => v.contractEnd },
  { header: "status", value: (v: Row) => v.status },
  { header: "subprocessor", value: (v: Row) => (v.isSubprocessor ? "yes" : "no") },
  { header: "subprocessor purpose", value: (v: Row) => v.subprocessorPurpose },
  { header: "subprocessor location", value: (v: Row) => v.subprocessorLocation },
  { header: "subservice organization", value: (v: Row) => (v.isSubserviceOrg ? "yes" : "no") },
  { header: "next review", value: (v: Row) => v.nextReviewDate },
  { header: "due diligence", value: (v: Row) => v.dueDiligence.state },
  { header: "report current until", value: (v: Row) => v.dueDiligence.reportExpiry },
  { header: "questionnaire score", value: (v: Row) => v.dueDiligence.questionnaireScore },
];
type Row = Awaited<ReturnType<typeof allVendors>>[number];

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "vendors" });
  if (!app.hasContentTypeParser("multipart/form-data"))
    await app.register(multipart, {
      limits: { fileSize: MAX_REPORT_BYTES, files: 1, fields: 5, fieldSize: 64 * 1024, parts: 6, headerPairs: 50 },
    });
  const files = reportFiles(ctx);
  // Link secrets are 256-bit; the limit keeps the public form from being hammered.
  const rateLimit = { max: ctx.config.ASSAY_RATE_LIMIT_AUTH_PER_MINUTE, timeWindow: 60_000 };

  /** A multipart upload: the text fields (sent before the file) and the file staged as evidence would stage it. */
  async function readUpload(req: FastifyRequest, fieldNames: readonly string[]) {
    if (!req.isMultipart())
      throw new AppError(415, "multipart_required", "Send the file as multipart/form-data in the field “file”.");
    const fields: Record<string, string> = {};
    let staged: StagedFile | undefined;
    try {
      for await (const part of req.parts()) {
        if (part.type === "file") {
          if (staged || part.fieldname !== "file") {
            part.file.resume();
            throw badRequest("one_file", "Send one file, in the field “file”.");
          }
          const name = (part.filename ?? "").split(/[\\/]/).pop()!.trim().slice(0, 255) || "report.pdf";
          assertStorableText({ file: { filename: name } }, "body");
          staged = await files.stage(part.file, name);
        } else if (fieldNames.includes(part.fieldname)) {
          assertStorableText({ [part.fieldname]: part.value }, "body");
          fields[part.fieldname] = String(part.value);
        }
      }
      if (!staged) throw badRequest("no_file", "Attach the PDF in the field “file”.");
      return { fields, staged };
    } catch (err) {
      if (staged) await files.discard(staged);
      if ((err as { code?: string }).code === "FST_FILES_LIMIT") throw badRequest("one_file", "Send one file.");
      throw err;
    }
  }

  route.get(
    "/vendors",
    {
      operationId: "listVendors",
      summary: "The vendor register, most critical first, with search and filters",
      access: "vendors.read",
      query: listQuery,
      response: { 200: vendorList },
    },
    async (req) => listVendors(ctx.db, actorOf(req).organizationId, req.query),
  );

  route.get(
    "/vendors/export.csv",
    {
      operationId: "exportVendors",
      summary: "The vendors the list's filters select, as CSV (no paging)",
      access: "vendors.read",
      query: exportQuery,
      response: { 200: csv() },
    },
    async (req, reply) => {
      const rows = await allVendors(ctx.db, actorOf(req).organizationId, req.query);
      return sendCsv(reply, "vendors.csv", toCsv(EXPORT_COLUMNS, rows));
    },
  );

  route.post(
    "/vendors",
    {
      operationId: "createVendor",
      summary: "Add a vendor (names are unique in the organization, without regard to case)",
      access: "vendors.manage",
      body: createVendorBody,
      response: { 201: vendorDetail },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const row = await change(ctx.db, actor, (c) => createVendor(c, req.body));
      return reply.code(201).send(await loadVendor(ctx.db, actor.organizationId, row.id));
    },
  );

  await importRoutes(app, route, ctx.db, {
    path: "/vendors/import",
    operationIds: { preview: "previewVendorImport", import: "importVendors" },
    noun: "vendor",
    access: "vendors.manage",
    spec: vendorTable,
    rowSchema: {},
    summarySchema: importSummary,
    review: reviewImport,
    apply: applyImport,
  });

  route.get(
    "/vendors/subprocessors",
    {
      operationId: "listSubprocessors",
      summary:
        "The active subprocessors (purpose, location, data shared: what the trust center publishes) and the subservice organizations of the audit scope",
      access: "vendors.read",
      response: { 200: subprocessorList },
    },
    async (req) => subprocessors(ctx.db, actorOf(req).organizationId),
  );

  route.get(
    "/vendors/subprocessors.csv",
    {
      operationId: "exportSubprocessors",
      summary: "The active subprocessors as CSV",
      access: "vendors.read",
      response: { 200: csv() },
    },
    async (req, reply) => {
      const list = await subprocessors(ctx.db, actorOf(req).organizationId);
      type Sub = (typeof list.subprocessors)[number];
      const body = toCsv<Sub>(
        [
          { header: "name", value: (s) => s.name },
          { header: "website", value: (s) => s.website },
          { header: "purpose", value: (s) => s.purpose },
          { header: "location", value: (s) => s.location },
          { header: "data shared", value: (s) => s.dataShared.join(";") },
        ],
        list.subprocessors,
      );
      return sendCsv(reply, "subprocessors.csv", body);
    },
  );

  route.put(
    "/vendors/subprocessors/none",
    {
      operationId: "declareNoSubprocessors",
      summary: "State that the organization uses no subprocessors (or withdraw that statement): VND-07 reads it",
      access: "vendors.manage",
      body: declareNoneBody,
      response: { 200: subprocessorList },
    },
    async (req) => {
      const actor = actorOf(req);
      await change(ctx.db, actor, (c) => declareNoSubprocessors(c, req.body.noSubprocessors));
      return subprocessors(ctx.db, actor.organizationId);
    },
  );

  route.get(
    "/vendors/questionnaire-templates",
    {
      operationId: "listQuestionnaireTemplates",
      summary: "The questionnaire templates: the built-in one and the organization's own",
      access: "vendors.read",
      response: { 200: z.object({ items: z.array(template) }) },
    },
    async (req) => ({ items: await listTemplates(ctx.db, actorOf(req).organizationId) }),
  );

  route.post(
    "/vendors/questionnaire-templates",
    {
      operationId: "createQuestionnaireTemplate",
      summary: "Create a questionnaire template of the organization's own",
      access: "vendors.manage",
      body: createTemplateBody,
      response: { 201: template },
    },
    async (req, reply) => reply.code(201).send(await change(ctx.db, actorOf(req), (c) => createTemplate(c, req.body))),
  );

  route.put(
    "/vendor-questionnaire-templates/:templateId",
    {
      operationId: "updateQuestionnaireTemplate",
      summary:
        "Replace the name and questions of one of the organization's templates (questionnaires already sent keep theirs)",
      description:
        "404 for the built-in template or another organization's; 409 template_exists when the name is taken.",
      access: "vendors.manage",
      params: templateParams,
      body: createTemplateBody,
      response: { 200: template },
      errors: [409],
    },
    async (req) => change(ctx.db, actorOf(req), (c) => updateTemplate(c, req.params.templateId, req.body)),
  );

  // The public answer form: no account, the link's secret is the credential.
  route.get(
    "/vendor-questionnaires/:token",
    {
      operationId: "lookUpVendorQuestionnaire",
      summary: "The questionnaire a link opens, and whether it can still be answered (public)",
      access: { public: true },
      params: tokenParams,
      response: { 200: publicQuestionnaire },
      config: { rateLimit },
    },
    async (req) => lookUp(ctx.db, req.params.token),
  );

  route.post(
    "/vendor-questionnaires/:token",
    {
      operationId: "answerVendorQuestionnaire",
      summary: "Answer a questionnaire (public; once, before the link expires)",
      access: { public: true },
      params: tokenParams,
      body: answerBody,
      response: { 200: z.object({ state: z.literal("answered"), score: z.number().int().nullable() }) },
      config: { rateLimit },
    },
    async (req) => answer(ctx.db, req.params.token, req.body),
  );

  route.get(
    "/vendors/:id",
    {
      operationId: "getVendor",
      summary: "One vendor with its reports, bridge letters and questionnaires",
      access: "vendors.read",
      params: idParams,
      response: { 200: vendorDetail },
    },
    async (req) => loadVendor(ctx.db, actorOf(req).organizationId, req.params.id),
  );

  route.patch(
    "/vendors/:id",
    {
      operationId: "updateVendor",
      summary: "Change a vendor (only the fields sent)",
      access: "vendors.manage",
      params: idParams,
      body: updateVendorBody,
      response: { 200: vendorDetail },
    },
    async (req) => {
      const actor = actorOf(req);
      await change(ctx.db, actor, (c) => updateVendor(c, req.params.id, req.body));
      return loadVendor(ctx.db, actor.organizationId, req.params.id);
    },
  );

  route.post(
    "/vendors/:id/review",
    {
      operationId: "reviewVendor",
      summary: "Record the vendor's periodic review now and set the next one (a year from today by default)",
      access: "vendors.manage",
      params: idParams,
      body: reviewVendorBody,
      response: { 200: vendorDetail },
    },
    async (req) => {
      const actor = actorOf(req);
      await change(ctx.db, actor, (c) => reviewVendor(c, req.params.id, req.body.nextReviewDate));
      return loadVendor(ctx.db, actor.organizationId, req.params.id);
    },
  );

  route.post(
    "/vendors/:id/reports",
    {
      operationId: "uploadVendorReport",
      summary: "Upload a vendor's assurance report (PDF, stored as evidence) with what it says",
      description:
        "multipart/form-data: `details` (JSON: reportType, periodStart/periodEnd or asOfDate, opinion, exceptions, cuecs) then `file` (the PDF).",
      access: "vendors.manage",
      params: idParams,
      rawBody: { "multipart/form-data": reportForm },
      response: { 201: vendorDetail },
      errors: [413, 415],
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { fields, staged } = await readUpload(req, ["details"]);
      let details: z.infer<typeof reportDetails>;
      try {
        let json: unknown;
        try {
          json = JSON.parse(fields.details ?? "");
        } catch {
          throw badRequest(
            "details_invalid",
            "Send the report's details as JSON in the field “details” (before the file).",
          );
        }
        details = parseInput(reportDetails, json, "details");
      } catch (err) {
        await files.discard(staged);
        throw err;
      }
      await recordReport(ctx, actor, req.params.id, details, staged);
      return reply.code(201).send(await loadVendor(ctx.db, actor.organizationId, req.params.id));
    },
  );

  route.patch(
    "/vendors/:id/reports/:reportId",
    {
      operationId: "updateVendorReport",
      summary: "Change what was recorded about a report: type, period, opinion, exceptions, CUECs",
      access: "vendors.manage",
      params: reportParams,
      body: updateReportBody,
      response: { 200: vendorDetail },
    },
    async (req) => {
      const actor = actorOf(req);
      await change(ctx.db, actor, (c) => updateReport(c, req.params.id, req.params.reportId, req.body));
      return loadVendor(ctx.db, actor.organizationId, req.params.id);
    },
  );

  route.post(
    "/vendors/:id/reports/:reportId/review",
    {
      operationId: "reviewVendorReport",
      summary: "Record that you reviewed the report (by you, now), with notes",
      access: "vendors.manage",
      params: reportParams,
      body: reviewReportBody,
      response: { 200: vendorDetail },
    },
    async (req) => {
      const actor = actorOf(req);
      await change(ctx.db, actor, (c) => reviewReport(c, req.params.id, req.params.reportId, req.body.notes));
      return loadVendor(ctx.db, actor.organizationId, req.params.id);
    },
  );

  route.post(
    "/vendors/:id/reports/:reportId/bridge-letters",
    {
      operationId: "addVendorBridgeLetter",
      summary: "Upload a bridge letter (PDF, stored as evidence) and the last day it covers",
      description: "multipart/form-data: `coveredUntil` (YYYY-MM-DD) then `file` (the PDF).",
      access: "vendors.manage",
      params: reportParams,
      rawBody: { "multipart/form-data": bridgeLetterForm },
      response: { 201: vendorDetail },
      errors: [413, 415],
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { fields, staged } = await readUpload(req, ["coveredUntil"]);
      const coveredUntil = isoDate.safeParse(fields.coveredUntil);
      if (!coveredUntil.success) {
        await files.discard(staged);
        throw badRequest(
          "covered_until_invalid",
          "Give the last day the letter covers in “coveredUntil”, like 2027-03-31.",
        );
      }
      await addBridgeLetter(ctx, actor, req.params.id, req.params.reportId, coveredUntil.data, staged);
      return reply.code(201).send(await loadVendor(ctx.db, actor.organizationId, req.params.id));
    },
  );

  route.post(
    "/vendors/:id/questionnaires",
    {
      operationId: "sendVendorQuestionnaire",
      summary:
        "Send a security questionnaire to a vendor contact: an email with a link that expires (14 days by default)",
      access: "vendors.manage",
      params: idParams,
      body: sendQuestionnaireBody,
      response: { 201: sentQuestionnaire },
      errors: [502],
    },
    async (req, reply) => reply.code(201).send(await sendQuestionnaire(ctx, actorOf(req), req.params.id, req.body)),
  );

  route.post(
    "/vendors/:id/questionnaires/:questionnaireId/review",
    {
      operationId: "reviewVendorQuestionnaire",
      summary: "Mark a questionnaire's answers as reviewed (by you, now)",
      access: "vendors.manage",
      params: questionnaireParams,
      response: { 200: vendorDetail },
    },
    async (req) => {
      const actor = actorOf(req);
      await change(ctx.db, actor, (c) => reviewQuestionnaire(c, req.params.id, req.params.questionnaireId));
      return loadVendor(ctx.db, actor.organizationId, req.params.id);
    },
  );

  controlLinkRoutes(route, ctx.db, {
    path: "/vendors",
    register: "vendor",
    noun: "Vendor",
    read: "vendors.read",
    write: "vendors.manage",
    exists: vendorExists,
  });
}
