import { z } from "zod";
import { loadRiskLibrary } from "../../content/index.ts";
import { RISK_TYPE_LABELS } from "../../core/risks.ts";
import { risks } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendCsv, sendDownload } from "../../kernel/http/download.ts";
import { importRoutes } from "../../kernel/http/import.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { csv, file, routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
import { toCsv } from "../../platform/csv.ts";
import { conflict } from "../../platform/errors.ts";
import { attachGeneratedEvidence } from "../evidence/public.ts";
import { controlLinkRoutes, existsIn } from "../registers/public.ts";
import {
  completeAssessment,
  listAssessments,
  loadAssessment,
  signOffAssessment,
  startAssessment,
  updateAssessment,
} from "./assessments.ts";
import { applyImport, reviewImport, riskTable as riskCsv } from "./import.ts";
import { allRisks, heatMap, listRisks, loadRisk, REGISTER, type RiskView } from "./queries.ts";
import { assessmentPdf, reportData, reportFileName } from "./report.ts";
import { ASSESSMENT_CONTROL } from "./routines.ts";
import {
  addedFromLibrary,
  addFromLibrary as addFromLibraryBody,
  assessmentDetail,
  assessmentInput,
  assessmentList,
  assessmentPatch,
  completed,
  exportQuery,
  heatMap as heatMapSchema,
  importSummary,
  libraryEntry,
  listQuery,
  risk,
  riskInput,
  riskList,
  riskPatch,
  scalesInput,
  settingsOut,
} from "./schema.ts";
import { loadScales, saveScales } from "./settings.ts";
import { addFromLibrary, createRisk, deleteRisk, updateRisk } from "./store.ts";

