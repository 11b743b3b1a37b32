import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
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

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "programs" });
  const programs = createProgramsService({ db: ctx.db });
  const controls = createControlsService({ db: ctx.db });
  const assessment = createAssessmentService({ db: ctx.db });

  route.get(
    "/programs",
    {
      operationId: "listPrograms",
      summary: "Programs of this organization (archived=true includes archived ones)",
      access: "programs.read",
      query: z.strictObject({ archived: z.enum(["true", "false"]).default("false") }),
      response: { 200: programList },
    },
    async (req) => programs.list(actorOf(req).organizationId, req.query.archived === "true"),
  );

  route.post(
    "/programs",
    {
      operationId: "createProgram",
      summary: "Create a program (one framework cycle); adopts the control library unless adoptLibrary=false",
      access: "programs.manage",
      body: createProgramBody,
      response: { 201: program },
    },
    async (req, reply) => reply.status(201).send(await programs.create(actorOf(req), req.body)),
  );

  route.get(
    "/programs/:programId",
    {
      operationId: "getProgram",
      summary: "A program with its scope",
      access: "programs.read",
      params: programParams,
      response: { 200: program },
    },
    async (req) => programs.get(actorOf(req).organizationId, req.params.programId),
  );

  route.patch(
    "/programs/:programId",
    {
      operationId: "updateProgram",
      summary: "Change the program's report type, period, categories or system description",
      access: "programs.manage",
      params: programParams,
      body: updateProgramBody,
      response: { 200: program },
    },
    async (req) => programs.update(actorOf(req), req.params.programId, req.body),
  );

  route.post(
    "/programs/:programId/archive",
    {
      operationId: "archiveProgram",
      summary: "Archive (or restore, archived=false) a program",
      access: "programs.manage",
      params: programParams,
      body: z.strictObject({ archived: z.boolean() }),
      response: { 200: program },
    },
    async (req) => programs.archive(actorOf(req), req.params.programId, req.body.archived),
  );

  route.post(
    "/programs/:programId/adopt",
    {
      operationId: "adoptLibraryControls",
      summary: "Adopt library controls the program does not have yet (all relevant ones, or the ids given)",
      access: "programs.manage",
      params: programParams,
      body: z.strictObject({ controls: z.array(z.string().max(20)).max(500).optional() }),
      response: { 200: z.object({ added: z.array(z.string()) }) },
    },
    async (req) => programs.adopt(actorOf(req), req.params.programId, req.body.controls),
  );

  route.get(
    "/programs/:programId/controls",
    {
      operationId: "listProgramControls",
      summary: "The program's controls, with status and reason (filter by q, status, criterion, owner)",
      access: "programs.read",
      params: programParams,
      query: listControlsQuery,
      response: { 200: programControlList },
    },
    async (req) => controls.list(actorOf(req).organizationId, req.params.programId, req.query),
  );

  route.post(
    "/programs/:programId/controls",
    {
      operationId: "createProgramControl",
      summary: "Add a custom control (its id defaults to the next CUS-nn)",
      access: "programs.manage",
      params: programParams,
      body: createControlBody,
      response: { 201: programControlDetail },
    },
    async (req, reply) => reply.status(201).send(await controls.create(actorOf(req), req.params.programId, req.body)),
  );

  route.get(
    "/programs/:programId/controls/:key",
    {
      operationId: "getProgramControl",
      summary: "One control with its status history",
      access: "programs.read",
      params: controlParams,
      response: { 200: programControlDetail },
    },
    async (req) => controls.get(actorOf(req).organizationId, req.params.programId, req.params.key),
  );

  route.get(
    "/programs/:programId/controls/:key/explanation",
    {
      operationId: "explainProgramControl",
      summary: "Why the control is in its state: evidence freshness, monitoring tests, exceptions in effect",
      access: "programs.read",
      params: controlParams,
      response: { 200: controlExplanation },
    },
    async (req) => explainControl(ctx.db, actorOf(req).organizationId, req.params.programId, req.params.key),
  );

  route.patch(
    "/programs/:programId/controls/:key",
    {
      operationId: "updateProgramControl",
      summary:
        "Edit a control. Control owners may set status, statusReason and narrative of their own controls; the rest needs controls.edit",
      access: "controls.update_own",
      params: controlParams,
      body: updateControlBody,
      response: { 200: programControlDetail },
    },
    async (req) => controls.update(actorOf(req), req.params.programId, req.params.key, req.body),
  );

  // Read-only views of one program: same access, params and problem responses; only the answer differs.
  const views: [string, string, string, z.ZodType, (organizationId: string, programId: string) => Promise<unknown>][] =
    [
      [
        "readiness",
        "getProgramReadiness",
        "Readiness: each criterion (state, score, why), each category and overall",
        readiness,
        (o, p) => readReadiness(ctx.db, o, p),
      ],
      [
        "readiness/trend",
        "getProgramReadinessTrend",
        "Daily readiness snapshots (last 90 days)",
        trendAnswer,
        (o, p) => readinessTrend(ctx.db, o, p),
      ],
      [
        "gaps",
        "listProgramGaps",
        "Every criterion and control that is not ready, why, and what to do",
        gaps,
        (o, p) => gapList(ctx.db, o, p),
      ],
      [
        "dashboard",
        "getProgramDashboard",
        "Readiness, trend, top gaps, overdue and upcoming remediation, and the certification journey",
        dashboardAnswer,
        (o, p) => dashboard(ctx.db, o, p),
      ],
      [
        "assessment",
        "getProgramAssessment",
        "The self-assessment questionnaire: one question per in-scope criterion, with answers",
        assessmentAnswer,
        (o, p) => assessment.get(o, p),
      ],
    ];
  for (const [path, operationId, summary, answer, handler] of views)
    route.get(
      `/programs/:programId/${path}`,
      {
        operationId,
        summary,
        access: "programs.read",
        params: programParams,
        response: { 200: answer },
      },
      async (req) => handler(actorOf(req).organizationId, req.params.programId),
    );

  route.put(
    "/programs/:programId/assessment",
    {
      operationId: "answerAssessment",
      summary: "Answer self-assessment questions: sets initial control status and opens remediation items for gaps",
      access: "assessment.answer",
      params: programParams,
      body: assessmentBody,
      response: { 200: assessmentResult },
    },
    async (req) => assessment.answer(actorOf(req), req.params.programId, req.body),
  );
}
