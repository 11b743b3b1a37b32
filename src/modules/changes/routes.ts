import { changes } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sendCsv } from "../../kernel/http/download.ts";
import { importRoutes } from "../../kernel/http/import.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { csv, routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
import { toCsv } from "../../platform/csv.ts";
import { noContent } from "../auth/schema.ts";
import { controlLinkRoutes, existsIn } from "../registers/public.ts";
import { approveEmergency, createChange, deleteChange, REGISTER, updateChange } from "./commands.ts";
import { applyImport, changeTable, importSummary, reviewImport } from "./import.ts";
import { allChanges, type ChangeView, listChanges, loadChange, population } from "./queries.ts";
import {
  approveBody,
  changeList,
  changeRecord,
  changeSettings,
  changeSourcesList,
  createBody,
  exportQuery,
  listQuery,
  populationQuery,
  population as populationSchema,
  syncBody,
  syncResult,
  updateBody,
} from "./schema.ts";
import { changeSettingsOf, setChangeSettings } from "./settings.ts";
import { changeSources, syncChanges } from "./sync.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : "");
const yes = (b: boolean | null) => (b === null ? "" : b ? "yes" : "no");

/** The columns of both CSVs: the change and its review evidence, as an auditor reads a population. */
const CSV_COLUMNS: readonly { header: string; value: (r: ChangeView) => unknown }[] = [
  { header: "id", value: (r) => r.id },
  { header: "title", value: (r) => r.title },
  { header: "source", value: (r) => r.source },
  { header: "repository", value: (r) => r.repository ?? "" },
  { header: "reference", value: (r) => r.externalRef ?? "" },
  { header: "url", value: (r) => r.url ?? "" },
  { header: "author", value: (r) => r.author ?? "" },
  { header: "committer", value: (r) => r.committer ?? "" },
  { header: "merged by", value: (r) => r.mergedBy ?? "" },
  { header: "approved by", value: (r) => r.approvals.map((a) => a.by).join("; ") },
  { header: "independent approvals", value: (r) => r.independentApprovals.length },
  { header: "checks passed", value: (r) => yes(r.checksPassed) },
  { header: "signature", value: (r) => r.signature ?? "" },
  { header: "merged at", value: (r) => iso(r.mergedAt) },
  { header: "deployed at", value: (r) => iso(r.deployedAt) },
  { header: "status", value: (r) => r.status },
  { header: "emergency", value: (r) => yes(r.emergency) },
  { header: "emergency approved by", value: (r) => r.emergencyApproverName ?? "" },
  { header: "emergency approved at", value: (r) => iso(r.emergencyApprovedAt) },
  { header: "emergency justification", value: (r) => r.emergencyJustification ?? "" },
  { header: "unreviewed", value: (r) => yes(r.flags.unreviewed) },
  { header: "emergency unapproved", value: (r) => yes(r.flags.emergencyUnapproved) },
  { header: "unsigned", value: (r) => yes(r.flags.unsigned) },
  { header: "checks failed", value: (r) => yes(r.flags.checksFailed) },
  { header: "risk", value: (r) => r.risk ?? "" },
];

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "changes" });

  route.get(
    "/changes",
    {
      operationId: "listChanges",
      summary: "The change register, latest first, with search and filters",
      access: "changes.read",
      query: listQuery,
      response: { 200: changeList },
    },
    async (req) => listChanges(ctx.db, actorOf(req).organizationId, req.query),
  );

  route.get(
    "/changes/export.csv",
    {
      operationId: "exportChangesCsv",
      summary: "The changes matching the list's filters as CSV (no paging; formula cells defused)",
      access: "changes.read",
      query: exportQuery,
      response: { 200: csv() },
    },
    async (req, reply) => {
      const rows = await allChanges(ctx.db, actorOf(req).organizationId, req.query);
      return sendCsv(reply, "changes.csv", toCsv(CSV_COLUMNS, rows));
    },
  );

  route.get(
    "/changes/population",
    {
      operationId: "getChangePopulation",
      summary:
        "Every change merged (or deployed) in a date range with its review evidence and flags: the population a Type II sample is drawn from",
      access: "changes.read",
      query: populationQuery,
      response: { 200: populationSchema },
    },
    async (req) => population(ctx.db, actorOf(req).organizationId, req.query.from, req.query.to),
  );

  route.get(
    "/changes/population.csv",
    {
      operationId: "exportChangePopulationCsv",
      summary: "The population of a date range as CSV",
      access: "changes.read",
      query: populationQuery,
      response: { 200: csv() },
    },
    async (req, reply) => {
      const p = await population(ctx.db, actorOf(req).organizationId, req.query.from, req.query.to);
      return sendCsv(reply, `change-population-${p.from}-to-${p.to}.csv`, toCsv(CSV_COLUMNS, p.items));
    },
  );

  route.get(
    "/changes/sources",
    {
      operationId: "listChangeSources",
      summary: "The GitHub and git connections changes can be synced from",
      access: "changes.read",
      response: { 200: changeSourcesList },
    },
    async (req) => ({ items: await changeSources(ctx.db, actorOf(req).organizationId) }),
  );

  route.get(
    "/changes/settings",
    {
      operationId: "getChangeSettings",
      summary: "The organization's change settings: days an emergency change may wait for its after-the-fact approval",
      access: "changes.read",
      response: { 200: changeSettings },
    },
    async (req) => changeSettingsOf(ctx.db, actorOf(req).organizationId),
  );

  route.put(
    "/changes/settings",
    {
      operationId: "setChangeSettings",
      summary:
        "Set the days (1–30) an emergency change may wait for its after-the-fact approval; every change and CHG-06 are judged by them from now on",
      access: "changes.manage_settings",
      body: changeSettings,
      response: { 200: changeSettings },
    },
    async (req) => change(ctx.db, actorOf(req), (c) => setChangeSettings(c, req.body)),
  );

  route.post(
    "/changes/sync",
    {
      operationId: "syncChanges",
      summary:
        "Read the merged pull requests (GitHub) or the main line's commits (git) of a connection in a date range into the register; a sync again updates, never duplicates",
      access: "changes.manage",
      body: syncBody,
      response: { 200: syncResult },
      errors: [404, 502],
    },
    async (req) => syncChanges(ctx, actorOf(req), req.body),
  );

  await importRoutes(app, route, ctx.db, {
    path: "/changes/import",
    operationIds: { preview: "previewChangeImport", import: "importChanges" },
    noun: "change",
    access: "changes.manage",
    spec: changeTable,
    rowSchema: {},
    summarySchema: importSummary,
    review: reviewImport,
    apply: applyImport,
  });

  route.post(
    "/changes",
    {
      operationId: "createChange",
      summary: "Record a change by hand",
      access: "changes.manage",
      body: createBody,
      response: { 201: changeRecord },
    },
    async (req, reply) => {
      const row = await change(ctx.db, actorOf(req), (c) => createChange(c, req.body));
      return reply.code(201).send(await loadChange(ctx.db, row.organizationId, row.id));
    },
  );

  route.get(
    "/changes/:id",
    {
      operationId: "getChange",
      summary: "One change with its review evidence and flags",
      access: "changes.read",
      params: idParams,
      response: { 200: changeRecord },
    },
    async (req) => loadChange(ctx.db, actorOf(req).organizationId, req.params.id),
  );

  route.patch(
    "/changes/:id",
    {
      operationId: "updateChange",
      summary: "Edit a change (on a synced change only what people add: emergency, risk, status, deployment)",
      access: "changes.manage",
      params: idParams,
      body: updateBody,
      response: { 200: changeRecord },
    },
    async (req) => {
      const actor = actorOf(req);
      await change(ctx.db, actor, (c) => updateChange(c, req.params.id, req.body));
      return loadChange(ctx.db, actor.organizationId, req.params.id);
    },
  );

  route.delete(
    "/changes/:id",
    {
      operationId: "deleteChange",
      summary: "Remove a change from the register (a synced one comes back with the next sync of its range)",
      access: "changes.manage",
      params: idParams,
      response: { 204: noContent },
    },
    async (req, reply) => {
      await change(ctx.db, actorOf(req), (c) => deleteChange(c, req.params.id));
      return reply.code(204).send();
    },
  );

  route.post(
    "/changes/:id/emergency-approval",
    {
      operationId: "approveEmergencyChange",
      summary: "Approve an emergency change after the fact, with why (never by its author)",
      access: "changes.approve",
      params: idParams,
      body: approveBody,
      response: { 200: changeRecord },
    },
    async (req) => {
      const actor = actorOf(req);
      const approver = { userId: actor.userId, name: actor.name, email: actor.email };
      await change(ctx.db, actor, (c) => approveEmergency(c, req.params.id, approver, req.body.justification));
      return loadChange(ctx.db, actor.organizationId, req.params.id);
    },
  );

  controlLinkRoutes(route, ctx.db, {
    path: "/changes",
    register: REGISTER,
    noun: "Change",
    read: "changes.read",
    write: "changes.manage",
    exists: existsIn(changes),
  });
}
