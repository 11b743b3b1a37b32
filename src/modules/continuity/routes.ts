import type { FastifyReply } from "fastify";
import { z } from "zod";
import { formatMinutes } from "../../core/continuity.ts";
import { type Change, change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendCsv } from "../../kernel/http/download.ts";
import { importRoutes } from "../../kernel/http/import.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { csv, routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
import { toCsv } from "../../platform/csv.ts";
import { controlLinkRoutes } from "../registers/public.ts";
import {
  createObjective,
  createPlan,
  deleteObjective,
  deletePlan,
  deleteTest,
  recordTest,
  reviewPlan,
  updateObjective,
  updatePlan,
  updateTest,
} from "./commands.ts";
import {
  applyObjectiveImport,
  applyTestImport,
  objectiveImportSummary,
  objectiveTable,
  reviewObjectiveImport,
  reviewTestImport,
  testImportSummary,
  testTable,
} from "./import.ts";
import {
  allTests,
  listObjectives,
  listPlans,
  listTests,
  loadPlan,
  loadTest,
  planExists,
  recoveryOf,
  testExists,
} from "./queries.ts";
import { continuityChecks } from "./routines.ts";
import {
  assetRecovery,
  checkList,
  objective,
  objectiveInput,
  objectiveList,
  objectivePatch,
  plan,
  planInput,
  planList,
  planPatch,
  planReviewBody,
  testExportQuery,
  testInput,
  testList,
  testPatch,
  testQuery,
  testRecord,
} from "./schema.ts";

