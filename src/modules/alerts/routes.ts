import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
import { createPreferencesService } from "./preferences.ts";
import {
  createWebhookBody,
  emptyBody,
  preferenceList,
  updatePreferencesBody,
  updateWebhookBody,
  webhook,
  webhookList,
  webhookTestResult,
} from "./schema.ts";
import { createWebhooksService } from "./webhooks.ts";

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "alerts" });
  const preferences = createPreferencesService({ db: ctx.db });
  // Plain-http receivers on local addresses only on test servers (docs/alerts.md).
  const webhooks = createWebhooksService(ctx, { allowPrivateHttp: ctx.config.ASSAY_WEBHOOK_ALLOW_PRIVATE_HTTP });

  route.get(
    "/alerts/preferences",
    {
      operationId: "getAlertPreferences",
      summary: "My alert preferences in this organization: every kind, in the app on/off, email immediate/digest/off",
      access: "alerts.read_preferences",
      response: { 200: preferenceList },
    },
    async (req) => preferences.get(actorOf(req)),
  );

  route.put(
    "/alerts/preferences",
    {
      operationId: "setAlertPreferences",
      summary: "Set my preferences for the given kinds (kinds left out keep theirs)",
      access: "alerts.update_preferences",
      body: updatePreferencesBody,
      response: { 200: preferenceList },
    },
    async (req) => preferences.update(actorOf(req), req.body),
  );

  route.get(
    "/alerts/webhooks",
    {
      operationId: "listAlertWebhooks",
      summary: "The organization's alert webhooks (host only, never the URL) and the kinds they can subscribe to",
      access: "alerts.read_webhooks",
      response: { 200: webhookList },
    },
    async (req) => webhooks.list(actorOf(req).organizationId),
  );

  route.post(
    "/alerts/webhooks",
    {
      operationId: "createAlertWebhook",
      summary: "Add a Slack-compatible incoming webhook; its URL is stored encrypted and never returned",
      access: "alerts.manage_webhooks",
      body: createWebhookBody,
      response: { 201: webhook },
    },
    async (req, reply) => reply.status(201).send(await webhooks.create(actorOf(req), req.body)),
  );

  route.patch(
    "/alerts/webhooks/:id",
    {
      operationId: "updateAlertWebhook",
      summary: "Change a webhook: name, kinds, on/off; `url` replaces the stored URL",
      access: "alerts.manage_webhooks",
      params: idParams,
      body: updateWebhookBody,
      response: { 200: webhook },
    },
    async (req) => webhooks.update(actorOf(req), req.params.id, req.body),
  );

  route.delete(
    "/alerts/webhooks/:id",
    {
      operationId: "deleteAlertWebhook",
      summary: "Remove a webhook; messages still waiting for it are not sent",
      access: "alerts.manage_webhooks",
      params: idParams,
      response: { 204: z.null() },
    },
    async (req, reply) => {
      await webhooks.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  route.post(
    "/alerts/webhooks/:id/test",
    {
      operationId: "testAlertWebhook",
      summary: "Send a test message now and report the receiver's answer (recorded on the webhook and in the outbox)",
      access: "alerts.manage_webhooks",
      params: idParams,
      body: emptyBody,
      response: { 200: webhookTestResult },
    },
    async (req) => webhooks.test(actorOf(req), req.params.id),
  );
}