const CSV_COLUMNS: { header: string; value: (r: RiskView) => unknown }[] = [
  { header: "title", value: (r) => r.title },
  { header: "description", value: (r) => r.description },
  { header: "type", value: (r) => RISK_TYPE_LABELS[r.type] },
  { header: "category", value: (r) => r.category },
  { header: "owner", value: (r) => r.ownerName },
  { header: "likelihood", value: (r) => r.likelihood },
  { header: "impact", value: (r) => r.impact },
  { header: "score", value: (r) => r.score },
  { header: "level", value: (r) => r.level },
  { header: "residual likelihood", value: (r) => r.residualLikelihood },
  { header: "residual impact", value: (r) => r.residualImpact },
  { header: "residual score", value: (r) => r.residualScore },
  { header: "residual level", value: (r) => r.residualLevel },
  { header: "treatment", value: (r) => r.treatment },
  { header: "treatment plan", value: (r) => r.treatmentPlan },
  { header: "controls", value: (r) => r.controls.join(" ") },
  { header: "status", value: (r) => r.status },
  { header: "review date", value: (r) => r.reviewDate },
  { header: "review overdue", value: (r) => (r.reviewOverdue ? "yes" : "no") },
];

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "risks" });
  /** The report as evidence on RSK-02 (each active program): at completion, and again once signed off. */
  const attachReport = async (actor: ReturnType<typeof actorOf>, a: Awaited<ReturnType<typeof loadAssessment>>) => {
    const pdf = await assessmentPdf(a, await reportData(ctx.db, actor.organizationId));
    const day = (d: Date | null) => d?.toISOString().slice(0, 10);
    const signed = a.signedOffAt
      ? `, signed off ${day(a.signedOffAt)} by ${a.signedOffByName ?? "a second person"}`
      : "";
    return attachGeneratedEvidence(
      ctx,
      actor,
      [{ fileName: reportFileName(a).replace(/\.pdf$/, a.signedOffAt ? "-signed-off.pdf" : ".pdf"), bytes: pdf }],
      {
        title: `Risk assessment report: ${a.name}${a.signedOffAt ? " (signed off)" : ""}`,
        description: `${a.riskCount ?? 0} risks assessed, completed ${day(a.completedAt)}${signed}.`,
        controlKey: ASSESSMENT_CONTROL,
        effectiveFrom: day(a.completedAt),
        source: "manual",
      },
    );
  };

  route.get(
    "/risks",
    {
      operationId: "listRisks",
      summary: "The risk register, highest inherent score first, with search and filters (a heat map cell included)",
      access: "risks.read",
      query: listQuery,
      response: { 200: riskList },
    },
    async (req) => listRisks(ctx.db, actorOf(req).organizationId, req.query),
  );

  route.get(
    "/risks/export.csv",
    {
      operationId: "exportRisksCsv",
      summary: "The risks matching the list's filters as CSV (no paging)",
      access: "risks.read",
      query: exportQuery,
      response: { 200: csv("RFC 4180 CSV, one risk per line") },
    },
    async (req, reply) => {
      const { items } = await allRisks(ctx.db, actorOf(req).organizationId, req.query);
      return sendCsv(reply, "risks.csv", toCsv(CSV_COLUMNS, items));
    },
  );

  route.get(
    "/risks/heatmap",
    {
      operationId: "getRiskHeatMap",
      summary: "Open risks per likelihood × impact cell, before (inherent) and after (residual) treatment",
      access: "risks.read",
      response: { 200: heatMapSchema },
    },
    async (req) => heatMap(ctx.db, actorOf(req).organizationId),
  );

  route.get(
    "/risks/settings",
    {
      operationId: "getRiskSettings",
      summary: "The likelihood and impact scales and the level thresholds (default 5×5)",
      access: "risks.read",
      response: { 200: settingsOut },
    },
    async (req) => {
      const { scales, isDefault } = await loadScales(ctx.db, actorOf(req).organizationId);
      return { ...scales, isDefault };
    },
  );

  route.put(
    "/risks/settings",
    {
      operationId: "updateRiskSettings",
      summary: "Change the scales (3 to 5 labelled levels each) and the level thresholds",
      description: "409 scales_too_small when a risk is rated beyond the new scales: re-rate it first.",
      access: "risks.assess",
      body: scalesInput,
      response: { 200: settingsOut },
      errors: [409],
    },
    async (req) => change(ctx.db, actorOf(req), (c) => saveScales(c, req.body)),
  );

  route.get(
    "/risks/library",
    {
      operationId: "listRiskLibrary",
      summary: "The starter library of common risks, with suggested ratings, treatment and controls",
      access: "risks.read",
      response: { 200: z.object({ items: z.array(libraryEntry) }) },
    },
    async (req) => {
      const { items } = await allRisks(ctx.db, actorOf(req).organizationId, { basis: "inherent" });
      const titles = new Set(items.map((r) => r.title.toLowerCase()));
      return { items: loadRiskLibrary().map((r) => ({ ...r, inRegister: titles.has(r.title.toLowerCase()) })) };
    },
  );

  route.post(
    "/risks/library",
    {
      operationId: "addRisksFromLibrary",
      summary: "Add the chosen library risks to the register (titles already there are skipped)",
      access: "risks.manage",
      body: addFromLibraryBody,
      response: { 201: addedFromLibrary },
    },
    async (req, reply) =>
      reply.code(201).send(await change(ctx.db, actorOf(req), (c) => addFromLibrary(c, req.body.ids))),
  );

  await importRoutes(app, route, ctx.db, {
    path: "/risks/import",
    operationIds: { preview: "previewRiskImport", import: "importRisks" },
    noun: "risk",
    access: "risks.manage",
    spec: riskCsv,
    rowSchema: {},
    summarySchema: importSummary,
    review: reviewImport,
    apply: applyImport,
  });

  route.get(
    "/risk-assessments",
    {
      operationId: "listRiskAssessments",
      summary: "The risk assessments, newest first",
      access: "risks.read",
      response: { 200: assessmentList },
    },
    async (req) => listAssessments(ctx.db, actorOf(req).organizationId),
  );

  route.post(
    "/risk-assessments",
    {
      operationId: "startRiskAssessment",
      summary: "Start a risk assessment (one at a time)",
      access: "risks.assess",
      body: assessmentInput,
      response: { 201: assessmentDetail },
      errors: [409],
    },
    async (req, reply) => reply.code(201).send(await change(ctx.db, actorOf(req), (c) => startAssessment(c, req.body))),
  );

  route.get(
    "/risk-assessments/:id",
    {
      operationId: "getRiskAssessment",
      summary: "One risk assessment, with its frozen snapshot once completed",
      access: "risks.read",
      params: idParams,
      response: { 200: assessmentDetail },
    },
    async (req) => loadAssessment(ctx.db, actorOf(req).organizationId, req.params.id),
  );

  route.patch(
    "/risk-assessments/:id",
    {
      operationId: "updateRiskAssessment",
      summary: "Rename an assessment in progress or change its period or notes (a completed one is frozen: 409)",
      access: "risks.assess",
      params: idParams,
      body: assessmentPatch,
      response: { 200: assessmentDetail },
      errors: [409],
    },
    async (req) => change(ctx.db, actorOf(req), (c) => updateAssessment(c, req.params.id, req.body)),
  );

  route.post(
    "/risk-assessments/:id/complete",
    {
      operationId: "completeRiskAssessment",
      summary:
        "Complete the assessment: freeze a snapshot of every risk with the scales used, and attach its PDF report as evidence to RSK-02",
      access: "risks.assess",
      params: idParams,
      response: { 200: completed },
      errors: [409],
    },
    async (req) => {
      const actor = actorOf(req);
      const done = await change(ctx.db, actor, (c) => completeAssessment(c, req.params.id));
      return { ...done, evidenceIds: await attachReport(actor, done) };
    },
  );

  route.post(
    "/risk-assessments/:id/sign-off",
    {
      operationId: "signOffRiskAssessment",
      summary:
        "Sign off a completed assessment as a second person; the signed-off report (PDF) is attached as evidence to RSK-02",
      description:
        "403 self_approval for the person who completed it; 409 already_signed_off (also the loser of two sign-offs at once) or assessment_in_progress.",
      access: "risks.assess",
      params: idParams,
      response: { 200: completed },
      errors: [409],
    },
    async (req) => {
      const actor = actorOf(req);
      const signed = await change(ctx.db, actor, (c) => signOffAssessment(c, req.params.id));
      return { ...signed, evidenceIds: await attachReport(actor, signed) };
    },
  );

  route.get(
    "/risk-assessments/:id/report.pdf",
    {
      operationId: "getRiskAssessmentReport",
      summary: "The completed assessment's report (PDF), drawn from its frozen snapshot",
      access: "risks.read",
      params: idParams,
      response: { 200: file("application/pdf", "A4 PDF") },
      errors: [409],
    },
    async (req, reply) => {
      const { organizationId } = actorOf(req);
      const a = await loadAssessment(ctx.db, organizationId, req.params.id);
      if (a.status !== "completed" || !a.snapshot)
        throw conflict("assessment_in_progress", "The report exists once the assessment is completed.");
      const pdf = await assessmentPdf(a, await reportData(ctx.db, organizationId));
      return sendDownload(reply, "application/pdf", reportFileName(a), pdf);
    },
  );

  route.post(
    "/risks",
    {
      operationId: "createRisk",
      summary: "Add a risk to the register",
      description:
        "400 residual_exceeds_inherent, acceptance_unjustified, rating_off_scale or unknown_owner; 409 duplicate_risk when the title is taken.",
      access: "risks.manage",
      body: riskInput,
      response: { 201: risk },
      errors: [409],
    },
    async (req, reply) => reply.code(201).send(await change(ctx.db, actorOf(req), (c) => createRisk(c, req.body))),
  );

  route.get(
    "/risks/:id",
    {
      operationId: "getRisk",
      summary: "One risk with its scores, levels, treatment state and linked controls",
      access: "risks.read",
      params: idParams,
      response: { 200: risk },
    },
    async (req) => loadRisk(ctx.db, actorOf(req).organizationId, req.params.id),
  );

  route.patch(
    "/risks/:id",
    {
      operationId: "updateRisk",
      summary: "Change a risk: ratings, treatment, owner, status, review date",
      access: "risks.manage",
      params: idParams,
      body: riskPatch,
      response: { 200: risk },
      errors: [409],
    },
    async (req) => change(ctx.db, actorOf(req), (c) => updateRisk(c, req.params.id, req.body)),
  );

  route.delete(
    "/risks/:id",
    {
      operationId: "deleteRisk",
      summary: "Delete a risk (and its control links); completed assessments keep it in their snapshot",
      access: "risks.manage",
      params: idParams,
      response: { 204: z.null() },
    },
    async (req, reply) => {
      await change(ctx.db, actorOf(req), (c) => deleteRisk(c, req.params.id));
      return reply.code(204).send(null);
    },
  );

  controlLinkRoutes(route, ctx.db, {
    path: "/risks",
    register: REGISTER,
    noun: "Risk",
    read: "risks.read",
    write: "risks.manage",
    exists: existsIn(risks),
  });
}
