import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendCsv, sendDownload } from "../../kernel/http/download.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { csv, file, routesFor } from "../../kernel/http/route.ts";
import { AppError } from "../../platform/errors.ts";
import { jsonBundle, LIMITS, tooLarge, unzipBundle, zipBundle } from "./bundle.ts";
import { CATALOG_FILE, oscalJson, PROFILE_FILE, tscDocuments } from "./oscal-catalog.ts";
import { fileStem } from "./oscal-common.ts";
import { buildPoam } from "./oscal-poam.ts";
import { buildSsp } from "./oscal-ssp.ts";
import { readinessCsv } from "./readiness-csv.ts";
import { readinessPdf } from "./readiness-pdf.ts";
import { createProgramCodeService } from "./service.ts";

const programParams = z.strictObject({ programId: z.uuid("Use the program id (a UUID).") });
const flag = z.enum(["true", "false"]).default("false");
const importQuery = z.strictObject({
  dryRun: flag.describe("true: validate and show the differences, change nothing"),
  programId: z.uuid("Use the program id (a UUID).").optional().describe("Import into this program"),
  create: flag.describe("true: always create a new program"),
  skipUnknownOwners: flag.describe("true: clear owners who are not members of this organization instead of refusing"),
});
const filesBody = z.strictObject({ files: z.record(z.string(), z.string()) });
const fieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
const listed = z.object({ id: z.string(), title: z.string() });
const changes = z.object({
  added: z.array(listed),
  changed: z.array(listed.extend({ changes: z.array(fieldChange) })),
  removed: z.array(listed),
});
const importResult = z.object({
  dryRun: z.boolean(),
  applied: z.boolean().describe("false on a dry run and when the program already matches the folder"),
  programId: z.uuid().nullable().describe("null on a dry run that would create the program"),
  programName: z.string(),
  diff: z.object({
    program: z.object({ create: z.boolean(), name: z.string(), changes: z.array(fieldChange) }),
    scope: z.array(fieldChange),
    controls: changes,
    remediation: changes,
    assessment: changes,
    unchanged: z.boolean(),
  }),
  warnings: z.array(z.string()),
});
const ZIP_TYPES = ["application/zip", "application/x-zip-compressed"];

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "programs" });
  const code = createProgramCodeService({ db: ctx.db });

  // Zip uploads, for the routes of this module only: refused from the Content-Length before reading a byte when
  // too large, and cut off while streaming when a client sends more than it announced.
  app.addContentTypeParser(ZIP_TYPES, (req: FastifyRequest, payload: NodeJS.ReadableStream, done) => {
    const announced = Number(req.headers["content-length"] ?? 0);
    if (announced > LIMITS.totalBytes) {
      payload.resume();
      return done(tooLarge(`The upload is ${Math.round(announced / 1024 / 1024)} MB`), undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (err: Error | null, body?: Buffer) => {
      if (finished) return;
      finished = true;
      done(err, body);
    };
    payload.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > LIMITS.totalBytes) {
        payload.removeAllListeners("data");
        payload.resume();
        finish(tooLarge("The upload is larger than 20 MB"));
      } else chunks.push(chunk);
    });
    payload.on("end", () => finish(null, Buffer.concat(chunks)));
    payload.on("error", (err) => finish(err as Error));
  });

  route.get(
    "/programs/:programId/code",
    {
      operationId: "exportProgramCode",
      summary:
        "The program as code: a zip of program.yaml, scope.yaml, assessment.yaml, controls/<KEY>.md and remediation/<REF>.md (byte-identical when nothing changed)",
      access: "programs.export",
      params: programParams,
      response: { 200: file("application/zip", "The program folder as a zip") },
    },
    async (req, reply) => {
      const { name, files } = await code.exportFiles(actorOf(req).organizationId, req.params.programId);
      return sendDownload(reply, "application/zip", `${fileStem(name)}.zip`, Buffer.from(zipBundle(files)));
    },
  );

  route.get(
    "/programs/:programId/readiness.csv",
    {
      operationId: "exportProgramReadinessCsv",
      summary:
        "Readiness as CSV: the program, each category and each criterion, with the headline level and the score at each level of proof (declared, evidenced, operating)",
      access: "programs.export",
      params: programParams,
      response: { 200: csv() },
    },
    async (req, reply) => {
      const readiness = await readinessCsv(ctx.db, actorOf(req).organizationId, req.params.programId);
      return sendCsv(reply, `${fileStem(readiness.name)}-readiness.csv`, readiness.csv);
    },
  );

  route.get(
    "/programs/:programId/readiness.pdf",
    {
      operationId: "exportProgramReadinessPdf",
      summary:
        "Readiness as an A4 PDF report: the headline level named, each category and criterion at every level of proof",
      access: "programs.export",
      params: programParams,
      response: { 200: file("application/pdf", "A4 PDF") },
    },
    async (req, reply) => {
      const { name, pdf } = await readinessPdf(ctx.db, actorOf(req).organizationId, req.params.programId);
      return sendDownload(reply, "application/pdf", `${fileStem(name)}-readiness.pdf`, pdf);
    },
  );

  route.post(
    "/programs/code/import",
    {
      operationId: "importProgramCode",
      summary:
        "Import a program folder: a zip (Content-Type application/zip) or JSON { files: { path: text } }. Validates everything, returns the differences, and applies them in one step unless dryRun=true",
      access: "programs.import",
      query: importQuery,
      response: { 200: importResult },
      errors: [413],
      rawBody: { "application/zip": z.file().mime("application/zip"), "application/json": filesBody },
      bodyLimit: LIMITS.totalBytes,
    },
    async (req) => {
      const body = req.body as unknown;
      let files: Map<string, string>;
      if (Buffer.isBuffer(body)) files = unzipBundle(body);
      else {
        const parsed = filesBody.safeParse(body);
        if (!parsed.success)
          throw new AppError(
            400,
            "invalid_program_code",
            'Send the program folder as a zip (Content-Type: application/zip) or as JSON { files: { "program.yaml": "…", … } }.',
          );
        files = jsonBundle(parsed.data.files);
      }
      const q = req.query;
      return code.import(actorOf(req), files, {
        dryRun: q.dryRun === "true",
        programId: q.programId,
        create: q.create === "true",
        skipUnknownOwners: q.skipUnknownOwners === "true",
      });
    },
  );

  for (const kind of ["ssp", "poam"] as const)
    route.get(
      `/programs/:programId/oscal/${kind}.json`,
      {
        operationId: kind === "ssp" ? "exportOscalSsp" : "exportOscalPoam",
        summary:
          kind === "ssp"
            ? "The program as an OSCAL 1.2.1 system security plan (JSON; see docs/oscal.md for the mapping)"
            : "The remediation plan as an OSCAL 1.2.1 plan of action and milestones (JSON; 409 when the plan has no items); its import-ssp names the SSP's download",
        access: "programs.export",
        params: programParams,
        response: { 200: z.looseObject({}) },
        errors: kind === "poam" ? [409] : [],
      },
      async (req, reply) => {
        const { organizationId } = actorOf(req);
        const doc =
          kind === "ssp"
            ? await buildSsp(ctx.db, organizationId, req.params.programId)
            : await buildPoam(ctx.db, organizationId, req.params.programId);
        const body = Buffer.from(oscalJson(doc.document));
        return sendDownload(reply, "application/json; charset=utf-8", `${doc.fileStem}-${kind}.json`, body);
      },
    );

  // The SOC 2 catalog and profile an SSP imports (also embedded in it), under the names its rlinks use.
  for (const [kind, name] of [
    ["catalog", CATALOG_FILE],
    ["profile", PROFILE_FILE],
  ] as const)
    route.get(
      `/oscal/${name}`,
      {
        operationId: kind === "catalog" ? "exportOscalTscCatalog" : "exportOscalTscProfile",
        summary:
          kind === "catalog"
            ? "The SOC 2 Trust Services Criteria as an OSCAL 1.2.1 catalog (ids with Assay's own titles and summaries)"
            : "The OSCAL 1.2.1 profile every Assay SSP imports: all criteria of the SOC 2 catalog",
        access: "content.read",
        response: { 200: z.looseObject({}) },
      },
      async (_req, reply) =>
        sendDownload(reply, "application/json; charset=utf-8", name, Buffer.from(oscalJson(tscDocuments()[kind]))),
    );
}
