import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { type OrgActor, subjectOf } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import { plainDay } from "../../core/training.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendCsv, sendDownload } from "../../kernel/http/download.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { csv, file, routesFor } from "../../kernel/http/route.ts";
import { idParams, pageOffset, parseInput } from "../../kernel/http/schemas.ts";
import { assertStorableText, unstorableText, unstorableTextError } from "../../kernel/http/storable-text.ts";
import { AppError, badRequest, forbidden } from "../../platform/errors.ts";
import { blobStoreFor } from "../../platform/storage/index.ts";
import { attachGeneratedEvidence } from "../evidence/public.ts";
import { loadPerson, type PersonRow, personOfUser } from "../people/public.ts";
import { CERTIFICATE_MAX_BYTES, certificateTooLarge, keepCertificate, stageCertificate } from "./certificate.ts";
import { rules } from "./policy.ts";
import { reportCsv, reportData, reportPdf } from "./report.ts";
import {
  attachBody,
  attached,
  attemptBody,
  attemptResult,
  courseView,
  decisionBody,
  externalFields,
  externalForm,
  externalList,
  externalQuery,
  externalRecord,
  listPeopleQuery,
  myTraining,
  overview,
  personList,
  personParams,
  reportQuery,
  settings,
  settingsPatch,
} from "./schema.ts";
import {
  activityCounts,
  attemptsOf,
  audienceOf,
  course,
  courseForTaking,
  courseMinutes,
  decideExternal,
  externalOf,
  externalView,
  loadExternal,
  organizationStanding,
  recordExternal,
  settingsOf,
  standingsOf,
  submitAttempt,
  TRAINING_CONTROL,
  updateSettings,
} from "./store.ts";

