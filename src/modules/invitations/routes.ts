import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { idParams, problems } from "../../kernel/http/schemas.ts";
import { safeEqual } from "../../platform/tokens.ts";
import { resolveSession, SESSION_COOKIE, setSessionCookie } from "../auth/public.ts";
import { createAcceptService } from "./accept.ts";
import {
  acceptBody,
  acceptResult,
  createInvitationBody,
  invitation,
  invitationList,
  invitationLookup,
  listInvitationsQuery,
  lookupParams,
} from "./schema.ts";
import { createInvitationsService } from "./service.ts";

const tags = ["invitations"];

export default async function routes(app: ApiApp, ctx: AppContext) {
  const invites = createInvitationsService({
    db: ctx.db,
    mailer: ctx.mailer,
    log: ctx.log,
    publicUrl: ctx.config.publicUrl,
  });
  const acceptance = createAcceptService({ db: ctx.db });
  // Invitation secrets are 256-bit; the limit is against password-hashing floods on accept.
  const rateLimit = { max: ctx.config.ASSAY_RATE_LIMIT_AUTH_PER_MINUTE, timeWindow: 60_000 };

  app.get(
    "/invitations",
    {
      config: { access: { action: "invitations.read" } },
      schema: {
        tags,
        summary: "Pending and expired invitations",
        querystring: listInvitationsQuery,
        response: { 200: invitationList, ...problems },
      },
    },
    async (req) => invites.list(actorOf(req).organizationId, req.query),
  );

  app.post(
    "/invitations",
    {
      config: { access: { action: "invitations.create" } },
      schema: {
        tags,
        summary: "Invite someone by email (a single-use link valid 7 days)",
        body: createInvitationBody,
        response: { 201: invitation, ...problems, 502: problems[400] },
      },
    },
    async (req, reply) => reply.status(201).send(await invites.create(actorOf(req), req.body)),
  );

  app.post(
    "/invitations/:id/resend",
    {
      config: { access: { action: "invitations.create" } },
      schema: {
        tags,
        summary: "Send a new link (the old one stops working) valid another 7 days",
        params: idParams,
        body: z.strictObject({}).optional(),
        response: { 200: invitation, ...problems, 502: problems[400] },
      },
    },
    async (req) => invites.resend(actorOf(req), req.params.id),
  );

  app.delete(
    "/invitations/:id",
    {
      config: { access: { action: "invitations.revoke" } },
      schema: {
        tags,
        summary: "Revoke a pending invitation",
        params: idParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (req, reply) => {
      await invites.revoke(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/invitations/lookup/:token",
    {
      config: { access: { public: true }, rateLimit },
      schema: {
        tags,
        summary: "What an invitation link is for (public: the link's secret is the credential)",
        params: lookupParams,
        response: { 200: invitationLookup, ...problems },
      },
    },
    async (req) => acceptance.lookup(req.params.token),
  );

  app.post(
    "/invitations/accept",
    {
      config: { access: { public: true }, rateLimit },
      schema: {
        tags,
        summary: "Accept an invitation: with a name and password (new account) or signed in as the invited person",
        body: acceptBody,
        response: { 200: acceptResult, ...problems },
      },
    },
    async (req, reply) => {
      const cookie = req.cookies[SESSION_COOKIE];
      const session = cookie ? await resolveSession(ctx.db, cookie) : null;
      const sent = req.headers["x-csrf-token"];
      const csrfOk = !!session && typeof sent === "string" && safeEqual(sent, session.csrfToken);
      const outcome = await acceptance.accept(req.body, {
        session,
        csrfOk,
        ip: req.ip,
        userAgent: req.headers["user-agent"],
        requestId: req.id,
      });
      if (outcome.newSessionToken) setSessionCookie(req, reply, outcome.newSessionToken);
      return { status: "signed_in" as const, organizationId: outcome.organizationId };
    },
  );
}
