import { z } from "zod";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
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

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "invitations" });
  const invites = createInvitationsService({
    db: ctx.db,
    mailer: ctx.mailer,
    log: ctx.log,
    publicUrl: ctx.config.publicUrl,
  });
  const acceptance = createAcceptService({ db: ctx.db });
  // Invitation secrets are 256-bit; the limit is against password-hashing floods on accept.
  const rateLimit = { max: ctx.config.ASSAY_RATE_LIMIT_AUTH_PER_MINUTE, timeWindow: 60_000 };

  route.get(
    "/invitations",
    {
      operationId: "listInvitations",
      summary: "Pending and expired invitations",
      access: "invitations.read",
      query: listInvitationsQuery,
      response: { 200: invitationList },
    },
    async (req) => invites.list(actorOf(req).organizationId, req.query),
  );

  route.post(
    "/invitations",
    {
      operationId: "createInvitation",
      summary: "Invite someone by email (a single-use link valid 7 days)",
      access: "invitations.create",
      body: createInvitationBody,
      response: { 201: invitation },
      errors: [502],
    },
    async (req, reply) => reply.status(201).send(await invites.create(actorOf(req), req.body)),
  );

  route.post(
    "/invitations/:id/resend",
    {
      operationId: "resendInvitation",
      summary: "Send a new link (the old one stops working) valid another 7 days",
      access: "invitations.create",
      params: idParams,
      body: z.strictObject({}).optional(),
      response: { 200: invitation },
      errors: [502],
    },
    async (req) => invites.resend(actorOf(req), req.params.id),
  );

  route.delete(
    "/invitations/:id",
    {
      operationId: "revokeInvitation",
      summary: "Revoke a pending invitation",
      access: "invitations.revoke",
      params: idParams,
      response: { 204: z.null() },
    },
    async (req, reply) => {
      await invites.revoke(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  route.get(
    "/invitations/lookup/:token",
    {
      operationId: "lookUpInvitation",
      summary: "What an invitation link is for (public: the link's secret is the credential)",
      access: { public: true },
      params: lookupParams,
      response: { 200: invitationLookup },
      config: { rateLimit },
    },
    async (req) => acceptance.lookup(req.params.token),
  );

  route.post(
    "/invitations/accept",
    {
      operationId: "acceptInvitation",
      summary: "Accept an invitation: with a name and password (new account) or signed in as the invited person",
      access: { public: true },
      body: acceptBody,
      response: { 200: acceptResult },
      config: { rateLimit },
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
      if (outcome.newSessionToken) setSessionCookie(req, reply, outcome.newSessionToken, ctx.config.publicUrl);
      return { status: "signed_in" as const, organizationId: outcome.organizationId };
    },
  );
}
