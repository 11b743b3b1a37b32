import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf, requires } from "../../kernel/http/request.ts";
import { idParams, problems } from "../../kernel/http/schemas.ts";
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

const tags = ["alerts"];
const manage = requires("alerts.manage_webhooks");

export default async function routes(app: ApiApp, ctx: AppContext) {
  const preferences = createPreferencesService({ db: ctx.db });
  // Plain-http receivers on local addresses only on test servers (docs/alerts.md).
  const webhooks = createWebhooksService(ctx, { allowPrivateHttp: ctx.config.ASSAY_WEBHOOK_ALLOW_PRIVATE_HTTP });

  app.get(
    "/alerts/preferences",
    {
      config: { access: { action: "alerts.read_preferences" } },
      schema: {
        tags,
        summary: "My alert preferences in this organization: every kind, in the app on/off, email immediate/digest/off",
        response: { 200: preferenceList, ...problems },
      },
    },
    async (req) => preferences.get(actorOf(req)),
  );

  app.put(
    "/alerts/preferences",
    {
      config: { access: { action: "alerts.update_preferences" } },
      schema: {
        tags,
        summary: "Set my preferences for the given kinds (kinds left out keep theirs)",
        body: updatePreferencesBody,
        response: { 200: preferenceList, ...problems },
      },
    },
    async (req) => preferences.update(actorOf(req), req.body),
  );

  app.get(
    "/alerts/webhooks",
    {
      config: { access: { action: "alerts.read_webhooks" } },
      schema: {
        tags,
        summary: "The organization's alert webhooks (host only, never the URL) and the kinds they can subscribe to",
        response: { 200: webhookList, ...problems },
      },
    },
    async (req) => webhooks.list(actorOf(req).organizationId),
  );

  app.post(
    "/alerts/webhooks",
    {
      config: manage,
      schema: {
        tags,
        summary: "Add a Slack-compatible incoming webhook; its URL is stored encrypted and never returned",
        body: createWebhookBody,
        response: { 201: webhook, ...problems },
      },
    },
    async (req, reply) => reply.status(201).send(await webhooks.create(actorOf(req), req.body)),
  );

  app.patch(
    "/alerts/webhooks/:id",
    {
      config: manage,
      schema: {
        tags,
        summary: "Change a webhook: name, kinds, on/off; `url` replaces the stored URL",
        params: idParams,
        body: updateWebhookBody,
        response: { 200: webhook, ...problems },
      },
    },
    async (req) => webhooks.update(actorOf(req), req.params.id, req.body),
  );

  app.delete(
    "/alerts/webhooks/:id",
    {
      config: manage,
      schema: {
        tags,
        summary: "Remove a webhook; messages still waiting for it are not sent",
        params: idParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      await webhooks.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/alerts/webhooks/:id/test",
    {
      config: manage,
      schema: {
        tags,
        summary: "Send a test message now and report the receiver's answer (recorded on the webhook and in the outbox)",
        params: idParams,
        body: emptyBody,
        response: { 200: webhookTestResult, ...problems },
      },
    },
    async (req) => webhooks.test(actorOf(req), req.params.id),
  );
}
