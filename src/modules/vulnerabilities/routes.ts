import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { vulnerabilities } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendCsv } from "../../kernel/http/download.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { csv, routesFor } from "../../kernel/http/route.ts";
import { idParams, pageQuery } from "../../kernel/http/schemas.ts";
import { assertStorableText } from "../../kernel/http/storable-text.ts";
import { AppError, badRequest } from "../../platform/errors.ts";
import { controlLinkRoutes, existsIn } from "../registers/public.ts";
import { acceptRisk, setSlaDays, withdrawAcceptance } from "./decisions.ts";
import { discardReport, importReport, REPORT_MAX_BYTES, type StagedReport, stageReport } from "./import.ts";
import { dashboard, findingsCsv, listFindings, listImports, loadFinding, slaDaysOf } from "./queries.ts";
import {
  acceptBody,
  dashboard as dashboardSchema,
  finding,
  findingList,
  importForm,
  importList,
  importResult,
  listQuery,
  slaSettings as slaSettingsSchema,
  sourceList,
  syncBody,
  syncResult,
} from "./schema.ts";
import { syncVulnerabilities, vulnerabilitySources } from "./sync.ts";

const tooLarge = () =>
  new AppError(413, "scanner_report_too_large", `The report is larger than ${REPORT_MAX_BYTES / 1024 / 1024} MB.`);

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "vulnerabilities" });
  await app.register(multipart, {
    limits: { fileSize: REPORT_MAX_BYTES, files: 1, fields: 5, fieldSize: 1024, parts: 6, headerPairs: 50 },
  });

  /** The multipart upload staged to a temporary file, with the optional target field. */
  async function readUpload(req: FastifyRequest): Promise<{ staged: StagedReport; target?: string }> {
    if (!req.isMultipart())
      throw new AppError(415, "multipart_required", "Send the report as multipart/form-data in the field “file”.");
    let staged: StagedReport | undefined;
    let target: string | undefined;
    try {
      for await (const part of req.parts()) {
        if (part.type === "file") {
          if (staged) {
            part.file.resume();
            throw badRequest("one_file", "Send one report per import.");
          }
          const name = (part.filename ?? "").split(/[\\/]/).pop()!.trim().slice(0, 255) || "report";
          assertStorableText({ file: { filename: name } }, "body");
          staged = await stageReport(part.file, name);
          if (part.file.truncated) throw tooLarge();
        } else if (part.fieldname === "target") {
          assertStorableText({ target: part.value }, "body");
          target = String(part.value).trim().slice(0, 500) || undefined;
        }
      }
      if (!staged) throw badRequest("no_file", "Attach the scanner report in the field “file”.");
      return { staged, target };
    } catch (err) {
      if (staged) await discardReport(staged);
      if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
      if ((err as { code?: string }).code === "FST_FILES_LIMIT")
        throw badRequest("one_file", "Send one report per import.");
      throw err;
    }
  }

  route.post(
    "/vulnerabilities/imports",
    {
      operationId: "importVulnerabilityReport",
      summary:
        "Import a scanner report (SARIF 2.1.0, Trivy or Grype JSON): new findings are added, findings the report still shows are seen again, resolved ones it shows again reopen, and open findings of the scanned targets it no longer shows are resolved",
      description:
        "multipart/form-data with the report in `file` (and optionally `target` first). A report that is not valid is refused whole (400 with where it fails) and nothing is written.",
      access: "vulnerabilities.import",
      rawBody: { "multipart/form-data": importForm },
      response: { 201: importResult },
      errors: [413, 415],
    },
    async (req, reply) => {
      const { staged, target } = await readUpload(req);
      try {
        const result = await change(ctx.db, actorOf(req), (c) => importReport(c, staged, { target }));
        return reply.code(201).send({
          ...result,
          fileName: staged.fileName,
          sha256: staged.sha256,
          bytes: staged.bytes,
          importedBy: actorOf(req).userId,
          createdAt: new Date(),
        });
      } finally {
        await discardReport(staged);
      }
    },
  );

  route.get(
    "/vulnerabilities/sources",
    {
      operationId: "listVulnerabilitySources",
      summary: "The connections findings can be synced from (GitHub)",
      access: "vulnerabilities.read",
      response: { 200: sourceList },
    },
    async (req) => ({ items: await vulnerabilitySources(ctx.db, actorOf(req).organizationId) }),
  );

  route.post(
    "/vulnerabilities/sync",
    {
      operationId: "syncVulnerabilities",
      summary:
        "Read a GitHub connection's open code scanning and Dependabot alerts into the register, reconciled like a report: new alerts are added, open ones seen again, findings whose alert is open again reopen, and open findings of the covered repositories whose alert is no longer open are resolved",
      description:
        "An alert kind the organization or the token cannot read (403, 404) is skipped and listed in `unavailable`: its findings are left as they were. 502 when neither kind can be read, or GitHub fails.",
      access: "vulnerabilities.import",
      body: syncBody,
      response: { 200: syncResult },
      errors: [404, 502],
    },
    async (req) => syncVulnerabilities(ctx, actorOf(req), req.body),
  );

  route.get(
    "/vulnerabilities/imports",
    {
      operationId: "listVulnerabilityImports",
      summary: "The reports imported, newest first, with what each changed",
      access: "vulnerabilities.read",
      query: z.strictObject(pageQuery),
      response: { 200: importList },
    },
    async (req) => listImports(ctx.db, actorOf(req).organizationId, req.query),
  );

  route.get(
    "/vulnerabilities",
    {
      operationId: "listVulnerabilities",
      summary: "The vulnerability register: findings, most severe and nearest deadline first, with search and filters",
      access: "vulnerabilities.read",
      query: listQuery,
      response: { 200: findingList },
    },
    async (req) => listFindings(ctx.db, actorOf(req).organizationId, req.query),
  );

  route.get(
    "/vulnerabilities/dashboard",
    {
      operationId: "getVulnerabilityDashboard",
      summary: "Open and overdue findings by severity, the SLAs, the last import and a 12-week trend",
      access: "vulnerabilities.read",
      response: { 200: dashboardSchema },
    },
    async (req) => dashboard(ctx.db, actorOf(req).organizationId),
  );

  route.get(
    "/vulnerabilities/export.csv",
    {
      operationId: "exportVulnerabilities",
      summary: "Every finding the list's filters select, as CSV",
      access: "vulnerabilities.read",
      query: listQuery.omit({ page: true, pageSize: true }),
      response: { 200: csv() },
    },
    async (req, reply) =>
      sendCsv(reply, "vulnerabilities.csv", await findingsCsv(ctx.db, actorOf(req).organizationId, req.query)),
  );

  route.get(
    "/vulnerabilities/:id",
    {
      operationId: "getVulnerability",
      summary: "One finding",
      access: "vulnerabilities.read",
      params: idParams,
      response: { 200: finding },
    },
    async (req) => loadFinding(ctx.db, actorOf(req).organizationId, req.params.id),
  );

  route.get(
    "/vulnerabilities/settings",
    {
      operationId: "getVulnerabilitySettings",
      summary: "The organization's remediation SLAs: days a finding of each severity may stay open",
      access: "vulnerabilities.read",
      response: { 200: slaSettingsSchema },
    },
    async (req) => slaDaysOf(ctx.db, actorOf(req).organizationId),
  );

  route.put(
    "/vulnerabilities/settings",
    {
      operationId: "setVulnerabilitySettings",
      summary:
        "Set the remediation SLAs; every open finding's fix-by date moves to the new window, counted from when it was first seen (or reopened)",
      access: "vulnerabilities.manage_settings",
      body: slaSettingsSchema,
      response: { 200: slaSettingsSchema },
    },
    async (req) => change(ctx.db, actorOf(req), (c) => setSlaDays(c, req.body)),
  );

  route.post(
    "/vulnerabilities/:id/acceptance",
    {
      operationId: "acceptVulnerabilityRisk",
      summary:
        "Accept an open finding's risk until a day, with the reason: it stays open but is not late meanwhile (409 when it cannot be accepted)",
      access: "vulnerabilities.accept_risk",
      params: idParams,
      body: acceptBody,
      response: { 200: finding },
      errors: [409],
    },
    async (req) => change(ctx.db, actorOf(req), (c) => acceptRisk(c, req.params.id, req.body)),
  );

  route.delete(
    "/vulnerabilities/:id/acceptance",
    {
      operationId: "withdrawVulnerabilityAcceptance",
      summary: "Withdraw a finding's risk acceptance: it is judged by its fix-by date again",
      access: "vulnerabilities.accept_risk",
      params: idParams,
      response: { 200: finding },
      errors: [409],
    },
    async (req) => change(ctx.db, actorOf(req), (c) => withdrawAcceptance(c, req.params.id)),
  );

  controlLinkRoutes(route, ctx.db, {
    path: "/vulnerabilities",
    register: "vulnerability",
    noun: "Vulnerability",
    read: "vulnerabilities.read",
    write: "vulnerabilities.manage",
    exists: existsIn(vulnerabilities),
  });
}
