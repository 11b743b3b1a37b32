/** Routes for tests, custom tests, exceptions and the point-in-time views (registered by routes.ts). */
import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf, requires } from "../../kernel/http/request.ts";
import { problems } from "../../kernel/http/schemas.ts";
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

const tags = ["monitoring"];
const read = requires("monitoring.read");
const manageTests = requires("monitoring.manage_tests");

export default async function testRoutes(app: ApiApp, ctx: AppContext) {
  const checks = createChecksService({ db: ctx.db });
  const custom = createCustomTestsService({ db: ctx.db });
  const exceptions = createExceptionsService({ db: ctx.db });

  app.get(
    "/monitoring/tests",
    {
      config: read,
      schema: {
        tags,
        summary: "Catalogue and custom tests with their current counts (pass, fail, excepted, …) and overdue failures",
        querystring: listTestsQuery,
        response: { 200: testList, ...problems },
      },
    },
    async (req) => checks.list(actorOf(req).organizationId, req.query),
  );

  app.get(
    "/monitoring/tests/:testId",
    {
      config: read,
      schema: {
        tags,
        summary: "One test: what it checks, its failing resources with reason, remediation, SLA and exceptions",
        params: testParams,
        response: { 200: testDetail, ...problems },
      },
    },
    async (req) => checks.detail(actorOf(req).organizationId, req.params.testId),
  );

  app.get(
    "/monitoring/tests/:testId/history",
    {
      config: read,
      schema: {
        tags,
        summary: "The test's result timeline, per resource (filter by resource and period), newest first",
        params: testParams,
        querystring: historyQuery.omit({ testId: true }),
        response: { 200: historyList, ...problems },
      },
    },
    async (req) => {
      const org = actorOf(req).organizationId;
      await checks.detail(org, req.params.testId);
      return checks.history(org, { ...req.query, testId: req.params.testId });
    },
  );

  app.post(
    "/monitoring/tests/:testId/enabled",
    {
      config: manageTests,
      schema: {
        tags,
        summary: "Turn a test on (evaluated at once on the current resources) or off (its results end now)",
        params: testParams,
        body: enableBody,
        response: { 200: testDetail, ...problems },
      },
    },
    async (req) => checks.setEnabled(actorOf(req), req.params.testId, req.body.enabled),
  );

  app.post(
    "/monitoring/tests/:testId/dry-run",
    {
      config: manageTests,
      schema: {
        tags,
        summary:
          "Evaluate a test on the current resources without recording anything (and how many results would change)",
        params: testParams,
        body: dryRunTestBody,
        response: { 200: dryRunResult, ...problems },
      },
    },
    async (req) => checks.dryRun(actorOf(req).organizationId, req.params.testId, req.body.limit),
  );

  app.post(
    "/monitoring/dry-run",
    {
      config: manageTests,
      schema: {
        tags,
        summary: "Try an unsaved rule on the current resources of a type (malformed rules: 400 with every issue)",
        body: dryRunBody,
        response: { 200: dryRunResult, ...problems },
      },
    },
    async (req) => custom.dryRunRule(actorOf(req).organizationId, req.body),
  );

  app.get(
    "/monitoring/custom-tests",
    { config: read, schema: { tags, summary: "Custom tests", response: { 200: customTestList, ...problems } } },
    async (req) => custom.list(actorOf(req).organizationId),
  );

  app.post(
    "/monitoring/custom-tests",
    {
      config: manageTests,
      schema: {
        tags,
        summary: "Write a custom test: a rule (object, YAML or JSON text) validated on save; starts off unless enabled",
        body: createCustomTestBody,
        response: { 201: customTestView, ...problems },
      },
    },
    async (req, reply) => reply.status(201).send(await custom.create(actorOf(req), req.body)),
  );

  app.get(
    "/monitoring/custom-tests/:id",
    {
      config: read,
      schema: { tags, summary: "One custom test", params: uuidParams, response: { 200: customTestView, ...problems } },
    },
    async (req) => custom.get(actorOf(req).organizationId, req.params.id),
  );

  app.patch(
    "/monitoring/custom-tests/:id",
    {
      config: manageTests,
      schema: {
        tags,
        summary: "Change a custom test (an enabled one is evaluated again at once)",
        params: uuidParams,
        body: updateCustomTestBody,
        response: { 200: customTestView, ...problems },
      },
    },
    async (req) => custom.update(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    "/monitoring/custom-tests/:id",
    {
      config: manageTests,
      schema: {
        tags,
        summary: "Delete a custom test: its results end now; their history stays (its key cannot be reused)",
        params: uuidParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      await custom.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/monitoring/exceptions",
    {
      config: read,
      schema: {
        tags,
        summary: "Exceptions (filter by test, resource, state: pending, active, rejected, revoked, expired)",
        querystring: listExceptionsQuery,
        response: { 200: exceptionList, ...problems },
      },
    },
    async (req) => exceptions.list(actorOf(req).organizationId, req.query),
  );

  app.post(
    "/monitoring/exceptions",
    {
      config: { access: { action: "monitoring.request_exception" } },
      schema: {
        tags,
        summary: "Ask for an exception: justification, expiry (at most a year) and an approver who is not you",
        body: createExceptionBody,
        response: { 201: exceptionView, ...problems },
      },
    },
    async (req, reply) => reply.status(201).send(await exceptions.create(actorOf(req), req.body)),
  );

  app.get(
    "/monitoring/exceptions/:id",
    {
      config: read,
      schema: { tags, summary: "One exception", params: uuidParams, response: { 200: exceptionView, ...problems } },
    },
    async (req) => exceptions.get(actorOf(req).organizationId, req.params.id),
  );

  app.post(
    "/monitoring/exceptions/:id/approve",
    {
      config: { access: { action: "monitoring.approve_exception" } },
      schema: {
        tags,
        summary: "Approve an exception you were named approver of: it takes effect now",
        params: uuidParams,
        body: decisionBody,
        response: { 200: exceptionView, ...problems },
      },
    },
    async (req) => exceptions.decide(actorOf(req), req.params.id, "approved", req.body.note),
  );

  app.post(
    "/monitoring/exceptions/:id/reject",
    {
      config: { access: { action: "monitoring.approve_exception" } },
      schema: {
        tags,
        summary: "Reject an exception you were named approver of",
        params: uuidParams,
        body: decisionBody,
        response: { 200: exceptionView, ...problems },
      },
    },
    async (req) => exceptions.decide(actorOf(req), req.params.id, "rejected", req.body.note),
  );

  app.post(
    "/monitoring/exceptions/:id/revoke",
    {
      config: { access: { action: "monitoring.revoke_exception" } },
      schema: {
        tags,
        summary: "Revoke an exception: the failure counts again from now",
        params: uuidParams,
        body: revokeBody,
        response: { 200: exceptionView, ...problems },
      },
    },
    async (req) => exceptions.revoke(actorOf(req), req.params.id, req.body.reason),
  );

  app.get(
    "/monitoring/status-at",
    {
      config: read,
      schema: {
        tags,
        summary:
          "Every test's results at a date (end of that UTC day) or moment: counts, and each failure with since when or excepted until when",
        querystring: atQuery,
        response: { 200: statusAtView, ...problems },
      },
    },
    async (req) => statusAt(ctx.db, actorOf(req).organizationId, parseMoment(req.query.date), req.query),
  );

  app.get(
    "/monitoring/control-status",
    {
      config: read,
      schema: {
        tags,
        summary: "What the tests say about each control at a date: failing, passing and excepted pairs, since when",
        querystring: atQuery.pick({ date: true, control: true }),
        response: { 200: controlStatusView, ...problems },
      },
    },
    async (req) => controlStatusAt(ctx.db, actorOf(req).organizationId, parseMoment(req.query.date), req.query.control),
  );
}
