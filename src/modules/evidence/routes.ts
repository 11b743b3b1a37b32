import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import type { z } from "zod";
import { type OrgActor, subjectOf } from "../../core/actor.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { file, routesFor } from "../../kernel/http/route.ts";
import { parseInput } from "../../kernel/http/schemas.ts";
import { assertStorableText, unstorableText, unstorableTextError } from "../../kernel/http/storable-text.ts";
import { AppError, conflict, forbidden } from "../../platform/errors.ts";
import { BlobIntegrityError, blobStoreFor } from "../../platform/storage/index.ts";
import { contentDisposition, contentTypeHeader, downloadName, isPreviewable } from "./detect.ts";
import { primed } from "./download.ts";
import { rules } from "./policy.ts";
import { getEvidence, listEvidence } from "./queries.ts";
import {
  contentQuery,
  evidenceDetail,
  evidenceItem,
  evidenceList,
  evidenceParams,
  linkBody,
  linkControlsBody,
  linkParams,
  listQuery,
  statementBody,
  submissionMeta,
  submitted,
  uploadForm,
  versionBody,
  versionForm,
} from "./schema.ts";
import { createEvidenceService, type Staged, tooLarge } from "./service.ts";
import { loadEvidence } from "./views.ts";

const MAX_FILES = 20;

/** Multipart text fields as the JSON the schemas expect: `controls` may repeat or list keys; `period` is a shortcut. */
function fieldsToBody(fields: Map<string, string[]>, listFields: readonly string[] = []) {
  const body: Record<string, unknown> = {};
  for (const [name, values] of fields) {
    if (name === "period") {
      const m = /^\s*(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})\s*$/.exec(values.at(-1)!);
      if (!m)
        throw new AppError(400, "validation_failed", "body.period: use a period like 2027-01-01..2027-03-31.", {
          errors: [{ path: "body.period", message: "use a period like 2027-01-01..2027-03-31" }],
        });
      body.effectiveFrom = m[1];
      body.effectiveTo = m[2];
    } else if (listFields.includes(name)) {
      body[name] = values.flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
    } else {
      body[name] = values.at(-1);
    }
  }
  return body;
}

/** The name a browser or client sent, without any folder part. */
const cleanFileName = (name: string | undefined) =>
  (name ?? "")
    .split(/[\\/]/)
    .pop()!
    .split("")
    .filter((c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) !== 127)
    .join("")
    .trim()
    .slice(0, 255) || "evidence";

const INCOMPLETE = /unexpected end|terminated early|premature close|aborted|malformed|boundary|multipart/i;

/** Multipart and stream errors as actionable problems. */
function uploadProblem(err: unknown, maxBytes: number): unknown {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; message?: string; part?: { filename?: string } };
  switch (e.code) {
    case "FST_REQ_FILE_TOO_LARGE":
      return tooLarge(e.part?.filename ?? null, maxBytes);
    case "FST_FILES_LIMIT":
      return new AppError(413, "too_many_files", `Upload at most ${MAX_FILES} files at once.`);
    case "FST_FIELDS_LIMIT":
    case "FST_PARTS_LIMIT":
      return new AppError(413, "too_many_fields", "The form has too many fields.");
    case "FST_INVALID_MULTIPART_CONTENT_TYPE":
      return new AppError(415, "multipart_required", "Send the files as multipart/form-data.");
    default:
      break;
  }
  if (e.code === "ERR_STREAM_PREMATURE_CLOSE" || e.code === "ECONNRESET" || INCOMPLETE.test(e.message ?? ""))
    return new AppError(
      400,
      "upload_incomplete",
      "The upload ended before the whole form arrived (the connection closed, or the multipart body is malformed). Nothing was stored: try again.",
    );
  return err;
}

