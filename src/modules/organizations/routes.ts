import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf, sessionOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { LOGO_MAX_BYTES, LOGO_TYPES, organizationLogo, removeLogo, setLogo } from "./logo.ts";
import {
  createOrganizationBody,
  listOrganizationsQuery,
  logoInfo,
  organizationList,
  organizationProfile,
  organizationSummary,
  securitySettings,
  updateOrganizationBody,
  updateSecurityBody,
} from "./schema.ts";
import { createOrganizationsService } from "./service.ts";

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "organizations" });
  const orgs = createOrganizationsService({ db: ctx.db, organizationCreation: ctx.config.ASSAY_ORGANIZATION_CREATION });

  route.get(
    "/organizations",
    {
      operationId: "listOrganizations",
      summary: "Organizations I belong to",
      access: { signedIn: true, tokens: true, mfaEnrollment: true },
      query: listOrganizationsQuery,
      response: { 200: organizationList },
    },
    async (req) => {
      // A token acts for one person in one organization; a session may not have picked one yet.
      const userId = req.actor?.kind === "token" ? req.actor.userId : sessionOf(req).user.id;
      const current = req.actor && req.actor.kind !== "system" ? req.actor.organizationId : null;
      return orgs.listMine(userId, current, req.query);
    },
  );

  route.post(
    "/organizations",
    {
      operationId: "createOrganization",
      summary: "Create an organization (you become its owner)",
      description:
        "Installation admins only (403 `organization_creation_restricted`) unless the server sets ASSAY_ORGANIZATION_CREATION=anyone; the session payload's `mayCreateOrganizations` says which.",
      access: { signedIn: true },
      body: createOrganizationBody,
      response: { 201: organizationSummary },
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

  route.get(
    "/organization",
    {
      operationId: "getOrganization",
      summary: "Current organization's profile",
      access: "organization.read",
      response: { 200: organizationProfile },
    },
    async (req) => orgs.profile(actorOf(req).organizationId),
  );

  route.patch(
    "/organization",
    {
      operationId: "updateOrganization",
      summary: "Rename the current organization",
      access: "organization.update",
      body: updateOrganizationBody,
      response: { 200: organizationProfile },
    },
    async (req) => orgs.rename(actorOf(req), req.body.name),
  );

  route.get(
    "/organization/security",
    {
      operationId: "getOrganizationSecurity",
      summary: "Security settings",
      access: "organization.read",
      response: { 200: securitySettings },
    },
    async (req) => orgs.security(actorOf(req).organizationId),
  );

  route.patch(
    "/organization/security",
    {
      operationId: "updateOrganizationSecurity",
      summary: "Change security settings (MFA requirement, session timeouts)",
      access: "organization.security",
      body: updateSecurityBody,
      response: { 200: securitySettings },
    },
    async (req) => orgs.updateSecurity(actorOf(req), req.body),
  );

  // A logo arrives as the image itself; the limit here is generous so that checkLogo answers with its own message.
  app.addContentTypeParser(
    [...LOGO_TYPES],
    { parseAs: "buffer", bodyLimit: 2 * LOGO_MAX_BYTES },
    (_req: FastifyRequest, body: Buffer, done) => done(null, body),
  );

  route.get(
    "/organization/logo",
    {
      operationId: "getOrganizationLogo",
      summary: "The organization's logo (PNG or JPEG); 404 when none was uploaded",
      access: "organization.read",
      query: z.strictObject({
        v: z
          .string()
          .max(64)
          .optional()
          .meta({ description: "Ignored: the logo's sha256, so a new logo gets a new URL" }),
      }),
      response: {
        200: {
          description: "The image",
          content: {
            "image/png": { schema: z.string().meta({ format: "binary" }) },
            "image/jpeg": { schema: z.string().meta({ format: "binary" }) },
          },
        },
      },
    },
    async (req, reply) => {
      const logo = await organizationLogo(ctx.db, actorOf(req).organizationId);
      if (!logo) throw notFound("The organization's logo");
      return reply
        .header("content-type", logo.contentType)
        .header("cache-control", "private, no-cache")
        .header("etag", `"${logo.sha256}"`)
        .header("x-content-type-options", "nosniff")
        .send(logo.bytes as unknown as string);
    },
  );

  route.post(
    "/organization/logo",
    {
      operationId: "setOrganizationLogo",
      summary: "Upload or replace the logo: send the image itself as image/png or image/jpeg (at most 512 KB)",
      description:
        "The bytes must be a PNG or JPEG (checked by their content, not the name) that can be drawn on a PDF. 413 `logo_too_large`, 415 `unsupported_logo` (another format, or a type that does not match the content), 422 `unreadable_logo` (a damaged image).",
      access: "organization.update",
      rawBody: {
        "image/png": z.string().meta({ format: "binary" }),
        "image/jpeg": z.string().meta({ format: "binary" }),
      },
      bodyLimit: 2 * LOGO_MAX_BYTES,
      errors: [413, 415, 422],
      response: { 200: logoInfo },
    },
    async (req) => {
      const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (!Buffer.isBuffer(req.body))
        throw new AppError(
          415,
          "unsupported_logo",
          "Send the logo as the image itself, with content type image/png or image/jpeg.",
        );
      return setLogo(ctx.db, actorOf(req), req.body, type);
    },
  );

  route.delete(
    "/organization/logo",
    {
      operationId: "removeOrganizationLogo",
      summary: "Remove the logo (reports show the organization's name only)",
      access: "organization.update",
      response: { 204: z.null() },
    },
    async (req, reply) => {
      await removeLogo(ctx.db, actorOf(req));
      return reply.code(204).send(null);
    },
  );
}
