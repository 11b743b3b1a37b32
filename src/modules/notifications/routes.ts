import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { idParams, problems } from "../../kernel/http/schemas.ts";
import { emptyBody, listNotificationsQuery, notification, notificationList, readAllResult } from "./schema.ts";
import { createNotificationsService } from "./service.ts";

const tags = ["notifications"];

export default async function routes(app: ApiApp, ctx: AppContext) {
  const inbox = createNotificationsService({ db: ctx.db });

  app.get(
    "/notifications",
    {
      config: { access: { action: "notifications.read" } },
      schema: {
        tags,
        summary: "My notifications in this organization: unread first, then newest (unread=true: unread only)",
        querystring: listNotificationsQuery,
        response: { 200: notificationList, ...problems },
      },
    },
    async (req) => inbox.list(actorOf(req), req.query),
  );

  app.post(
    "/notifications/read-all",
    {
      config: { access: { action: "notifications.update" } },
      schema: {
        tags,
        summary: "Mark all my notifications in this organization read",
        body: emptyBody,
        response: { 200: readAllResult, ...problems },
      },
    },
    async (req) => inbox.markAllRead(actorOf(req)),
  );

  app.post(
    "/notifications/:id/read",
    {
      config: { access: { action: "notifications.update" } },
      schema: {
        tags,
        summary: "Mark one of my notifications read",
        params: idParams,
        body: emptyBody,
        response: { 200: notification, ...problems },
      },
    },
    async (req) => inbox.markRead(actorOf(req), req.params.id),
  );
}