const notInDirectory = () =>
  new AppError(
    409,
    "not_in_directory",
    "You are not in the people directory of this organization, so there is no training to take as you. Ask a compliance manager to add you (with the email address you sign in with).",
  );

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "training" });
  const store = blobStoreFor(ctx.config, ctx.keys);
  await app.register(multipart, {
    limits: {
      fileSize: CERTIFICATE_MAX_BYTES + 1,
      files: 1,
      fields: 20,
      fieldSize: 16 * 1024,
      parts: 21,
      headerPairs: 50,
    },
  });

  /** The person the signed-in member is; 409 when the directory does not have them. */
  async function me(actor: OrgActor): Promise<PersonRow> {
    const person = await personOfUser(ctx.db, actor.organizationId, actor.userId);
    if (!person) throw notInDirectory();
    return person;
  }

  /** Reads the multipart form of external training: the certificate staged, the text fields validated. */
  async function readExternalForm(req: FastifyRequest) {
    if (!req.isMultipart())
      throw new AppError(
        415,
        "multipart_required",
        "Send the form as multipart/form-data with the certificate in “file”.",
      );
    let staged: Awaited<ReturnType<typeof stageCertificate>> | null = null;
    const fields: Record<string, string> = {};
    try {
      for await (const part of req.parts()) {
        if (part.type === "file") {
          const bad = unstorableText({ file: { filename: part.filename } }, "body");
          if (bad.length || staged) {
            part.file.resume();
            if (bad.length) throw unstorableTextError(bad);
            throw badRequest("one_file", "Attach exactly one certificate.");
          }
          const name = (part.filename ?? "").split(/[\\/]/).pop()!.trim().slice(0, 255) || "certificate";
          staged = await stageCertificate(store, part.file, name);
          if (part.file.truncated) throw certificateTooLarge(name);
        } else {
          assertStorableText({ [part.fieldname]: part.value }, "body");
          fields[part.fieldname] = String(part.value);
        }
      }
      if (!staged) throw badRequest("no_file", "Attach the certificate (a PDF, PNG or JPEG) in the field “file”.");
      return { staged, fields: parseInput(externalFields, fields) };
    } catch (err) {
      if (staged) await store.discard(staged.tempKey).catch(() => {});
      const e = err as { code?: string };
      if (e.code === "FST_REQ_FILE_TOO_LARGE") throw certificateTooLarge("The certificate");
      if (e.code === "FST_FILES_LIMIT") throw badRequest("one_file", "Attach exactly one certificate.");
      throw err;
    }
  }

  /** Records external training for `person` from a multipart request; the certificate is kept only if it commits. */
  async function external(req: FastifyRequest, person: PersonRow) {
    const actor = actorOf(req);
    const { staged, fields } = await readExternalForm(req);
    const id = newId();
    let kept: Awaited<ReturnType<typeof keepCertificate>> | null = null;
    try {
      kept = await keepCertificate(store, actor.organizationId, id, staged);
      const row = await change(ctx.db, actor, (c) => recordExternal(c, person, id, fields, kept!));
      return externalView({
        x: { ...row, decidedAt: null, decidedBy: null, decisionNote: null },
        personName: person.fullName,
      });
    } catch (err) {
      await store.discard(kept ? kept.storageKey : staged.tempKey).catch(() => {});
      throw err;
    }
  }

  // --- the employee's own training ---

  route.get(
    "/training/me",
    {
      operationId: "getMyTraining",
      summary: "Your security awareness training: where you stand, your attempts and external training",
      access: "training.take",
      response: { 200: myTraining },
    },
    async (req) => {
      const actor = actorOf(req);
      const co = course();
      const summary = { id: co.id, title: co.title, summary: co.summary, minutes: courseMinutes(co) };
      const person = await personOfUser(ctx.db, actor.organizationId, actor.userId);
      if (!person)
        return { person: null, assigned: false, standing: null, course: summary, attempts: [], external: [] };
      const s = await settingsOf(ctx.db, actor.organizationId);
      const assigned = (await audienceOf(ctx.db, actor.organizationId, s)).some((p) => p.id === person.id);
      const [mine] = await standingsOf(ctx.db, actor.organizationId, [person], s, new Date());
      return {
        person: { id: person.id, fullName: person.fullName },
        assigned,
        standing: mine!.training,
        course: summary,
        attempts: await attemptsOf(ctx.db, actor.organizationId, person.id),
        external: await externalOf(ctx.db, actor.organizationId, person.id),
      };
    },
  );

  route.get(
    "/training/course",
    {
      operationId: "getTrainingCourse",
      summary: "The course to take: modules, sections and quiz questions (never the correct answers)",
      access: "training.take",
      response: { 200: courseView },
    },
    async (req) => courseForTaking((await settingsOf(ctx.db, actorOf(req).organizationId)).passMark),
  );

  route.post(
    "/training/attempts",
    {
      operationId: "submitTrainingAttempt",
      summary: "Submit your quiz answers: graded by the server; a pass completes the training for twelve months",
      description:
        "Every question must be answered (400 unanswered_questions, unknown_question, unknown_option). The answer " +
        "key and explanations come back only in this result. A failed attempt can be retried at once.",
      access: "training.take",
      body: attemptBody,
      response: { 201: attemptResult },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const person = await me(actor);
      const result = await change(ctx.db, actor, (c) => submitAttempt(c, person, req.body.answers));
      return reply.code(201).send(result);
    },
  );

  route.post(
    "/training/me/external",
    {
      operationId: "recordMyExternalTraining",
      summary: "Record training you took elsewhere, with its certificate (multipart); a compliance manager accepts it",
      description:
        "multipart/form-data: provider, courseTitle, completedOn (YYYY-MM-DD), notes, and the certificate in `file` " +
        "(PDF, PNG or JPEG, recognized by content; at most 10 MB: 413 file_too_large, 415 certificate_type_refused).",
      access: "training.take",
      rawBody: { "multipart/form-data": externalForm },
      response: { 201: externalRecord },
      errors: [413, 415],
    },
    async (req, reply) => reply.code(201).send(await external(req, await me(actorOf(req)))),
  );

  route.get(
    "/training/external/:id/certificate",
    {
      operationId: "downloadTrainingCertificate",
      summary: "The certificate of an external training record (your own, or anyone's with training.read)",
      access: "training.take",
      params: idParams,
      response: { 200: file("application/octet-stream", "The certificate as uploaded (PDF, PNG or JPEG)") },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { x, personUserId } = await loadExternal(ctx.db, actor.organizationId, req.params.id);
      if (!rules.readsExternal(subjectOf(actor), { personUserId }))
        throw forbidden("You can see your own certificates; this one belongs to someone else.");
      const body = await store.get(x.storageKey, x.fileName);
      return sendDownload(reply, x.mimeType, x.fileName, body);
    },
  );

  // --- administration ---

  route.get(
    "/training/overview",
    {
      operationId: "getTrainingOverview",
      summary: "The course, completion counts, the share of people current and the HR-04 check",
      access: "training.read",
      response: { 200: overview },
    },
    async (req) => {
      const org = actorOf(req).organizationId;
      const co = course();
      const { standings, check, settings: s } = await organizationStanding(ctx.db, org, new Date());
      const count = (st: string) => standings.filter((x) => x.training.status === st).length;
      const { pending } = await activityCounts(ctx.db, org);
      const complete = count("complete");
      return {
        course: {
          id: co.id,
          title: co.title,
          summary: co.summary,
          version: co.version,
          modules: co.modules.map((m) => ({ id: m.id, title: m.title, minutes: m.minutes })),
          questions: co.quiz.length,
        },
        counts: {
          audience: standings.length,
          complete,
          due: count("due"),
          overdue: count("overdue"),
          expired: count("expired"),
          pendingExternal: [...pending.values()].reduce((a, b) => a + b, 0),
        },
        share: standings.length ? Math.floor((complete * 100) / standings.length) : 0,
        requiredShare: s.requiredShare,
        check,
        departments: [...new Set(standings.map((x) => x.person.department).filter((d): d is string => !!d))].sort(),
      };
    },
  );

  route.get(
    "/training/people",
    {
      operationId: "listTrainingPeople",
      summary: "Completion per person: status, due date, last completion, with search, filters and pages",
      access: "training.read",
      query: listPeopleQuery,
      response: { 200: personList },
    },
    async (req) => {
      const org = actorOf(req).organizationId;
      const { standings } = await organizationStanding(ctx.db, org, new Date());
      const { attempts, pending } = await activityCounts(ctx.db, org);
      const { q, status, department, page, pageSize } = req.query;
      const needle = q?.toLowerCase();
      const rows = standings
        .filter((s) => !status || s.training.status === status)
        .filter((s) => !department || s.person.department === department)
        .filter(
          (s) =>
            !needle ||
            s.person.fullName.toLowerCase().includes(needle) ||
            s.person.email.toLowerCase().includes(needle),
        )
        .map((s) => ({
          personId: s.person.id,
          fullName: s.person.fullName,
          email: s.person.email,
          department: s.person.department,
          kind: s.person.kind,
          ...s.training,
          source: s.source,
          attempts: attempts.get(s.person.id) ?? 0,
          pendingExternal: pending.get(s.person.id) ?? 0,
        }));
      const start = pageOffset(req.query);
      return { items: rows.slice(start, start + pageSize), total: rows.length, page, pageSize };
    },
  );

  route.get(
    "/training/external",
    {
      operationId: "listExternalTraining",
      summary: "External training records (pending ones wait for a decision)",
      access: "training.read",
      query: externalQuery,
      response: { 200: externalList },
    },
    async (req) => {
      const all = await externalOf(ctx.db, actorOf(req).organizationId, undefined, req.query.status);
      const start = pageOffset(req.query);
      return {
        items: all.slice(start, start + req.query.pageSize),
        total: all.length,
        page: req.query.page,
        pageSize: req.query.pageSize,
      };
    },
  );

  route.post(
    "/training/people/:personId/external",
    {
      operationId: "recordExternalTraining",
      summary: "Record external training for a person, with the certificate (multipart); accept it separately",
      description: "The same form as POST /training/me/external.",
      access: "training.manage",
      params: personParams,
      rawBody: { "multipart/form-data": externalForm },
      response: { 201: externalRecord },
      errors: [413, 415],
    },
    async (req, reply) => {
      const person = await loadPerson(ctx.db, actorOf(req).organizationId, req.params.personId);
      return reply.code(201).send(await external(req, person));
    },
  );

  route.post(
    "/training/external/:id/decision",
    {
      operationId: "decideExternalTraining",
      summary: "Accept external training as a completion (valid twelve months from its date), or reject it with a note",
      access: "training.manage",
      params: idParams,
      body: decisionBody,
      response: { 200: externalRecord },
    },
    async (req) =>
      change(ctx.db, actorOf(req), (c) => decideExternal(c, req.params.id, req.body.decision, req.body.note)),
  );

  route.get(
    "/training/settings",
    {
      operationId: "getTrainingSettings",
      summary: "Pass mark, days for new hires, the share of people required, whether contractors are included",
      access: "training.read",
      response: { 200: settings },
    },
    async (req) => settingsOf(ctx.db, actorOf(req).organizationId),
  );

  route.patch(
    "/training/settings",
    {
      operationId: "updateTrainingSettings",
      summary: "Change the training settings (passMark null: the course's own)",
      access: "training.manage",
      body: settingsPatch,
      response: { 200: settings },
    },
    async (req) => change(ctx.db, actorOf(req), (c) => updateSettings(c, req.body)),
  );

  const reportName = (from: string, to: string) => `security-awareness-training-${from}-to-${to}`;

  route.get(
    "/training/report.csv",
    {
      operationId: "exportTrainingCsv",
      summary: "Completions in a period as CSV (cells a spreadsheet would run as formulas are quoted)",
      access: "training.read",
      query: reportQuery,
      response: { 200: csv() },
    },
    async (req, reply) => {
      const d = await reportData(ctx.db, actorOf(req).organizationId, req.query.from, req.query.to, new Date());
      return sendCsv(reply, `${reportName(d.from, d.to)}.csv`, reportCsv(d));
    },
  );

  route.get(
    "/training/report.pdf",
    {
      operationId: "exportTrainingPdf",
      summary: "Completions in a period and today's standing as a PDF report",
      access: "training.read",
      query: reportQuery,
      response: { 200: file("application/pdf", "A4 PDF") },
    },
    async (req, reply) => {
      const d = await reportData(ctx.db, actorOf(req).organizationId, req.query.from, req.query.to, new Date());
      const pdf = await reportPdf(d);
      // Buffers bypass the serializer; the string schema above documents the body for OpenAPI.
      return sendDownload(reply, "application/pdf", `${reportName(d.from, d.to)}.pdf`, pdf);
    },
  );

  route.post(
    "/training/report/evidence",
    {
      operationId: "attachTrainingReport",
      summary: "Attach the completion report (PDF or CSV) for a period as evidence to a program's HR-04 control",
      access: "training.manage",
      body: attachBody,
      response: { 201: attached },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { programId, format } = req.body;
      const now = new Date();
      const today = plainDay(now);
      // Evidence covers days that have passed: a period running into the future is reported up to today.
      const to = req.body.to > today ? today : req.body.to;
      const d = await reportData(ctx.db, actor.organizationId, req.body.from, to, now);
      const content = format === "pdf" ? await reportPdf(d) : Buffer.from(reportCsv(d));
      const fileName = `${reportName(d.from, d.to)}.${format}`;
      const title = `Security awareness training completions, ${d.from} to ${d.to}`;
      const [id] = await attachGeneratedEvidence(ctx, actor, [{ fileName, bytes: content }], {
        title,
        description: `${d.rows.length} completions in the period; ${d.standing.check?.reason ?? "nobody is in the people directory yet."}`,
        effectiveFrom: d.from,
        effectiveTo: d.to,
        programId,
        controlKey: TRAINING_CONTROL,
        source: "manual",
      });
      return reply.code(201).send({ evidenceId: id!, title, control: TRAINING_CONTROL });
    },
  );
}
