import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
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

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "monitoring" });
  const connections = createConnectionsService({ db: ctx.db, keys: ctx.keys, config: ctx.config });
  const inventory = createResourcesService({ db: ctx.db });
  const checks = createChecksService({ db: ctx.db });
  const syncs = createSyncsService({ db: ctx.db });

  route.get(
    "/monitoring/connectors",
    {
      operationId: "listConnectors",
      summary: "The connectors this server offers: settings and secrets they take (JSON Schema), tests they provide",
      access: "monitoring.read",
      response: { 200: connectorList },
    },
    async () => connections.connectors(),
  );

  route.get(
    "/monitoring/connections",
    {
      operationId: "listConnections",
      summary: "Connections with their last sync (status, error and what to do); secrets are never returned",
      access: "monitoring.read",
      response: { 200: connectionList },
    },
    async (req) => connections.list(actorOf(req).organizationId),
  );

  route.post(
    "/monitoring/connections",
    {
      operationId: "createConnection",
      summary: "Add a connection; its secrets are stored encrypted and are write-only. The first sync follows soon",
      access: "monitoring.manage_connections",
      body: createConnectionBody,
      response: { 201: connection },
    },
    async (req, reply) => reply.status(201).send(await connections.create(actorOf(req), req.body)),
  );

  route.post(
    "/monitoring/test-connection",
    {
      operationId: "testConnectionSettings",
      summary: "Test settings before saving them: reachable, credentials accepted — or what is wrong and what to do",
      access: "monitoring.manage_connections",
      body: testConnectionBody,
      response: { 200: testConnectionResult },
    },
    async (req) => connections.testUnsaved(req.body),
  );

  route.get(
    "/monitoring/connections/:id",
    {
      operationId: "getConnection",
      summary: "One connection",
      access: "monitoring.read",
      params: uuidParams,
      response: { 200: connection },
    },
    async (req) => connections.get(actorOf(req).organizationId, req.params.id),
  );

  route.patch(
    "/monitoring/connections/:id",
    {
      operationId: "updateConnection",
      summary: "Change a connection: name, settings, interval, on/off; `secrets` replaces the stored secrets",
      access: "monitoring.manage_connections",
      params: uuidParams,
      body: updateConnectionBody,
      response: { 200: connection },
    },
    async (req) => connections.update(actorOf(req), req.params.id, req.body),
  );

  route.delete(
    "/monitoring/connections/:id",
    {
      operationId: "deleteConnection",
      summary: "Remove a connection: it stops syncing, its resources' results end now; the history stays",
      access: "monitoring.manage_connections",
      params: uuidParams,
      response: { 204: z.null() },
    },
    async (req, reply) => {
      await connections.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  route.post(
    "/monitoring/connections/:id/test",
    {
      operationId: "testConnection",
      summary: "Test a saved connection with its stored secrets",
      access: "monitoring.manage_connections",
      params: uuidParams,
      body: z.strictObject({}).optional(),
      response: { 200: testConnectionResult },
    },
    async (req) => connections.test(actorOf(req).organizationId, req.params.id),
  );

  route.post(
    "/monitoring/connections/:id/sync",
    {
      operationId: "syncConnection",
      summary: "Sync now: queues the sync job and returns its id (follow it at GET /api/v1/jobs/{jobId})",
      access: "monitoring.sync",
      params: uuidParams,
      body: z.strictObject({}).optional(),
      response: { 202: syncNowResult },
    },
    async (req, reply) => reply.status(202).send(await connections.syncNow(actorOf(req), req.params.id)),
  );

  route.get(
    "/monitoring/syncs",
    {
      operationId: "listSyncs",
      summary: "Syncs, newest first (filter by connection and status): counts, warnings, error and guidance",
      access: "monitoring.read",
      query: listSyncsQuery,
      response: { 200: syncList },
    },
    async (req) => syncs.list(actorOf(req).organizationId, req.query),
  );

  route.get(
    "/monitoring/syncs/:id",
    {
      operationId: "getSync",
      summary: "One sync",
      access: "monitoring.read",
      params: uuidParams,
      response: { 200: syncView },
    },
    async (req) => syncs.get(actorOf(req).organizationId, req.params.id),
  );

  route.get(
    "/monitoring/resources",
    {
      operationId: "listResources",
      summary: "The resource inventory (filter by type, connection, text, a test they fail, missing ones)",
      access: "monitoring.read",
      query: listResourcesQuery,
      response: { 200: resourceList },
    },
    async (req) => inventory.list(actorOf(req).organizationId, req.query),
  );

  route.get(
    "/monitoring/resources/:id",
    {
      operationId: "getResource",
      summary: "One resource with its raw attributes and its current result for each test",
      access: "monitoring.read",
      params: uuidParams,
      response: { 200: resourceDetail },
    },
    async (req) => inventory.get(actorOf(req).organizationId, req.params.id),
  );

  route.get(
    "/monitoring/resources/:id/history",
    {
      operationId: "getResourceHistory",
      summary: "The resource's result timeline: one entry per status change of each test (filter by test, period)",
      access: "monitoring.read",
      params: uuidParams,
      query: historyQuery.omit({ resourceId: true }),
      response: { 200: historyList },
    },
    async (req) => {
      const org = actorOf(req).organizationId;
      await inventory.get(org, req.params.id);
      return checks.history(org, { ...req.query, resourceId: req.params.id });
    },
  );

  await testRoutes(app, ctx);
}
