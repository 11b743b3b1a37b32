import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf, sessionOf } from "../../kernel/http/request.ts";
import { problems } from "../../kernel/http/schemas.ts";
import {
  createOrganizationBody,
  listOrganizationsQuery,
  organizationList,
  organizationProfile,
  organizationSummary,
  securitySettings,
  updateOrganizationBody,
  updateSecurityBody,
} from "./schema.ts";
import { createOrganizationsService } from "./service.ts";

const tags = ["organizations"];

export default async function routes(app: ApiApp, ctx: AppContext) {
  const orgs = createOrganizationsService({ db: ctx.db });

  app.get(
    "/organizations",
    {
      config: { access: { signedIn: true, tokens: true, mfaEnrollment: true } },
      schema: {
        tags,
        summary: "Organizations I belong to",
        querystring: listOrganizationsQuery,
        response: { 200: organizationList, ...problems },
      },
    },
    async (req) => {
      // A token acts for one person in one organization; a session may not have picked one yet.
      const userId = req.actor?.kind === "token" ? req.actor.userId : sessionOf(req).user.id;
      const current = req.actor && req.actor.kind !== "system" ? req.actor.organizationId : null;
      return orgs.listMine(userId, current, req.query);
    },
  );

  app.post(
    "/organizations",
    {
      config: { access: { signedIn: true } },
      schema: {
        tags,
        summary: "Create an organization (you become its owner)",
        body: createOrganizationBody,
        response: { 201: organizationSummary, ...problems },
      },
    },
    async (req, reply) => {
      const s = sessionOf(req);
      const org = await orgs.create(
        { userId: s.user.id, email: s.user.email, name: s.user.name, sessionId: s.id, requestId: req.id },
        req.body.name,
      );
      return reply.status(201).send(org);
    },
  );

  app.get(
    "/organization",
    {
      config: { access: { action: "organization.read" } },
      schema: { tags, summary: "Current organization's profile", response: { 200: organizationProfile, ...problems } },
    },
    async (req) => orgs.profile(actorOf(req).organizationId),
  );

  app.patch(
    "/organization",
    {
      config: { access: { action: "organization.update" } },
      schema: {
        tags,
        summary: "Rename the current organization",
        body: updateOrganizationBody,
        response: { 200: organizationProfile, ...problems },
      },
    },
    async (req) => orgs.rename(actorOf(req), req.body.name),
  );

  app.get(
    "/organization/security",
    {
      config: { access: { action: "organization.read" } },
      schema: { tags, summary: "Security settings", response: { 200: securitySettings, ...problems } },
    },
    async (req) => orgs.security(actorOf(req).organizationId),
  );

  app.patch(
    "/organization/security",
    {
      config: { access: { action: "organization.security" } },
      schema: {
        tags,
        summary: "Change security settings (MFA requirement, session timeouts)",
        body: updateSecurityBody,
        response: { 200: securitySettings, ...problems },
      },
    },
    async (req) => orgs.updateSecurity(actorOf(req), req.body),
  );
}