/** 403 for evidence someone else submitted, for people who see only their own (policy.ts `rules.readsEvidence`). */
function checkReadable(actor: OrgActor, e: { collectedBy: string | null }) {
  if (!rules.readsEvidence(subjectOf(actor), e))
    throw forbidden(
      "You can see the evidence you submitted yourself; this piece was submitted by someone else. Ask a compliance manager if you need it.",
    );
}

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "evidence" });
  const store = blobStoreFor(ctx.config, ctx.keys);
  const service = createEvidenceService({ db: ctx.db, store, config: ctx.config });
  const maxBytes = ctx.config.ASSAY_EVIDENCE_MAX_BYTES;

  // Files stream through to storage; the size limit is enforced by the store as bytes arrive (busboy's limit is
  // one byte above it so the store, which cleans up, is the one that trips).
  await app.register(multipart, {
    limits: {
      fileSize: maxBytes + 1,
      files: MAX_FILES,
      fields: 50,
      fieldSize: 64 * 1024,
      parts: MAX_FILES + 50,
      headerPairs: 50,
    },
  });

  /** Reads a multipart request: every file streamed into temporary storage, text fields collected. */
  async function readMultipart(req: FastifyRequest, maxFiles = MAX_FILES) {
    if (!req.isMultipart())
      throw new AppError(415, "multipart_required", "Send the files as multipart/form-data (field “file”).");
    const staged: Staged[] = [];
    const fields = new Map<string, string[]>();
    try {
      for await (const part of req.parts()) {
        if (part.type === "file") {
          // Refused rather than cleaned: a name with a NUL is not what the person meant to send.
          const badName = unstorableText({ [part.fieldname]: { filename: part.filename } }, "body");
          if (badName.length) {
            part.file.resume();
            throw unstorableTextError(badName);
          }
          if (staged.length >= maxFiles) {
            part.file.resume();
            throw new AppError(400, "one_file", "Send exactly one file for a new version.");
          }
          staged.push(await service.stage(part.file, cleanFileName(part.filename)));
        } else {
          assertStorableText({ [part.fieldname]: part.value }, "body");
          fields.set(part.fieldname, [...(fields.get(part.fieldname) ?? []), String(part.value)]);
        }
      }
      return { staged, fields };
    } catch (err) {
      await service.discard(staged);
      throw uploadProblem(err, maxBytes);
    }
  }

  const uploadDescription =
    "multipart/form-data. File parts (any field name, up to 20): each becomes one evidence record; the type is " +
    "detected from the content. Text fields: title, description, effectiveFrom, effectiveTo (or period=" +
    "2027-01-01..2027-03-31), collectedAt, programId, controls (control ids, repeated or comma-separated). " +
    "413 file_too_large above ASSAY_EVIDENCE_MAX_BYTES, 415 file_type_refused for programs, 415 file_type_mismatch " +
    "when the content contradicts the name's extension (a PNG named .pdf), 400 period_in_future when effectiveTo is " +
    "after today.";

  route.post(
    "/evidence",
    {
      operationId: "uploadEvidence",
      summary: "Upload evidence files (multipart, streamed), with their period and controls",
      description: uploadDescription,
      access: "evidence.upload",
      rawBody: { "multipart/form-data": uploadForm },
      response: { 201: submitted },
      errors: [413, 415],
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { staged, fields } = await readMultipart(req);
      let meta: z.infer<typeof submissionMeta>;
      try {
        meta = parseInput(submissionMeta, fieldsToBody(fields, ["controls"]));
      } catch (err) {
        await service.discard(staged);
        throw err;
      }
      return reply.status(201).send({ items: await service.submitFiles(actor, staged, meta) });
    },
  );

  route.post(
    "/evidence/links",
    {
      operationId: "submitEvidenceLink",
      summary: "Submit a link as evidence (a ticket, a dashboard, a document in another system)",
      access: "evidence.upload",
      body: linkBody,
      response: { 201: evidenceItem },
    },
    async (req, reply) => reply.status(201).send(await service.submitLink(actorOf(req), req.body)),
  );

  route.post(
    "/evidence/statements",
    {
      operationId: "submitEvidenceStatement",
      summary: "Submit a written statement as evidence (e.g. “no production changes in March”)",
      access: "evidence.upload",
      body: statementBody,
      response: { 201: evidenceItem },
    },
    async (req, reply) => reply.status(201).send(await service.submitStatement(actorOf(req), req.body)),
  );

  route.get(
    "/evidence",
    {
      operationId: "listEvidence",
      summary: "The evidence library (filter by q, control, program, kind, source, period from/to, stale)",
      description: "Without evidence.read (an employee), only the evidence the caller submitted themselves is listed.",
      access: "evidence.read_own",
      query: listQuery,
      response: { 200: evidenceList },
    },
    async (req) => {
      const actor = actorOf(req);
      const own = rules.readsAllEvidence(subjectOf(actor)) ? undefined : actor.userId;
      return listEvidence(ctx.db, actor.organizationId, req.query, { collectedBy: own });
    },
  );

  route.get(
    "/evidence/:id",
    {
      operationId: "getEvidence",
      summary: "One piece of evidence with its linked controls (and their freshness) and all its versions",
      access: "evidence.read_own",
      params: evidenceParams,
      response: { 200: evidenceDetail },
    },
    async (req) => {
      const actor = actorOf(req);
      checkReadable(actor, (await loadEvidence(ctx.db, actor.organizationId, req.params.id)).e);
      return getEvidence(ctx.db, actor.organizationId, req.params.id);
    },
  );

  route.post(
    "/evidence/:id/versions",
    {
      operationId: "createEvidenceVersion",
      summary: "Correct evidence: submit a new version that supersedes this one (evidence itself never changes)",
      description:
        "JSON { reason, title?, description?, effectiveFrom?, effectiveTo?, collectedAt?, url?, statement? } or " +
        "multipart with one file and the same fields. What is left out is copied from this version; links to " +
        "controls carry over. Only the submitter may correct their evidence, unless they hold evidence.manage. " +
        "409 identical_version when the new file, url or statement is exactly this version's.",
      access: "evidence.upload",
      params: evidenceParams,
      rawBody: { "application/json": versionBody, "multipart/form-data": versionForm },
      response: { 201: evidenceItem },
      errors: [413, 415],
    },
    async (req, reply) => {
      const actor = actorOf(req);
      if (!req.isMultipart())
        return reply
          .status(201)
          .send(await service.newVersion(actor, req.params.id, parseInput(versionBody, req.body)));
      await service.checkCorrectable(actor, req.params.id);
      const { staged, fields } = await readMultipart(req, 1);
      let input: z.infer<typeof versionBody>;
      try {
        input = parseInput(versionBody, fieldsToBody(fields));
      } catch (err) {
        await service.discard(staged);
        throw err;
      }
      return reply.status(201).send(await service.newVersion(actor, req.params.id, input, staged[0]));
    },
  );

  route.post(
    "/evidence/:id/controls",
    {
      operationId: "linkEvidenceControls",
      summary: "Link evidence to controls (of programId, or the only active program)",
      access: "evidence.link",
      params: evidenceParams,
      body: linkControlsBody,
      response: { 200: evidenceItem },
    },
    async (req) => service.link(actorOf(req), req.params.id, req.body),
  );

  route.delete(
    "/evidence/:id/controls/:linkId",
    {
      operationId: "unlinkEvidenceControl",
      summary: "Remove a link between evidence and a control (linkId from the evidence's controls)",
      access: "evidence.link",
      params: linkParams,
      response: { 200: evidenceItem },
    },
    async (req) => service.unlink(actorOf(req), req.params.id, req.params.linkId),
  );

  route.get(
    "/evidence/:id/content",
    {
      operationId: "downloadEvidenceContent",
      summary: "Download the file (inline=1 shows images, PDF and text in the browser; everything else downloads)",
      access: "evidence.read_own",
      params: evidenceParams,
      query: contentQuery,
      response: {
        200: file("application/octet-stream", "The file's bytes, sent with the media type detected at upload"),
      },
      errors: [409, 500],
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { e, b } = await loadEvidence(ctx.db, actor.organizationId, req.params.id);
      checkReadable(actor, e);
      if (!b) throw conflict("no_file", `This evidence is a ${e.kind}, not a file: read it in the evidence itself.`);
      const name = downloadName(e.fileName, { mimeType: b.mimeType, ext: b.extension });
      const inline = req.query.inline === true && isPreviewable(b.mimeType);
      let body: Awaited<ReturnType<typeof primed>>;
      try {
        body = await primed(await store.get(b.storageKey, `Evidence file “${name}” (${e.id})`));
      } catch (err) {
        if (!(err instanceof BlobIntegrityError)) throw err;
        req.log.error({ err, evidenceId: e.id, blobId: b.id }, "evidence blob failed its integrity check");
        throw new AppError(
          500,
          "evidence_corrupted",
          `The stored file failed its integrity check: it was changed or damaged in storage (${err.message}) Restore it from a backup; its SHA-256 at upload was ${b.sha256}.`,
        );
      }
      body.on("error", (err) =>
        req.log.error({ err, evidenceId: e.id, blobId: b.id }, "evidence download stopped: integrity check failed"),
      );
      return (
        reply
          .header("content-type", contentTypeHeader(b.mimeType))
          .header("content-length", String(b.size))
          .header("content-disposition", contentDisposition(inline ? "inline" : "attachment", name))
          .header("x-content-type-options", "nosniff")
          .header(
            "content-security-policy",
            // Chromium's PDF viewer does not run in a sandboxed document; PDFs get no scripts or connections anyway.
            b.mimeType === "application/pdf"
              ? "default-src 'none'; frame-ancestors 'self'"
              : "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox",
          )
          .header("cache-control", "private, no-store")
          .header("etag", `"${b.sha256}"`)
          .header("repr-digest", `sha-256=:${Buffer.from(b.sha256, "hex").toString("base64")}:`)
          // Streams bypass the serializer; the string schema above documents the body for OpenAPI.
          .send(body as unknown as string)
      );
    },
  );
}
