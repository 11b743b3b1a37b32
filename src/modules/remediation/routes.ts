import { eq } from "drizzle-orm";
import { z } from "zod";
import { slugify } from "../../core/slug.ts";
import { organizations } from "../../db/schema/index.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { problems } from "../../kernel/http/schemas.ts";
import { remediationCsv, remediationPdf } from "./exports.ts";
import { createRemediationQueries } from "./queries.ts";
import {
  createItemBody,
  exportQuery,
  itemParams,
  listItemsQuery,
  programParams,
  remediationItem,
  remediationItemDetail,
  remediationItemList,
  remediationSummary,
  statusBody,
  updateItemBody,
  verifyBody,
} from "./schema.ts";
import { createRemediationService } from "./service.ts";
import { loadProgram, utcDay } from "./store.ts";

const tags = ["remediation"];
const BASE = "/programs/:programId/remediation";

export default async function routes(app: ApiApp, ctx: AppContext) {
  const service = createRemediationService({ db: ctx.db });
  const queries = createRemediationQueries({ db: ctx.db });

  /** Everything an export needs: the filtered items, the program and the organization's name. */
  async function exportData(
    req: { params: { programId: string }; query: z.infer<typeof exportQuery> },
    actor: ReturnType<typeof actorOf>,
  ) {
    const items = await queries.all(actor, req.params.programId, req.query);
    const program = await loadProgram(ctx.db, actor.organizationId, req.params.programId);
    const [org] = await ctx.db
      .select({ name: organizations.name })
      .from(organizations)
      .where(eq(organizations.id, actor.organizationId));
    const filename = `remediation-${slugify(program.name, "plan")}-${utcDay()}`;
    return { items, program, organization: org?.name ?? "", filename };
  }

  app.get(
    BASE,
    {
      config: { access: { action: "remediation.read" } },
      schema: {
        tags,
        summary: "The program's remediation plan: items with filters (a board is this list filtered by status)",
        params: programParams,
        querystring: listItemsQuery,
        response: { 200: remediationItemList, ...problems },
      },
    },
    async (req) => queries.list(actorOf(req), req.params.programId, req.query),
  );

  app.get(
    `${BASE}/summary`,
    {
      config: { access: { action: "remediation.read" } },
      schema: {
        tags,
        summary: "Counts by status and priority, overdue and unassigned items, and the burndown series",
        params: programParams,
        response: { 200: remediationSummary, ...problems },
      },
    },
    async (req) => queries.summary(actorOf(req), req.params.programId),
  );

  app.get(
    `${BASE}.csv`,
    {
      config: { access: { action: "remediation.read" } },
      schema: {
        tags,
        summary:
          "The plan as CSV: every item matching the filters (cells a spreadsheet would run as formulas are quoted)",
        params: programParams,
        querystring: exportQuery,
        produces: ["text/csv"],
        response: { 200: z.string().describe("CSV with a header row"), ...problems },
      },
    },
    async (req, reply) => {
      const { items, filename } = await exportData(req, actorOf(req));
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${filename}.csv"`)
        .header("cache-control", "no-store")
        .send(remediationCsv(items));
    },
  );

  app.get(
    `${BASE}.pdf`,
    {
      config: { access: { action: "remediation.read" } },
      schema: {
        tags,
        summary: "The plan as a PDF report: summary, overview table and every item in full",
        params: programParams,
        querystring: exportQuery,
        produces: ["application/pdf"],
        response: { 200: z.string().describe("A4 PDF"), ...problems },
      },
    },
    async (req, reply) => {
      const { items, program, organization, filename } = await exportData(req, actorOf(req));
      const pdf = await remediationPdf({ organization, program, items, filter: req.query });
      return (
        reply
          .header("content-type", "application/pdf")
          .header("content-disposition", `attachment; filename="${filename}.pdf"`)
          .header("cache-control", "no-store")
          // Buffers bypass the serializer; the string schema above documents the body for OpenAPI.
          .send(pdf as unknown as string)
      );
    },
  );

  app.post(
    BASE,
    {
      config: { access: { action: "remediation.manage" } },
      schema: {
        tags,
        summary: "Add an item to the plan (priority is computed from likelihood × impact)",
        params: programParams,
        body: createItemBody,
        response: { 201: remediationItem, ...problems },
      },
    },
    async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.params.programId, req.body)),
  );

  app.get(
    `${BASE}/:id`,
    {
      config: { access: { action: "remediation.read" } },
      schema: {
        tags,
        summary: "One item with its history (its ledger entries)",
        params: itemParams,
        response: { 200: remediationItemDetail, ...problems },
      },
    },
    async (req) => queries.get(actorOf(req), req.params.programId, req.params.id),
  );

  app.patch(
    `${BASE}/:id`,
    {
      config: { access: { action: "remediation.update_own" } },
      schema: {
        tags,
        summary: "Edit an item (its owner may change the evidence; everything else needs remediation.manage)",
        params: itemParams,
        body: updateItemBody,
        response: { 200: remediationItem, ...problems },
      },
    },
    async (req) => service.update(actorOf(req), req.params.programId, req.params.id, req.body),
  );

  app.post(
    `${BASE}/:id/status`,
    {
      config: { access: { action: "remediation.update_own" } },
      schema: {
        tags,
        summary: "Start (in_progress), complete (done) or reopen (in_progress with a note) an item",
        params: itemParams,
        body: statusBody,
        response: { 200: remediationItem, ...problems },
      },
    },
    async (req) => service.changeStatus(actorOf(req), req.params.programId, req.params.id, req.body),
  );

  app.post(
    `${BASE}/:id/verify`,
    {
      config: { access: { action: "remediation.verify" } },
      schema: {
        tags,
        summary: "Verify a done item (not by its own owner)",
        params: itemParams,
        body: verifyBody,
        response: { 200: remediationItem, ...problems },
      },
    },
    async (req) => service.verify(actorOf(req), req.params.programId, req.params.id, req.body.note),
  );
}
