import type { FastifyRequest } from "fastify";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { sessionOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { AppError } from "../../platform/errors.ts";
import { sha256Hex } from "../../platform/tokens.ts";
import { clearSessionCookie, setSessionCookie } from "./cookie.ts";
import { createPasswordResetService, RESET_VALID_MINUTES, resetRequestsSettled } from "./password-reset.ts";
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
  signOutEverywhereBody,
  switchOrganizationBody,
  tokensOutcomeResponse,
} from "./schema.ts";
import { createAuthService } from "./service.ts";
import { deleteSession, SESSION_COOKIE } from "./sessions.ts";
import { signOutEverywhere, tokensOutcome } from "./sign-out-everywhere.ts";

const meta = (req: FastifyRequest) => ({
  ip: req.ip,
  userAgent: req.headers["user-agent"],
  requestId: req.id,
});

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "auth" });
  const auth = createAuthService({ db: ctx.db, keys: ctx.keys });
  const resets = createPasswordResetService({
    db: ctx.db,
    mailer: ctx.mailer,
    log: ctx.log,
    publicUrl: ctx.config.publicUrl,
  });
  app.addHook("onClose", resetRequestsSettled);
  /** Per client IP, on every route that checks a secret (lockout in lockout.ts works per account). */
  const rateLimit = {
    max: ctx.config.ASSAY_RATE_LIMIT_AUTH_PER_MINUTE,
    timeWindow: "1 minute",
    errorResponseBuilder: (_req: unknown, c: { after: string }) =>
      new AppError(429, "rate_limited", `Too many attempts from your network. Wait ${c.after} and try again.`),
  };

  route.post(
    "/auth/sign-in",
    {
      operationId: "signIn",
      summary: "Sign in with email and password",
      description: "Answers `mfa_required` when the person has MFA: finish with POST /auth/mfa.",
      access: { public: true },
      body: signInBody,
      response: { 200: signInResponse },
      errors: [401],
      config: { rateLimit },
    },
    async (req, reply) => {
      const result = await auth.signIn(req.body, meta(req));
      // A session already held by this browser is replaced, never kept alongside.
      const previous = req.cookies[SESSION_COOKIE];
      if (previous) await deleteSession(ctx.db, sha256Hex(previous));
      setSessionCookie(req, reply, result.token, ctx.config.publicUrl);
      const payload = await loadSessionPayload(ctx.db, result.sessionId, ctx.config);
      if (result.status === "mfa_required") return { status: "mfa_required" as const, csrfToken: payload.csrfToken };
      return { status: "signed_in" as const, ...payload };
    },
  );

  route.post(
    "/auth/mfa",
    {
      operationId: "completeMfaSignIn",
      summary: "Finish signing in with a TOTP or recovery code",
      access: { signedIn: true, stage: "mfa" },
      body: mfaBody,
      response: { 200: signedInResponse },
      errors: [423],
      config: { rateLimit },
    },
    async (req, reply) => {
      const s = await auth.completeMfa(sessionOf(req), req.body.code, meta(req));
      setSessionCookie(req, reply, s.token, ctx.config.publicUrl);
      return { status: "signed_in" as const, ...(await loadSessionPayload(ctx.db, s.sessionId, ctx.config)) };
    },
  );

  route.get(
    "/auth/session",
    {
      operationId: "getSession",
      summary: "The signed-in person, organization, role and CSRF token",
      access: { signedIn: true, mfaEnrollment: true },
      response: { 200: sessionPayloadSchema },
    },
    async (req) => loadSessionPayload(ctx.db, sessionOf(req).id, ctx.config),
  );

  route.post(
    "/auth/sign-out",
    {
      operationId: "signOut",
      summary: "End this session",
      access: { signedIn: true, mfaEnrollment: true },
      body: emptyBody,
      response: { 204: noContent },
    },
    async (req, reply) => {
      await deleteSession(ctx.db, sessionOf(req).id);
      clearSessionCookie(req, reply, ctx.config.publicUrl);
      return reply.status(204).send();
    },
  );

  route.post(
    "/auth/sign-out-everywhere",
    {
      operationId: "signOutEverywhere",
      summary: "End every session of this person",
      description:
        "With `revokeApiTokens: true`, also revokes every API token of the person (default: they keep working).",
      access: { signedIn: true, mfaEnrollment: true },
      body: signOutEverywhereBody,
      response: { 200: tokensOutcomeResponse },
    },
    async (req, reply) => {
      const revokeApiTokens = req.body?.revokeApiTokens ?? false;
      const revoked = await signOutEverywhere(ctx.db, req.actor, sessionOf(req).user, {
        revokeApiTokens,
        requestId: req.id,
      });
      clearSessionCookie(req, reply, ctx.config.publicUrl);
      return tokensOutcome("Every session of yours has ended, on every device.", revokeApiTokens, revoked);
    },
  );

  route.post(
    "/auth/switch-organization",
    {
      operationId: "switchOrganization",
      summary: "Make another of my organizations the current one",
      access: { signedIn: true, mfaEnrollment: true },
      body: switchOrganizationBody,
      response: { 200: sessionPayloadSchema },
    },
    async (req) => {
      const session = sessionOf(req);
      await auth.switchOrganization(session, req.body.organizationId);
      return loadSessionPayload(ctx.db, session.id, ctx.config);
    },
  );

  route.post(
    "/auth/password-reset",
    {
      operationId: "requestPasswordReset",
      summary: "Email a password reset link",
      description: "Always 202, whether or not an account exists for the address.",
      access: { public: true },
      body: passwordResetBody,
      response: { 202: acceptedResponse },
      config: { rateLimit },
    },
    async (req, reply) => {
      // Handed over once the answer has gone: no answer then waits for the lookup, the write or SMTP.
      reply.raw.once("close", () => resets.request(req.body.email));
      return reply.status(202).send({
        detail: `If an account exists for ${req.body.email.trim()}, we are sending it a link to choose a new password. The link works once, for ${RESET_VALID_MINUTES} minutes.`,
      });
    },
  );

  route.post(
    "/auth/password-reset/confirm",
    {
      operationId: "confirmPasswordReset",
      summary: "Choose a new password with the emailed token",
      description:
        "Ends every session of the person; with `revokeApiTokens: true`, also revokes every API token of theirs (default: they keep working).",
      access: { public: true },
      body: passwordResetConfirmBody,
      response: { 200: tokensOutcomeResponse },
      config: { rateLimit },
    },
    async (req) => {
      const revoked = await resets.confirm(req.body, { requestId: req.id });
      return tokensOutcome(
        "Your password is changed and every session of yours has ended.",
        req.body.revokeApiTokens,
        revoked,
      );
    },
  );
}
