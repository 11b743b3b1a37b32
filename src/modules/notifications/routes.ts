import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
import { emptyBody, listNotificationsQuery, notification, notificationList, readAllResult } from "./schema.ts";
import { createNotificationsService } from "./service.ts";

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "notifications" });
  const inbox = createNotificationsService({ db: ctx.db });

  route.get(
    "/notifications",
    {
      operationId: "listNotifications",
      summary: "My notifications in this organization: unread first, then newest (unread=true: unread only)",
      access: "notifications.read",
      query: listNotificationsQuery,
      response: { 200: notificationList },
    },
    async (req) => inbox.list(actorOf(req), req.query),
  );

  route.post(
    "/notifications/read-all",
    {
      operationId: "markAllNotificationsRead",
      summary: "Mark all my notifications in this organization read",
      access: "notifications.update",
      body: emptyBody,
      response: { 200: readAllResult },
    },
    async (req) => inbox.markAllRead(actorOf(req)),
  );

  route.post(
    "/notifications/:id/read",
    {
      operationId: "markNotificationRead",
      summary: "Mark one of my notifications read",
      access: "notifications.update",
      params: idParams,
      body: emptyBody,
      response: { 200: notification },
    },
    async (req) => inbox.markRead(actorOf(req), req.params.id),
  );
}
