import { z } from "zod";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
import { linkableControls, linkedControlList } from "./links.ts";
import { deleteView, listViews, savedView, saveView, saveViewBody, scopeParam } from "./views.ts";

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "saved views" });

  route.get(
    "/linkable-controls",
    {
      operationId: "listLinkableControls",
      summary: "Every control a register record (a risk, a vendor, an incident…) can be linked to, by key",
      access: "programs.read",
      response: { 200: linkedControlList },
    },
    async (req) => linkableControls(ctx.db, actorOf(req).organizationId),
  );

  route.get(
    "/saved-views",
    {
      operationId: "listSavedViews",
      summary: "The signed-in person's saved views of a list, then the ones shared with the organization",
      access: "views.manage",
      query: z.strictObject({ scope: scopeParam }),
      response: { 200: z.object({ items: z.array(savedView) }) },
    },
    async (req) => listViews(ctx.db, actorOf(req), req.query.scope),
  );

  route.post(
    "/saved-views",
    {
      operationId: "saveView",
      summary: "Save a list's filters under a name (the same name of the same list is replaced)",
      access: "views.manage",
      body: saveViewBody,
      response: { 200: savedView },
      errors: [409],
    },
    async (req) => {
      const actor = actorOf(req);
      return change(ctx.db, actor, (c) => saveView(c, actor, req.body));
    },
  );

  route.delete(
    "/saved-views/:id",
    {
      operationId: "deleteSavedView",
      summary: "Remove a saved view (your own; a shared one as an owner, admin or compliance manager)",
      access: "views.manage",
      params: idParams,
      response: { 204: z.null() },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      await change(ctx.db, actor, (c) => deleteView(c, actor, req.params.id));
      return reply.code(204).send(null);
    },
  );
}
