import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf, requires } from "../../kernel/http/request.ts";
import { problems } from "../../kernel/http/schemas.ts";
import { createChecksService } from "./checks.ts";
import { createConnectionsService } from "./connections.ts";
import { createResourcesService } from "./resources.ts";
import testRoutes from "./routes-tests.ts";
import {
  connection,
  connectionList,
  connectorList,
  createConnectionBody,
  historyList,
  historyQuery,
  listResourcesQuery,
  listSyncsQuery,
  resourceDetail,
  resourceList,
  syncList,
  syncNowResult,
  syncView,
  testConnectionBody,
  testConnectionResult,
  updateConnectionBody,
  uuidParams,
} from "./schema.ts";
import { createSyncsService } from "./syncs.ts";

const tags = ["monitoring"];
const read = requires("monitoring.read");
const manageConnections = requires("monitoring.manage_connections");

export default async function routes(app: ApiApp, ctx: AppContext) {
  const connections = createConnectionsService({ db: ctx.db, keys: ctx.keys, config: ctx.config });
  const inventory = createResourcesService({ db: ctx.db });
  const checks = createChecksService({ db: ctx.db });
  const syncs = createSyncsService({ db: ctx.db });

  app.get(
    "/monitoring/connectors",
    {
      config: read,
      schema: {
        tags,
        summary: "The connectors this server offers: settings and secrets they take (JSON Schema), tests they provide",
        response: { 200: connectorList, ...problems },
      },
    },
    async () => connections.connectors(),
  );

  app.get(
    "/monitoring/connections",
    {
      config: read,
      schema: {
        tags,
        summary: "Connections with their last sync (status, error and what to do); secrets are never returned",
        response: { 200: connectionList, ...problems },
      },
    },
    async (req) => connections.list(actorOf(req).organizationId),
  );

  app.post(
    "/monitoring/connections",
    {
      config: manageConnections,
      schema: {
        tags,
        summary: "Add a connection; its secrets are stored encrypted and are write-only. The first sync follows soon",
        body: createConnectionBody,
        response: { 201: connection, ...problems },
      },
    },
    async (req, reply) => reply.status(201).send(await connections.create(actorOf(req), req.body)),
  );

  app.post(
    "/monitoring/test-connection",
    {
      config: manageConnections,
      schema: {
        tags,
        summary: "Test settings before saving them: reachable, credentials accepted — or what is wrong and what to do",
        body: testConnectionBody,
        response: { 200: testConnectionResult, ...problems },
      },
    },
    async (req) => connections.testUnsaved(req.body),
  );

  app.get(
    "/monitoring/connections/:id",
    {
      config: read,
      schema: { tags, summary: "One connection", params: uuidParams, response: { 200: connection, ...problems } },
    },
    async (req) => connections.get(actorOf(req).organizationId, req.params.id),
  );

  app.patch(
    "/monitoring/connections/:id",
    {
      config: manageConnections,
      schema: {
        tags,
        summary: "Change a connection: name, settings, interval, on/off; `secrets` replaces the stored secrets",
        params: uuidParams,
        body: updateConnectionBody,
        response: { 200: connection, ...problems },
      },
    },
    async (req) => connections.update(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    "/monitoring/connections/:id",
    {
      config: manageConnections,
      schema: {
        tags,
        summary: "Remove a connection: it stops syncing, its resources' results end now; the history stays",
        params: uuidParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      await connections.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/monitoring/connections/:id/test",
    {
      config: manageConnections,
      schema: {
        tags,
        summary: "Test a saved connection with its stored secrets",
        params: uuidParams,
        body: z.strictObject({}).optional(),
        response: { 200: testConnectionResult, ...problems },
      },
    },
    async (req) => connections.test(actorOf(req).organizationId, req.params.id),
  );

  app.post(
    "/monitoring/connections/:id/sync",
    {
      config: { access: { action: "monitoring.sync" } },
      schema: {
        tags,
        summary: "Sync now: queues the sync job and returns its id (follow it at GET /api/v1/jobs/{jobId})",
        params: uuidParams,
        body: z.strictObject({}).optional(),
        response: { 202: syncNowResult, ...problems },
      },
    },
    async (req, reply) => reply.status(202).send(await connections.syncNow(actorOf(req), req.params.id)),
  );

  app.get(
    "/monitoring/syncs",
    {
      config: read,
      schema: {
        tags,
        summary: "Syncs, newest first (filter by connection and status): counts, warnings, error and guidance",
        querystring: listSyncsQuery,
        response: { 200: syncList, ...problems },
      },
    },
    async (req) => syncs.list(actorOf(req).organizationId, req.query),
  );

  app.get(
    "/monitoring/syncs/:id",
    {
      config: read,
      schema: { tags, summary: "One sync", params: uuidParams, response: { 200: syncView, ...problems } },
    },
    async (req) => syncs.get(actorOf(req).organizationId, req.params.id),
  );

  app.get(
    "/monitoring/resources",
    {
      config: read,
      schema: {
        tags,
        summary: "The resource inventory (filter by type, connection, text, a test they fail, missing ones)",
        querystring: listResourcesQuery,
        response: { 200: resourceList, ...problems },
      },
    },
    async (req) => inventory.list(actorOf(req).organizationId, req.query),
  );

  app.get(
    "/monitoring/resources/:id",
    {
      config: read,
      schema: {
        tags,
        summary: "One resource with its raw attributes and its current result for each test",
        params: uuidParams,
        response: { 200: resourceDetail, ...problems },
      },
    },
    async (req) => inventory.get(actorOf(req).organizationId, req.params.id),
  );

  app.get(
    "/monitoring/resources/:id/history",
    {
      config: read,
      schema: {
        tags,
        summary: "The resource's result timeline: one entry per status change of each test (filter by test, period)",
        params: uuidParams,
        querystring: historyQuery.omit({ resourceId: true }),
        response: { 200: historyList, ...problems },
      },
    },
    async (req) => {
      const org = actorOf(req).organizationId;
      await inventory.get(org, req.params.id);
      return checks.history(org, { ...req.query, resourceId: req.params.id });
    },
  );

  await testRoutes(app, ctx);
}
