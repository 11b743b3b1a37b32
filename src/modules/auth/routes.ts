import type { FastifyRequest } from "fastify";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sessionOf } from "../../kernel/http/request.ts";
import { AppError } from "../../platform/errors.ts";
import { sha256Hex } from "../../platform/tokens.ts";
import { emitPersonal, personalChange } from "./actors.ts";
import { clearSessionCookie, setSessionCookie } from "./cookie.ts";
import { signedOutEverywhere } from "./events.ts";
import { createPasswordResetService, RESET_VALID_MINUTES } from "./password-reset.ts";
import { loadSessionPayload, sessionPayloadSchema } from "./payload.ts";
import {
  acceptedResponse,
  emptyBody,
  mfaBody,
  noContent,
  passwordResetBody,
  passwordResetConfirmBody,
  signedInResponse,
  signInBody,
  signInResponse,
  switchOrganizationBody,
} from "./schema.ts";
import { createAuthService } from "./service.ts";
import { deleteSession, deleteUserSessions, SESSION_COOKIE } from "./sessions.ts";

const tags = ["auth"];
const meta = (req: FastifyRequest) => ({
  ip: req.ip,
  userAgent: req.headers["user-agent"],
  requestId: req.id,
});

export default async function routes(app: ApiApp, ctx: AppContext) {
  const auth = createAuthService({ db: ctx.db, keys: ctx.keys });
  const resets = createPasswordResetService({
    db: ctx.db,
    mailer: ctx.mailer,
    log: ctx.log,
    publicUrl: ctx.config.publicUrl,
  });
  /** Per client IP, on every route that checks a secret (lockout in lockout.ts works per account). */
  const rateLimit = {
    max: ctx.config.ASSAY_RATE_LIMIT_AUTH_PER_MINUTE,
    timeWindow: "1 minute",
    errorResponseBuilder: (_req: unknown, c: { after: string }) =>
      new AppError(429, "rate_limited", `Too many attempts from your network. Wait ${c.after} and try again.`),
  };

  app.post(
    "/auth/sign-in",
    {
      schema: {
        tags,
        summary: "Sign in with email and password",
        description: "Answers `mfa_required` when the person has MFA: finish with POST /auth/mfa.",
        body: signInBody,
        response: { 200: signInResponse },
      },
      config: { access: { public: true }, rateLimit },
    },
    async (req, reply) => {
      const result = await auth.signIn(req.body, meta(req));
      // A session already held by this browser is replaced, never kept alongside.
      const previous = req.cookies[SESSION_COOKIE];
      if (previous) await deleteSession(ctx.db, sha256Hex(previous));
      setSessionCookie(req, reply, result.token);
      const payload = await loadSessionPayload(ctx.db, result.sessionId);
      if (result.status === "mfa_required") return { status: "mfa_required" as const, csrfToken: payload.csrfToken };
      return { status: "signed_in" as const, ...payload };
    },
  );

  app.post(
    "/auth/mfa",
    {
      schema: {
        tags,
        summary: "Finish signing in with a TOTP or recovery code",
        body: mfaBody,
        response: { 200: signedInResponse },
      },
      config: { access: { signedIn: true, stage: "mfa" }, rateLimit },
    },
    async (req, reply) => {
      const s = await auth.completeMfa(sessionOf(req), req.body.code, meta(req));
      setSessionCookie(req, reply, s.token);
      return { status: "signed_in" as const, ...(await loadSessionPayload(ctx.db, s.sessionId)) };
    },
  );

  app.get(
    "/auth/session",
    {
      schema: {
        tags,
        summary: "The signed-in person, organization, role and CSRF token",
        response: { 200: sessionPayloadSchema },
      },
      config: { access: { signedIn: true, mfaEnrollment: true } },
    },
    async (req) => loadSessionPayload(ctx.db, sessionOf(req).id),
  );

  app.post(
    "/auth/sign-out",
    {
      schema: { tags, summary: "End this session", body: emptyBody, response: { 204: noContent } },
      config: { access: { signedIn: true, mfaEnrollment: true } },
    },
    async (req, reply) => {
      await deleteSession(ctx.db, sessionOf(req).id);
      clearSessionCookie(req, reply);
      return reply.status(204).send();
    },
  );

  app.post(
    "/auth/sign-out-everywhere",
    {
      schema: { tags, summary: "End every session of this person", body: emptyBody, response: { 204: noContent } },
      config: { access: { signedIn: true, mfaEnrollment: true } },
    },
    async (req, reply) => {
      const session = sessionOf(req);
      await personalChange(ctx.db, req.actor, async (c) => {
        await deleteUserSessions(c.tx, session.user.id);
        await emitPersonal(c, signedOutEverywhere, { userId: session.user.id });
      });
      clearSessionCookie(req, reply);
      return reply.status(204).send();
    },
  );

  app.post(
    "/auth/switch-organization",
    {
      schema: {
        tags,
        summary: "Make another of my organizations the current one",
        body: switchOrganizationBody,
        response: { 200: sessionPayloadSchema },
      },
      config: { access: { signedIn: true, mfaEnrollment: true } },
    },
    async (req) => {
      const session = sessionOf(req);
      await auth.switchOrganization(session, req.body.organizationId);
      return loadSessionPayload(ctx.db, session.id);
    },
  );

  app.post(
    "/auth/password-reset",
    {
      schema: {
        tags,
        summary: "Email a password reset link",
        description: "Always 202, whether or not an account exists for the address.",
        body: passwordResetBody,
        response: { 202: acceptedResponse },
      },
      config: { access: { public: true }, rateLimit },
    },
    async (req, reply) => {
      await resets.request(req.body.email);
      return reply.status(202).send({
        detail: `If an account exists for ${req.body.email.trim()}, we sent it a link to choose a new password. The link works once, for ${RESET_VALID_MINUTES} minutes.`,
      });
    },
  );

  app.post(
    "/auth/password-reset/confirm",
    {
      schema: {
        tags,
        summary: "Choose a new password with the emailed token",
        description: "Ends every session of the person.",
        body: passwordResetConfirmBody,
        response: { 204: noContent },
      },
      config: { access: { public: true }, rateLimit },
    },
    async (req, reply) => {
      await resets.confirm(req.body, { requestId: req.id });
      return reply.status(204).send();
    },
  );
}
