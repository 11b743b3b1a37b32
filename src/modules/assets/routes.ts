import type { FastifyReply } from "fastify";
import { z } from "zod";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendCsv } from "../../kernel/http/download.ts";
import { importRoutes } from "../../kernel/http/import.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { csv, routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
import { toCsv } from "../../platform/csv.ts";
import { controlLinkRoutes } from "../registers/public.ts";
import { createAsset, deleteAsset, recordInventoryReview, updateAsset } from "./commands.ts";
import { discover, promote } from "./discovery.ts";
import { applyImport, assetTable, importSummary, reviewImport } from "./import.ts";
import { allAssets, assetExists, assetInUse, inScopeSummary, listAssets, listReviews, loadAsset } from "./queries.ts";
import { assetChecks } from "./routines.ts";
import {
  asset,
  assetInput,
  assetList,
  assetPatch,
  created,
  discoverBody,
  discovery,
  exportQuery,
  fromResourcesBody,
  inScopeSummary as inScopeSchema,
  listQuery,
  review,
  reviewBody,
  reviewList,
} from "./schema.ts";

type Exported = Awaited<ReturnType<typeof allAssets>>[number];
const EXPORT_COLUMNS: { header: string; value: (a: Exported) => unknown }[] = [
  { header: "name", value: (a) => a.name },
  { header: "kind", value: (a) => a.kind },
  { header: "description", value: (a) => a.description },
  { header: "owner", value: (a) => a.ownerEmail },
  { header: "classification", value: (a) => a.classification },
  { header: "environment", value: (a) => a.environment },
  { header: "in scope", value: (a) => (a.inScope ? "yes" : "no") },
  { header: "external id", value: (a) => a.externalId },
  { header: "source", value: (a) => a.connectionName ?? "manual" },
  { header: "last seen", value: (a) => a.lastSeenAt },
  { header: "no longer seen since", value: (a) => a.missingSince },
];

const checkList = z.object({
  used: z.boolean().describe("Whether the inventory holds anything yet: before that it tells the controls nothing"),
  items: z.array(
    z.object({
      key: z.string().describe("The library control id"),
      label: z.string(),
      state: z.enum(["met", "not_met", "lapsed"]),
      reason: z.string(),
    }),
  ),
});

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "assets" });

  route.get(
    "/assets",
    {
      operationId: "listAssets",
      summary: "The asset inventory, by name, with search and filters",
      access: "assets.read",
      query: listQuery,
      response: { 200: assetList },
    },
    async (req) => listAssets(ctx.db, actorOf(req).organizationId, req.query),
  );

  route.get(
    "/assets/export.csv",
    {
      operationId: "exportAssetsCsv",
      summary: "The inventory as CSV, with the list's filters (every matching asset, no paging); re-importable",
      access: "assets.read",
      query: exportQuery,
      response: { 200: csv() },
    },
    async (req, reply: FastifyReply) => {
      const rows = await allAssets(ctx.db, actorOf(req).organizationId, req.query);
      return sendCsv(reply, "assets.csv", toCsv(EXPORT_COLUMNS, rows));
    },
  );

  route.post(
    "/assets",
    {
      operationId: "createAsset",
      summary: "Add an asset by hand (its name is unique among assets of its kind)",
      access: "assets.manage",
      body: assetInput,
      response: { 201: asset },
    },
    async (req, reply) => reply.code(201).send(await change(ctx.db, actorOf(req), (c) => createAsset(c, req.body))),
  );

  await importRoutes(app, route, ctx.db, {
    path: "/assets/import",
    operationIds: { preview: "previewAssetImport", import: "importAssets" },
    noun: "asset",
    access: "assets.manage",
    spec: assetTable,
    rowSchema: {},
    summarySchema: importSummary,
    review: reviewImport,
    apply: applyImport,
  });

  route.get(
    "/assets/in-scope",
    {
      operationId: "getAssetsInScope",
      summary: "The system description's inventory: in-scope assets by kind, with owners and classifications",
      access: "assets.read",
      response: { 200: inScopeSchema },
    },
    async (req) => inScopeSummary(ctx.db, actorOf(req).organizationId),
  );

  route.get(
    "/assets/checks",
    {
      operationId: "getAssetChecks",
      summary: "What the inventory tells AST-01, AST-02 and CNF-01 now",
      access: "assets.read",
      response: { 200: checkList },
    },
    async (req) => {
      const { used, items } = await assetChecks(ctx.db, actorOf(req).organizationId, new Date());
      return { used, items };
    },
  );

  route.post(
    "/assets/discover",
    {
      operationId: "discoverAssets",
      summary:
        "Resources your connections found that could be assets (hosts, devices, data stores, repositories, accounts) and are not in the inventory yet, by connection",
      access: "assets.read",
      body: discoverBody,
      response: { 200: discovery },
    },
    async (req) => discover(ctx.db, actorOf(req).organizationId, req.body.connectionId),
  );

  route.post(
    "/assets/from-resources",
    {
      operationId: "createAssetsFromResources",
      summary:
        "Promote chosen connector resources into the inventory: one asset each, tied to its resource so each sync updates when it was last seen",
      access: "assets.manage",
      body: fromResourcesBody,
      response: { 201: created },
    },
    async (req, reply) => reply.code(201).send(await change(ctx.db, actorOf(req), (c) => promote(c, req.body))),
  );

  route.get(
    "/assets/reviews",
    {
      operationId: "listAssetInventoryReviews",
      summary: "Who reviewed the inventory when, newest first (the last 50)",
      access: "assets.read",
      response: { 200: reviewList },
    },
    async (req) => listReviews(ctx.db, actorOf(req).organizationId),
  );

  route.post(
    "/assets/reviews",
    {
      operationId: "recordAssetInventoryReview",
      summary: "Record that you reviewed the whole inventory today (AST-01 asks for one at least every 12 months)",
      access: "assets.manage",
      body: reviewBody,
      response: { 201: review },
    },
    async (req, reply) => {
      const row = await change(ctx.db, actorOf(req), (c) => recordInventoryReview(c, req.body.note));
      const { items } = await listReviews(ctx.db, actorOf(req).organizationId);
      return reply.code(201).send(items.find((r) => r.id === row.id)!);
    },
  );

  route.get(
    "/assets/:id",
    {
      operationId: "getAsset",
      summary: "One asset",
      access: "assets.read",
      params: idParams,
      response: { 200: asset },
    },
    async (req) => loadAsset(ctx.db, actorOf(req).organizationId, req.params.id),
  );

  route.patch(
    "/assets/:id",
    {
      operationId: "updateAsset",
      summary:
        "Change an asset: owner, classification, environment, scope; name, kind and external id only for assets not from a connection",
      access: "assets.manage",
      params: idParams,
      body: assetPatch,
      response: { 200: asset },
    },
    async (req) => change(ctx.db, actorOf(req), (c) => updateAsset(c, req.params.id, req.body)),
  );

  route.delete(
    "/assets/:id",
    {
      operationId: "deleteAsset",
      summary: "Remove an asset (refused while continuity records name it)",
      access: "assets.manage",
      params: idParams,
      response: { 204: z.null() },
    },
    async (req, reply) => {
      await change(ctx.db, actorOf(req), (c) => deleteAsset(c, req.params.id, assetInUse));
      return reply.code(204).send(null);
    },
  );

  controlLinkRoutes(route, ctx.db, {
    path: "/assets",
    register: "asset",
    noun: "Asset",
    read: "assets.read",
    write: "assets.manage",
    exists: assetExists,
  });
}