type Exported = Awaited<ReturnType<typeof allTests>>[number];
const minutes = (m: number | null) => (m === null ? "" : formatMinutes(m));
const EXPORT_COLUMNS: { header: string; value: (t: Exported) => unknown }[] = [
  { header: "date", value: (t) => t.performedOn },
  { header: "kind", value: (t) => t.kind },
  { header: "scenario", value: (t) => t.scenario },
  { header: "result", value: (t) => t.result },
  { header: "systems", value: (t) => t.systems.map((s) => s.name).join("; ") },
  { header: "recovery time", value: (t) => minutes(t.recoveryMinutes) },
  { header: "data loss", value: (t) => minutes(t.dataLossMinutes) },
  { header: "objectives", value: (t) => t.outcome },
  {
    header: "missed by",
    value: (t) =>
      t.systems
        .filter((s) => s.outcome === "missed")
        .map(
          (s) => `${s.name} (${[s.rto === "missed" && "RTO", s.rpo === "missed" && "RPO"].filter(Boolean).join(", ")})`,
        )
        .join("; "),
  },
  { header: "plan", value: (t) => t.planName },
  { header: "findings", value: (t) => t.findings },
];

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "continuity" });
  const orgOf = (req: Parameters<typeof actorOf>[0]) => actorOf(req).organizationId;
  /** A DELETE of one record by id: 204, or the command's 404/409. */
  const remove = (
    path: string,
    operationId: string,
    summary: string,
    command: (c: Change, id: string) => Promise<void>,
  ) =>
    route.delete(
      path,
      { operationId, summary, access: "continuity.manage", params: idParams, response: { 204: z.null() } },
      async (req, reply) => {
        await change(ctx.db, actorOf(req), (c) => command(c, req.params.id));
        return reply.code(204).send(null);
      },
    );

  route.get(
    "/continuity/checks",
    {
      operationId: "getContinuityChecks",
      summary: "What plans, objectives and tests tell AVL-03, AVL-04 and AVL-05 now",
      access: "continuity.read",
      response: { 200: checkList },
    },
    async (req) => {
      const { used, items } = await continuityChecks(ctx.db, orgOf(req), new Date());
      return { used, items };
    },
  );

  // Plans
  route.get(
    "/continuity/plans",
    {
      operationId: "listContinuityPlans",
      summary: "The continuity and recovery plans, by name",
      access: "continuity.read",
      response: { 200: planList },
    },
    async (req) => listPlans(ctx.db, orgOf(req)),
  );
  route.post(
    "/continuity/plans",
    {
      operationId: "createContinuityPlan",
      summary: "Add a plan with its document (a link or a file of the evidence library) and review dates",
      access: "continuity.manage",
      body: planInput,
      response: { 201: plan },
    },
    async (req, reply) => reply.code(201).send(await change(ctx.db, actorOf(req), (c) => createPlan(c, req.body))),
  );
  route.get(
    "/continuity/plans/:id",
    {
      operationId: "getContinuityPlan",
      summary: "One plan",
      access: "continuity.read",
      params: idParams,
      response: { 200: plan },
    },
    async (req) => loadPlan(ctx.db, orgOf(req), req.params.id),
  );
  route.patch(
    "/continuity/plans/:id",
    {
      operationId: "updateContinuityPlan",
      summary: "Change a plan",
      access: "continuity.manage",
      params: idParams,
      body: planPatch,
      response: { 200: plan },
    },
    async (req) => change(ctx.db, actorOf(req), (c) => updatePlan(c, req.params.id, req.body)),
  );
  route.post(
    "/continuity/plans/:id/review",
    {
      operationId: "reviewContinuityPlan",
      summary: "Record that the plan was reviewed and approved (today unless said), with its next review date",
      access: "continuity.manage",
      params: idParams,
      body: planReviewBody,
      response: { 200: plan },
    },
    async (req) => change(ctx.db, actorOf(req), (c) => reviewPlan(c, req.params.id, req.body)),
  );
  remove(
    "/continuity/plans/:id",
    "deleteContinuityPlan",
    "Remove a plan (refused while test records name it)",
    deletePlan,
  );

  // Recovery objectives
  route.get(
    "/continuity/objectives",
    {
      operationId: "listRecoveryObjectives",
      summary: "RTO and RPO per system, with the last restore test of each and whether it met them",
      access: "continuity.read",
      response: { 200: objectiveList },
    },
    async (req) => listObjectives(ctx.db, orgOf(req)),
  );
  route.post(
    "/continuity/objectives",
    {
      operationId: "createRecoveryObjective",
      summary: "Set the RTO and RPO of a system or data store of the inventory (one set per system)",
      access: "continuity.manage",
      body: objectiveInput,
      response: { 201: objective },
    },
    async (req, reply) => reply.code(201).send(await change(ctx.db, actorOf(req), (c) => createObjective(c, req.body))),
  );
  route.patch(
    "/continuity/objectives/:id",
    {
      operationId: "updateRecoveryObjective",
      summary: "Change a system's RTO or RPO (tests already recorded keep the objectives they were judged against)",
      access: "continuity.manage",
      params: idParams,
      body: objectivePatch,
      response: { 200: objective },
    },
    async (req) => change(ctx.db, actorOf(req), (c) => updateObjective(c, req.params.id, req.body)),
  );
  remove(
    "/continuity/objectives/:id",
    "deleteRecoveryObjective",
    "Remove a system's recovery objectives",
    deleteObjective,
  );

  route.get(
    "/assets/:id/recovery",
    {
      operationId: "getAssetRecovery",
      summary: "An asset's recovery objectives and the last restore test that covered it",
      access: "continuity.read",
      params: idParams,
      response: { 200: assetRecovery },
    },
    async (req) => recoveryOf(ctx.db, orgOf(req), req.params.id),
  );

  // Tests
  route.get(
    "/continuity/tests",
    {
      operationId: "listContinuityTests",
      summary: "Restore tests, failover drills and exercises, newest first, each judged against the objectives",
      access: "continuity.read",
      query: testQuery,
      response: { 200: testList },
    },
    async (req) => listTests(ctx.db, orgOf(req), req.query),
  );
  route.get(
    "/continuity/tests/export.csv",
    {
      operationId: "exportContinuityTestsCsv",
      summary: "The test records as CSV, with the list's filters (no paging)",
      access: "continuity.read",
      query: testExportQuery,
      response: { 200: csv() },
    },
    async (req, reply: FastifyReply) =>
      sendCsv(reply, "continuity-tests.csv", toCsv(EXPORT_COLUMNS, await allTests(ctx.db, orgOf(req), req.query))),
  );
  route.post(
    "/continuity/tests",
    {
      operationId: "recordContinuityTest",
      summary:
        "Record a restore test, failover drill or exercise: the systems it covered are judged against their objectives (a date in the future is refused)",
      access: "continuity.manage",
      body: testInput,
      response: { 201: testRecord },
    },
    async (req, reply) => reply.code(201).send(await change(ctx.db, actorOf(req), (c) => recordTest(c, req.body))),
  );
  await importRoutes(app, route, ctx.db, {
    path: "/continuity/objectives/import",
    operationIds: { preview: "previewRecoveryObjectiveImport", import: "importRecoveryObjectives" },
    noun: "recovery objective",
    access: "continuity.manage",
    spec: objectiveTable,
    rowSchema: {},
    summarySchema: objectiveImportSummary,
    review: reviewObjectiveImport,
    apply: applyObjectiveImport,
  });
  await importRoutes(app, route, ctx.db, {
    path: "/continuity/tests/import",
    operationIds: { preview: "previewContinuityTestImport", import: "importContinuityTests" },
    noun: "continuity test",
    access: "continuity.manage",
    spec: testTable,
    rowSchema: {},
    summarySchema: testImportSummary,
    review: reviewTestImport,
    apply: applyTestImport,
  });
  route.get(
    "/continuity/tests/:id",
    {
      operationId: "getContinuityTest",
      summary: "One test record",
      access: "continuity.read",
      params: idParams,
      response: { 200: testRecord },
    },
    async (req) => loadTest(ctx.db, orgOf(req), req.params.id),
  );
  route.patch(
    "/continuity/tests/:id",
    {
      operationId: "updateContinuityTest",
      summary:
        "Correct a test record: systems it covered keep the objectives they had when it was recorded, added ones take today's; the outcome is judged again",
      access: "continuity.manage",
      params: idParams,
      body: testPatch,
      response: { 200: testRecord },
    },
    async (req) => change(ctx.db, actorOf(req), (c) => updateTest(c, req.params.id, req.body)),
  );
  remove(
    "/continuity/tests/:id",
    "deleteContinuityTest",
    "Remove a test record entered by mistake (the ledger keeps that it was)",
    deleteTest,
  );

  controlLinkRoutes(route, ctx.db, {
    path: "/continuity/plans",
    register: "continuity_plan",
    noun: "ContinuityPlan",
    read: "continuity.read",
    write: "continuity.manage",
    exists: planExists,
  });
  controlLinkRoutes(route, ctx.db, {
    path: "/continuity/tests",
    register: "continuity_test",
    noun: "ContinuityTest",
    read: "continuity.read",
    write: "continuity.manage",
    exists: testExists,
  });
}
