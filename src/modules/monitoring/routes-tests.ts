/** Routes for tests, custom tests, exceptions and the point-in-time views (registered by routes.ts). */
import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { createChecksService } from "./checks.ts";
import { createCustomTestsService } from "./custom-tests.ts";
import { createExceptionsService } from "./exceptions.ts";
import { controlStatusAt, statusAt } from "./point-in-time.ts";
import {
  atQuery,
  controlStatusView,
  createCustomTestBody,
  createExceptionBody,
  customTestList,
  customTestView,
  decisionBody,
  dryRunBody,
  dryRunResult,
  dryRunTestBody,
  enableBody,
  exceptionList,
  exceptionView,
  historyList,
  historyQuery,
  listExceptionsQuery,
  listTestsQuery,
  revokeBody,
  statusAtView,
  testDetail,
  testList,
  testParams,
  updateCustomTestBody,
  uuidParams,
} from "./schema.ts";
import { parseMoment } from "./status.ts";

export default async function testRoutes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "monitoring" });
  const checks = createChecksService({ db: ctx.db });
  const custom = createCustomTestsService({ db: ctx.db });
  const exceptions = createExceptionsService({ db: ctx.db });

  route.get(
    "/monitoring/tests",
    {
      operationId: "listMonitoringTests",
      summary: "Catalogue and custom tests with their current counts (pass, fail, excepted, …) and overdue failures",
      access: "monitoring.read",
      query: listTestsQuery,
      response: { 200: testList },
    },
    async (req) => checks.list(actorOf(req).organizationId, req.query),
  );

  route.get(
    "/monitoring/tests/:testId",
    {
      operationId: "getMonitoringTest",
      summary: "One test: what it checks, its failing resources with reason, remediation, SLA and exceptions",
      access: "monitoring.read",
      params: testParams,
      response: { 200: testDetail },
    },
    async (req) => checks.detail(actorOf(req).organizationId, req.params.testId),
  );

  route.get(
    "/monitoring/tests/:testId/history",
    {
      operationId: "getMonitoringTestHistory",
      summary: "The test's result timeline, per resource (filter by resource and period), newest first",
      access: "monitoring.read",
      params: testParams,
      query: historyQuery.omit({ testId: true }),
      response: { 200: historyList },
    },
    async (req) => {
      const org = actorOf(req).organizationId;
      await checks.detail(org, req.params.testId);
      return checks.history(org, { ...req.query, testId: req.params.testId });
    },
  );

  route.post(
    "/monitoring/tests/:testId/enabled",
    {
      operationId: "setMonitoringTestEnabled",
      summary: "Turn a test on (evaluated at once on the current resources) or off (its results end now)",
      access: "monitoring.manage_tests",
      params: testParams,
      body: enableBody,
      response: { 200: testDetail },
    },
    async (req) => checks.setEnabled(actorOf(req), req.params.testId, req.body.enabled),
  );

  route.post(
    "/monitoring/tests/:testId/dry-run",
    {
      operationId: "dryRunMonitoringTest",
      summary:
        "Evaluate a test on the current resources without recording anything (and how many results would change)",
      access: "monitoring.manage_tests",
      params: testParams,
      body: dryRunTestBody,
      response: { 200: dryRunResult },
    },
    async (req) => checks.dryRun(actorOf(req).organizationId, req.params.testId, req.body.limit),
  );

  route.post(
    "/monitoring/dry-run",
    {
      operationId: "dryRunRule",
      summary: "Try an unsaved rule on the current resources of a type (malformed rules: 400 with every issue)",
      access: "monitoring.manage_tests",
      body: dryRunBody,
      response: { 200: dryRunResult },
    },
    async (req) => custom.dryRunRule(actorOf(req).organizationId, req.body),
  );

  route.get(
    "/monitoring/custom-tests",
    {
      operationId: "listCustomTests",
      summary: "Custom tests",
      access: "monitoring.read",
      response: { 200: customTestList },
    },
    async (req) => custom.list(actorOf(req).organizationId),
  );

  route.post(
    "/monitoring/custom-tests",
    {
      operationId: "createCustomTest",
      summary: "Write a custom test: a rule (object, YAML or JSON text) validated on save; starts off unless enabled",
      access: "monitoring.manage_tests",
      body: createCustomTestBody,
      response: { 201: customTestView },
    },
    async (req, reply) => reply.status(201).send(await custom.create(actorOf(req), req.body)),
  );

  route.get(
    "/monitoring/custom-tests/:id",
    {
      operationId: "getCustomTest",
      summary: "One custom test",
      access: "monitoring.read",
      params: uuidParams,
      response: { 200: customTestView },
    },
    async (req) => custom.get(actorOf(req).organizationId, req.params.id),
  );

  route.patch(
    "/monitoring/custom-tests/:id",
    {
      operationId: "updateCustomTest",
      summary: "Change a custom test (an enabled one is evaluated again at once)",
      access: "monitoring.manage_tests",
      params: uuidParams,
      body: updateCustomTestBody,
      response: { 200: customTestView },
    },
    async (req) => custom.update(actorOf(req), req.params.id, req.body),
  );

  route.delete(
    "/monitoring/custom-tests/:id",
    {
      operationId: "deleteCustomTest",
      summary: "Delete a custom test: its results end now; their history stays (its key cannot be reused)",
      access: "monitoring.manage_tests",
      params: uuidParams,
      response: { 204: z.null() },
    },
    async (req, reply) => {
      await custom.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  route.get(
    "/monitoring/exceptions",
    {
      operationId: "listTestExceptions",
      summary: "Exceptions (filter by test, resource, state: pending, active, rejected, revoked, expired)",
      access: "monitoring.read",
      query: listExceptionsQuery,
      response: { 200: exceptionList },
    },
    async (req) => exceptions.list(actorOf(req).organizationId, req.query),
  );

  route.post(
    "/monitoring/exceptions",
    {
      operationId: "requestTestException",
      summary: "Ask for an exception: justification, expiry (at most a year) and an approver who is not you",
      access: "monitoring.request_exception",
      body: createExceptionBody,
      response: { 201: exceptionView },
    },
    async (req, reply) => reply.status(201).send(await exceptions.create(actorOf(req), req.body)),
  );

  route.get(
    "/monitoring/exceptions/:id",
    {
      operationId: "getTestException",
      summary: "One exception",
      access: "monitoring.read",
      params: uuidParams,
      response: { 200: exceptionView },
    },
    async (req) => exceptions.get(actorOf(req).organizationId, req.params.id),
  );

  route.post(
    "/monitoring/exceptions/:id/approve",
    {
      operationId: "approveTestException",
      summary: "Approve an exception you were named approver of: it takes effect now",
      access: "monitoring.approve_exception",
      params: uuidParams,
      body: decisionBody,
      response: { 200: exceptionView },
    },
    async (req) => exceptions.decide(actorOf(req), req.params.id, "approved", req.body.note),
  );

  route.post(
    "/monitoring/exceptions/:id/reject",
    {
      operationId: "rejectTestException",
      summary: "Reject an exception you were named approver of",
      access: "monitoring.approve_exception",
      params: uuidParams,
      body: decisionBody,
      response: { 200: exceptionView },
    },
    async (req) => exceptions.decide(actorOf(req), req.params.id, "rejected", req.body.note),
  );

  route.post(
    "/monitoring/exceptions/:id/revoke",
    {
      operationId: "revokeTestException",
      summary: "Revoke an exception: the failure counts again from now",
      access: "monitoring.revoke_exception",
      params: uuidParams,
      body: revokeBody,
      response: { 200: exceptionView },
    },
    async (req) => exceptions.revoke(actorOf(req), req.params.id, req.body.reason),
  );

  route.get(
    "/monitoring/status-at",
    {
      operationId: "getMonitoringStatusAt",
      summary:
        "Every test's results at a date (end of that UTC day) or moment: counts, and each failure with since when or excepted until when",
      access: "monitoring.read",
      query: atQuery,
      response: { 200: statusAtView },
    },
    async (req) => statusAt(ctx.db, actorOf(req).organizationId, parseMoment(req.query.date), req.query),
  );

  route.get(
    "/monitoring/control-status",
    {
      operationId: "getControlTestStatus",
      summary: "What the tests say about each control at a date: failing, passing and excepted pairs, since when",
      access: "monitoring.read",
      query: atQuery.pick({ date: true, control: true }),
      response: { 200: controlStatusView },
    },
    async (req) => controlStatusAt(ctx.db, actorOf(req).organizationId, parseMoment(req.query.date), req.query.control),
  );
}
