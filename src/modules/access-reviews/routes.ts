import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { REVIEWABLE_RESOURCE_TYPES } from "../../core/access-review.ts";
import { connections, resources } from "../../db/schema/index.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendCsv, sendDownload } from "../../kernel/http/download.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { csv, file, routesFor } from "../../kernel/http/route.ts";
import {
  account,
  accountParams,
  assignedList,
  campaignDetail,
  campaignList,
  campaignParams,
  closeBody,
  completeBody,
  createCampaignBody,
  decideBody,
  decideResult,
  listCampaignsQuery,
  reassignBody,
  sourceList,
} from "./schema.ts";
import { createAccessReviewService } from "./service.ts";

const BASE = "/access-reviews";

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "access-reviews" });
  const service = createAccessReviewService(ctx);

  route.get(
    BASE,
    {
      operationId: "listAccessReviews",
      summary: "Access review campaigns, newest first, with their progress and flagged accounts",
      access: "access_reviews.read",
      query: listCampaignsQuery,
      response: { 200: campaignList },
    },
    async (req) => service.list(actorOf(req), req.query),
  );

  route.get(
    `${BASE}/sources`,
    {
      operationId: "listAccessReviewSources",
      summary: "Monitoring connections that hold accounts to review, with how many of each kind they hold now",
      access: "access_reviews.manage",
      response: { 200: sourceList },
    },
    async (req) => {
      const actor = actorOf(req);
      const rows = await ctx.db
        .select({
          connectionId: connections.id,
          name: connections.name,
          type: connections.type,
          lastSuccessAt: connections.lastSuccessAt,
          resourceType: resources.type,
          n: sql<number>`count(*)::int`,
        })
        .from(resources)
        .innerJoin(connections, eq(connections.id, resources.connectionId))
        .where(
          and(
            eq(resources.organizationId, actor.organizationId),
            isNull(resources.missingSince),
            isNull(connections.deletedAt),
            inArray(resources.type, [...REVIEWABLE_RESOURCE_TYPES]),
          ),
        )
        .groupBy(connections.id, connections.name, connections.type, connections.lastSuccessAt, resources.type)
        .orderBy(connections.name);
      const byConn = Map.groupBy(rows, (r) => r.connectionId);
      return {
        items: [...byConn.values()].map((list) => ({
          connectionId: list[0]!.connectionId,
          name: list[0]!.name,
          type: list[0]!.type,
          lastSuccessAt: list[0]!.lastSuccessAt,
          counts: Object.fromEntries(list.map((r) => [r.resourceType, r.n])),
        })),
      };
    },
  );

  route.get(
    `${BASE}/assigned`,
    {
      operationId: "listMyAccessReviews",
      summary: "The accounts waiting for your decision (and your revocations not yet done), by campaign",
      access: "access_reviews.decide",
      response: { 200: assignedList },
    },
    async (req) => service.assigned(actorOf(req)),
  );

  route.post(
    BASE,
    {
      operationId: "createAccessReview",
      summary:
        "Launch a campaign: snapshot the accounts of a connection (or an uploaded CSV: account, email, role), match them to the people directory, flag orphans and leavers, and assign reviewers",
      access: "access_reviews.manage",
      body: createCampaignBody,
      response: { 201: campaignDetail },
    },
    async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.body)),
  );

  route.get(
    `${BASE}/:id`,
    {
      operationId: "getAccessReview",
      summary: "One campaign with every account, its reviewer, decision and completion",
      access: "access_reviews.read",
      params: campaignParams,
      response: { 200: campaignDetail },
    },
    async (req) => service.detail(actorOf(req).organizationId, req.params.id),
  );

  route.get(
    `${BASE}/:id/report.csv`,
    {
      operationId: "exportAccessReviewCsv",
      summary: "The review as CSV: accounts, reviewers, decisions, comments, completion and confirmation",
      access: "access_reviews.read",
      params: campaignParams,
      response: { 200: csv() },
    },
    async (req, reply) => {
      const r = await service.report(actorOf(req).organizationId, req.params.id);
      return sendCsv(reply, `${r.filename}.csv`, r.csv());
    },
  );

  route.get(
    `${BASE}/:id/report.pdf`,
    {
      operationId: "exportAccessReviewPdf",
      summary: "The review as a PDF report",
      access: "access_reviews.read",
      params: campaignParams,
      response: { 200: file("application/pdf", "A4 PDF") },
    },
    async (req, reply) => {
      const r = await service.report(actorOf(req).organizationId, req.params.id);
      // Buffers bypass the serializer; the string schema above documents the body for OpenAPI.
      return sendDownload(reply, "application/pdf", `${r.filename}.pdf`, await r.pdf());
    },
  );

  route.post(
    `${BASE}/:id/decisions`,
    {
      operationId: "decideAccessReviewAccounts",
      summary:
        "Decide on one or more accounts (keep, revoke, or change_role with newRole); revoke and change_role need a comment. Only the account's reviewer or a compliance manager, never the holder",
      access: "access_reviews.decide",
      params: campaignParams,
      body: decideBody,
      response: { 200: decideResult },
    },
    async (req) => service.decide(actorOf(req), req.params.id, req.body),
  );

  route.post(
    `${BASE}/:id/accounts/:accountId/complete`,
    {
      operationId: "completeAccessReviewAccount",
      summary: "Mark a revocation or role change done, with when and a note",
      access: "access_reviews.decide",
      params: accountParams,
      body: completeBody,
      response: { 200: account },
    },
    async (req) => service.complete(actorOf(req), req.params.id, req.params.accountId, req.body),
  );

  route.put(
    `${BASE}/:id/accounts/:accountId/reviewer`,
    {
      operationId: "reassignAccessReviewAccount",
      summary: "Give an account another reviewer (a member who does not hold it)",
      access: "access_reviews.manage",
      params: accountParams,
      body: reassignBody,
      response: { 200: account },
    },
    async (req) => service.reassign(actorOf(req), req.params.id, req.params.accountId, req.body.reviewerUserId),
  );

  route.post(
    `${BASE}/:id/close`,
    {
      operationId: "closeAccessReview",
      summary:
        "Close the campaign (every account decided; revocations and role changes done or confirmed, or a note why not) and attach the report to ACC-08 as evidence",
      access: "access_reviews.manage",
      params: campaignParams,
      body: closeBody,
      response: { 200: campaignDetail },
    },
    async (req) => service.close(actorOf(req), req.params.id, req.body.note),
  );
}
