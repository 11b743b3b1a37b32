import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { subjectOf } from "../../core/actor.ts";
import { needsBackgroundCheck } from "../../core/people-routines.ts";
import { allows } from "../../core/roles.ts";
import { checklistItems, people } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { importRoutes } from "../../kernel/http/import.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
import { forbidden } from "../../platform/errors.ts";
import { checksOf, recordBackgroundCheck } from "./background.ts";
import {
  assignedTo,
  completeChecklistItem,
  loadChecklistItem,
  loadChecklistItems,
  startChecklist,
} from "./checklists.ts";
import { loadPerson } from "./commands.ts";
import { applyDirectorySync, identityConnections, previewDirectorySync } from "./directory-sync.ts";
import { hrTable } from "./hr-csv.ts";
import { applyImport, importRowExtra, importSummary, reviewImport } from "./import.ts";
import { policy } from "./policy.ts";
import {
  backgroundCheck,
  backgroundCheckBody,
  checklistItem,
  completeItemBody,
  connectionParams,
  peopleDashboard as dashboardSchema,
  directorySyncPreview,
  identityConnection,
  peopleSettingsInput,
  peopleSettingsOut,
  personRoutines,
  startChecklistBody,
} from "./routines-schema.ts";
import { loadPeopleSettings, savePeopleSettings } from "./settings.ts";
import { peopleDashboard, statusOf } from "./status.ts";

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "people" });

  route.get(
    "/people/dashboard",
    {
      operationId: "getPeopleDashboard",
      summary:
        "Who owes what: people by compliance state, overdue people, onboarding in progress, offboarding deviations",
      access: "people.read",
      response: { 200: dashboardSchema },
    },
    async (req) => peopleDashboard(ctx.db, actorOf(req).organizationId, new Date()),
  );

  route.get(
    "/people/settings",
    {
      operationId: "getPeopleSettings",
      summary: "The offboarding SLA and systems, background check rules and checklist templates",
      access: "people.read",
      response: { 200: peopleSettingsOut },
    },
    async (req) => loadPeopleSettings(ctx.db, actorOf(req).organizationId),
  );

  route.put(
    "/people/settings",
    {
      operationId: "updatePeopleSettings",
      summary: "Change the offboarding SLA and systems, background check rules and checklist templates",
      access: "people.manage",
      body: peopleSettingsInput,
      response: { 200: peopleSettingsOut },
    },
    async (req) => change(ctx.db, actorOf(req), (c) => savePeopleSettings(c, req.body)),
  );

  await importRoutes(app, route, ctx.db, {
    path: "/people/import",
    operationIds: { preview: "previewPeopleImport", import: "importPeople" },
    noun: "person",
    access: "people.manage",
    spec: hrTable,
    rowSchema: importRowExtra,
    summarySchema: importSummary,
    review: reviewImport,
    apply: applyImport,
  });

  route.get(
    "/people/sync",
    {
      operationId: "listDirectorySources",
      summary: "The Google Workspace and Okta connections the directory can be synced from",
      access: "people.read",
      response: { 200: z.object({ items: z.array(identityConnection) }) },
    },
    async (req) => ({ items: await identityConnections(ctx.db, actorOf(req).organizationId) }),
  );

  route.post(
    "/people/sync/:connectionId/preview",
    {
      operationId: "previewDirectorySync",
      summary: "Who a sync from this identity connection would add or update (people entered by hand are skipped)",
      access: "people.manage",
      params: connectionParams,
      response: { 200: directorySyncPreview },
    },
    async (req) => previewDirectorySync(ctx.db, actorOf(req).organizationId, req.params.connectionId),
  );

  route.post(
    "/people/sync/:connectionId/apply",
    {
      operationId: "syncDirectory",
      summary: "Add and update people from the user accounts an identity connection collected, in one change",
      access: "people.manage",
      params: connectionParams,
      response: { 200: directorySyncPreview },
    },
    async (req) => change(ctx.db, actorOf(req), (c) => applyDirectorySync(c, req.params.connectionId)),
  );

  route.get(
    "/people/my-steps",
    {
      operationId: "listMyChecklistSteps",
      summary: "The on- and offboarding steps assigned to you",
      access: "people.own_tasks",
      response: { 200: z.object({ items: z.array(checklistItem.extend({ personName: z.string() })) }) },
    },
    async (req) => {
      const actor = actorOf(req);
      const now = new Date();
      const items = await loadChecklistItems(ctx.db, actor.organizationId, assignedTo(actor.userId), new Map(), now);
      const ids = [...new Set(items.map((i) => i.personId))];
      const names = new Map(
        ids.length
          ? (
              await ctx.db
                .select({ id: people.id, fullName: people.fullName })
                .from(people)
                .where(and(eq(people.organizationId, actor.organizationId), inArray(people.id, ids)))
            ).map((p) => [p.id, p.fullName])
          : [],
      );
      return { items: items.map((i) => ({ ...i, personName: names.get(i.personId) ?? "" })) };
    },
  );

  route.get(
    "/checklist-steps/:id",
    {
      operationId: "getChecklistStep",
      summary: "One on- or offboarding step (its assignee, or anyone who reads the directory)",
      access: "people.own_tasks",
      params: idParams,
      response: { 200: checklistItem },
    },
    async (req) => {
      const actor = actorOf(req);
      const item = await loadChecklistItem(ctx.db, actor.organizationId, req.params.id, new Date());
      if (!allows(policy, subjectOf(actor), "people.read") && item.assigneeUserId !== actor.userId)
        throw forbidden("This step is assigned to someone else.");
      return item;
    },
  );

  route.post(
    "/checklist-steps/:id/complete",
    {
      operationId: "completeChecklistStep",
      summary: "Complete a step with a note or a link as proof; an access revocation records when access was revoked",
      access: "people.complete_item",
      params: idParams,
      body: completeItemBody,
      response: { 200: checklistItem },
      errors: [409],
    },
    async (req) => {
      const actor = actorOf(req);
      return change(ctx.db, actor, (c) => completeChecklistItem(c, subjectOf(actor), req.params.id, req.body));
    },
  );

  route.get(
    "/people/:id/routines",
    {
      operationId: "getPersonRoutines",
      summary: "A person's compliance status, tasks, on- and offboarding checklists and background checks",
      access: "people.read",
      params: idParams,
      response: { 200: personRoutines },
    },
    async (req) => {
      const organizationId = actorOf(req).organizationId;
      const now = new Date();
      const p = await loadPerson(ctx.db, organizationId, req.params.id);
      const s = (await statusOf(ctx.db, organizationId, [p.id], now)).get(p.id)!;
      const manager = p.managerId ? await loadPerson(ctx.db, organizationId, p.managerId) : null;
      const settings = await loadPeopleSettings(ctx.db, organizationId);
      return {
        person: p,
        manager: manager && { id: manager.id, fullName: manager.fullName },
        compliance: s.compliance,
        tasks: s.tasks,
        checklists: s.items,
        backgroundChecks: await checksOf(ctx.db, organizationId, [p.id]),
        backgroundCheckRequired: p.status !== "left" && needsBackgroundCheck(settings.backgroundCheckFor, p.kind),
        deviations: s.items.filter((i) => i.lateMinutes).length,
      };
    },
  );

  route.post(
    "/people/:id/checklists",
    {
      operationId: "startPersonChecklist",
      summary: "Start a person's onboarding or offboarding checklist from the template for their job title",
      access: "people.manage",
      params: idParams,
      body: startChecklistBody,
      response: { 201: z.object({ items: z.array(checklistItem) }) },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      await change(ctx.db, actor, (c) => startChecklist(c, req.params.id, req.body.checklist));
      const items = await loadChecklistItems(
        ctx.db,
        actor.organizationId,
        and(eq(checklistItems.personId, req.params.id), eq(checklistItems.checklist, req.body.checklist)),
        new Map(),
        new Date(),
      );
      return reply.code(201).send({ items });
    },
  );

  route.post(
    "/people/:id/background-checks",
    {
      operationId: "recordBackgroundCheck",
      summary: "Record a background check: date, provider and outcome only (no detail of the screening)",
      access: "people.manage",
      params: idParams,
      body: backgroundCheckBody,
      response: { 201: backgroundCheck },
    },
    async (req, reply) => {
      const row = await change(ctx.db, actorOf(req), (c) =>
        recordBackgroundCheck(c, req.params.id, req.body, subjectOf(actorOf(req))),
      );
      return reply.code(201).send(row);
    },
  );
}
