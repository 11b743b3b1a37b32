import type { z } from "zod";
import { slugify } from "../../core/slug.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendCsv, sendDownload } from "../../kernel/http/download.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { csv, file, routesFor } from "../../kernel/http/route.ts";
import { organizationLogo, organizationName } from "../organizations/public.ts";
import { createCommentService } from "./comments.ts";
import { remediationCsv, remediationPdf } from "./exports.ts";
import { createRemediationQueries } from "./queries.ts";
import {
  commentBody,
  createItemBody,
  exportQuery,
  itemParams,
  listItemsQuery,
  programParams,
  remediationComment,
  remediationCommentList,
  remediationItem,
  remediationItemDetail,
  remediationItemList,
  remediationSummary,
  statusBody,
  stepsBody,
  updateItemBody,
  verifyBody,
} from "./schema.ts";
import { createRemediationService } from "./service.ts";
import { loadProgram, utcDay } from "./store.ts";

const BASE = "/programs/:programId/remediation";

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "remediation" });
  const service = createRemediationService({ db: ctx.db });
  const queries = createRemediationQueries({ db: ctx.db });
  const comments = createCommentService({ db: ctx.db });

  /** Everything an export needs: the filtered items, the program and the organization's name. */
  async function exportData(
    req: { params: { programId: string }; query: z.infer<typeof exportQuery> },
    actor: ReturnType<typeof actorOf>,
  ) {
    const items = await queries.all(actor, req.params.programId, req.query);
    const program = await loadProgram(ctx.db, actor.organizationId, req.params.programId);
    const filename = `remediation-${slugify(program.name, "plan")}-${utcDay()}`;
    return { items, program, organization: await organizationName(ctx.db, actor.organizationId), filename };
  }

  route.get(
    BASE,
    {
      operationId: "listRemediationItems",
      summary: "The program's remediation plan: items with filters (a board is this list filtered by status)",
      access: "remediation.read",
      params: programParams,
      query: listItemsQuery,
      response: { 200: remediationItemList },
    },
    async (req) => queries.list(actorOf(req), req.params.programId, req.query),
  );

  route.get(
    `${BASE}/summary`,
    {
      operationId: "getRemediationSummary",
      summary: "Counts by status and priority, overdue and unassigned items, and the burndown series",
      access: "remediation.read",
      params: programParams,
      response: { 200: remediationSummary },
    },
    async (req) => queries.summary(actorOf(req), req.params.programId),
  );

  route.get(
    `${BASE}.csv`,
    {
      operationId: "exportRemediationCsv",
      summary:
        "The plan as CSV: every item matching the filters (cells a spreadsheet would run as formulas are quoted)",
      access: "remediation.read",
      params: programParams,
      query: exportQuery,
      response: { 200: csv() },
    },
    async (req, reply) => {
      const { items, filename } = await exportData(req, actorOf(req));
      return sendCsv(reply, `${filename}.csv`, remediationCsv(items));
    },
  );

  route.get(
    `${BASE}.pdf`,
    {
      operationId: "exportRemediationPdf",
      summary: "The plan as a PDF report: summary, overview table and every item in full",
      access: "remediation.read",
      params: programParams,
      query: exportQuery,
      response: { 200: file("application/pdf", "A4 PDF") },
    },
    async (req, reply) => {
      const { items, program, organization, filename } = await exportData(req, actorOf(req));
      const logo = (await organizationLogo(ctx.db, actorOf(req).organizationId))?.bytes;
      const pdf = await remediationPdf({ organization, logo, program, items, filter: req.query });
      return sendDownload(reply, "application/pdf", `${filename}.pdf`, pdf);
    },
  );

  route.post(
    BASE,
    {
      operationId: "createRemediationItem",
      summary: "Add an item to the plan (priority is computed from likelihood × impact)",
      access: "remediation.manage",
      params: programParams,
      body: createItemBody,
      response: { 201: remediationItem },
    },
    async (req, reply) => reply.status(201).send(await service.create(actorOf(req), req.params.programId, req.body)),
  );

  route.get(
    `${BASE}/:id`,
    {
      operationId: "getRemediationItem",
      summary: "One item with its history (its ledger entries)",
      access: "remediation.read",
      params: itemParams,
      response: { 200: remediationItemDetail },
    },
    async (req) => queries.get(actorOf(req), req.params.programId, req.params.id),
  );

  route.patch(
    `${BASE}/:id`,
    {
      operationId: "updateRemediationItem",
      summary: "Edit an item (its owner may change the evidence; everything else needs remediation.manage)",
      access: "remediation.update_own",
      params: itemParams,
      body: updateItemBody,
      response: { 200: remediationItem },
    },
    async (req) => service.update(actorOf(req), req.params.programId, req.params.id, req.body),
  );

  route.post(
    `${BASE}/:id/status`,
    {
      operationId: "changeRemediationItemStatus",
      summary: "Start (in_progress), complete (done) or reopen (in_progress with a note) an item",
      access: "remediation.update_own",
      params: itemParams,
      body: statusBody,
      response: { 200: remediationItem },
    },
    async (req) => service.changeStatus(actorOf(req), req.params.programId, req.params.id, req.body),
  );

  route.put(
    `${BASE}/:id/steps`,
    {
      operationId: "setRemediationItemSteps",
      summary:
        "Replace the item's ordered steps (add, remove, reorder, re-plan: remediation.manage; the item's owner may change step statuses)",
      access: "remediation.update_own",
      params: itemParams,
      body: stepsBody,
      response: { 200: remediationItem },
    },
    async (req) => service.setSteps(actorOf(req), req.params.programId, req.params.id, req.body.steps),
  );

  route.post(
    `${BASE}/:id/verify`,
    {
      operationId: "verifyRemediationItem",
      summary: "Verify a done item (not by its own owner)",
      access: "remediation.verify",
      params: itemParams,
      body: verifyBody,
      response: { 200: remediationItem },
    },
    async (req) => service.verify(actorOf(req), req.params.programId, req.params.id, req.body.note),
  );

  route.get(
    `${BASE}/:id/comments`,
    {
      operationId: "listRemediationComments",
      summary: "The item's comments, oldest first, with the members each mentions",
      access: "remediation.read",
      params: itemParams,
      response: { 200: remediationCommentList },
    },
    async (req) => comments.list(actorOf(req), req.params.programId, req.params.id),
  );

  route.post(
    `${BASE}/:id/comments`,
    {
      operationId: "addRemediationComment",
      summary:
        "Comment on an item; @email mentions of this organization's members are resolved and notify them (other addresses stay text)",
      access: "remediation.comment",
      params: itemParams,
      body: commentBody,
      response: { 201: remediationComment },
    },
    async (req, reply) =>
      reply.status(201).send(await comments.add(actorOf(req), req.params.programId, req.params.id, req.body.body)),
  );
}
