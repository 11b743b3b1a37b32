import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf, requires } from "../../kernel/http/request.ts";
import { problems } from "../../kernel/http/schemas.ts";
import { createAssessmentService } from "./assessment.ts";
import { createControlsService } from "./controls.ts";
import { explainControl } from "./explanation.ts";
import { dashboard, gapList, readinessTrend } from "./insights.ts";
import { readReadiness } from "./readiness.ts";
import {
  assessment as assessmentAnswer,
  assessmentBody,
  assessmentResult,
  controlExplanation,
  controlParams,
  createControlBody,
  createProgramBody,
  dashboard as dashboardAnswer,
  gaps,
  listControlsQuery,
  program,
  programControlDetail,
  programControlList,
  programList,
  programParams,
  readiness,
  readinessTrend as trendAnswer,
  updateControlBody,
  updateProgramBody,
} from "./schema.ts";
import { createProgramsService } from "./service.ts";

const tags = ["programs"];
const read = requires("programs.read");
const manage = requires("programs.manage");

export default async function routes(app: ApiApp, ctx: AppContext) {
  const programs = createProgramsService({ db: ctx.db });
  const controls = createControlsService({ db: ctx.db });
  const assessment = createAssessmentService({ db: ctx.db });

  app.get(
    "/programs",
    {
      config: read,
      schema: {
        tags,
        summary: "Programs of this organization (archived=true includes archived ones)",
        querystring: z.strictObject({ archived: z.enum(["true", "false"]).default("false") }),
        response: { 200: programList, ...problems },
      },
    },
    async (req) => programs.list(actorOf(req).organizationId, req.query.archived === "true"),
  );

  app.post(
    "/programs",
    {
      config: manage,
      schema: {
        tags,
        summary: "Create a program (one framework cycle); adopts the control library unless adoptLibrary=false",
        body: createProgramBody,
        response: { 201: program, ...problems },
      },
    },
    async (req, reply) => reply.status(201).send(await programs.create(actorOf(req), req.body)),
  );

  app.get(
    "/programs/:programId",
    {
      config: read,
      schema: {
        tags,
        summary: "A program with its scope",
        params: programParams,
        response: { 200: program, ...problems },
      },
    },
    async (req) => programs.get(actorOf(req).organizationId, req.params.programId),
  );

  app.patch(
    "/programs/:programId",
    {
      config: manage,
      schema: {
        tags,
        summary: "Change the program's report type, period, categories or system description",
        params: programParams,
        body: updateProgramBody,
        response: { 200: program, ...problems },
      },
    },
    async (req) => programs.update(actorOf(req), req.params.programId, req.body),
  );

  app.post(
    "/programs/:programId/archive",
    {
      config: manage,
      schema: {
        tags,
        summary: "Archive (or restore, archived=false) a program",
        params: programParams,
        body: z.strictObject({ archived: z.boolean() }),
        response: { 200: program, ...problems },
      },
    },
    async (req) => programs.archive(actorOf(req), req.params.programId, req.body.archived),
  );

  app.post(
    "/programs/:programId/adopt",
    {
      config: manage,
      schema: {
        tags,
        summary: "Adopt library controls the program does not have yet (all relevant ones, or the ids given)",
        params: programParams,
        body: z.strictObject({ controls: z.array(z.string().max(20)).max(500).optional() }),
        response: { 200: z.object({ added: z.array(z.string()) }), ...problems },
      },
    },
    async (req) => programs.adopt(actorOf(req), req.params.programId, req.body.controls),
  );

  app.get(
    "/programs/:programId/controls",
    {
      config: read,
      schema: {
        tags,
        summary: "The program's controls, with status and reason (filter by q, status, criterion, owner)",
        params: programParams,
        querystring: listControlsQuery,
        response: { 200: programControlList, ...problems },
      },
    },
    async (req) => controls.list(actorOf(req).organizationId, req.params.programId, req.query),
  );

  app.post(
    "/programs/:programId/controls",
    {
      config: manage,
      schema: {
        tags,
        summary: "Add a custom control (its id defaults to the next CUS-nn)",
        params: programParams,
        body: createControlBody,
        response: { 201: programControlDetail, ...problems },
      },
    },
    async (req, reply) => reply.status(201).send(await controls.create(actorOf(req), req.params.programId, req.body)),
  );

  app.get(
    "/programs/:programId/controls/:key",
    {
      config: read,
      schema: {
        tags,
        summary: "One control with its status history",
        params: controlParams,
        response: { 200: programControlDetail, ...problems },
      },
    },
    async (req) => controls.get(actorOf(req).organizationId, req.params.programId, req.params.key),
  );

  app.get(
    "/programs/:programId/controls/:key/explanation",
    {
      config: read,
      schema: {
        tags,
        summary: "Why the control is in its state: evidence freshness, monitoring tests, exceptions in effect",
        params: controlParams,
        response: { 200: controlExplanation, ...problems },
      },
    },
    async (req) => explainControl(ctx.db, actorOf(req).organizationId, req.params.programId, req.params.key),
  );

  app.patch(
    "/programs/:programId/controls/:key",
    {
      config: { access: { action: "controls.update_own" } },
      schema: {
        tags,
        summary:
          "Edit a control. Control owners may set status, statusReason and narrative of their own controls; the rest needs controls.edit",
        params: controlParams,
        body: updateControlBody,
        response: { 200: programControlDetail, ...problems },
      },
    },
    async (req) => controls.update(actorOf(req), req.params.programId, req.params.key, req.body),
  );

  // Read-only views of one program: same access, params and problem responses; only the answer differs.
  const views: [string, string, z.ZodType, (organizationId: string, programId: string) => Promise<unknown>][] = [
    [
      "readiness",
      "Readiness: each criterion (state, score, why), each category and overall",
      readiness,
      (o, p) => readReadiness(ctx.db, o, p),
    ],
    [
      "readiness/trend",
      "Daily readiness snapshots (last 90 days)",
      trendAnswer,
      (o, p) => readinessTrend(ctx.db, o, p),
    ],
    [
      "gaps",
      "Every criterion and control that is not ready, why, and what to do",
      gaps,
      (o, p) => gapList(ctx.db, o, p),
    ],
    [
      "dashboard",
      "Readiness, trend, top gaps, overdue and upcoming remediation, and the certification journey",
      dashboardAnswer,
      (o, p) => dashboard(ctx.db, o, p),
    ],
    [
      "assessment",
      "The self-assessment questionnaire: one question per in-scope criterion, with answers",
      assessmentAnswer,
      (o, p) => assessment.get(o, p),
    ],
  ];
  for (const [path, summary, answer, handler] of views)
    app.get(
      `/programs/:programId/${path}`,
      { config: read, schema: { tags, summary, params: programParams, response: { 200: answer, ...problems } } },
      async (req) => handler(actorOf(req).organizationId, req.params.programId),
    );

  app.put(
    "/programs/:programId/assessment",
    {
      config: { access: { action: "assessment.answer" } },
      schema: {
        tags,
        summary: "Answer self-assessment questions: sets initial control status and opens remediation items for gaps",
        params: programParams,
        body: assessmentBody,
        response: { 200: assessmentResult, ...problems },
      },
    },
    async (req) => assessment.answer(actorOf(req), req.params.programId, req.body),
  );
}
