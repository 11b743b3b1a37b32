import type { FastifyInstance } from "fastify";
import type { AppContext } from "../kernel/context.ts";
import { can, POLICY } from "../kernel/policies.ts";
import { resolveSession, SESSION_COOKIE } from "../modules/auth/sessions.ts";
import { resolveApiToken } from "../modules/tokens/resolve.ts";
import { AppError, forbidden, unauthorized } from "../platform/errors.ts";
import { safeEqual } from "../platform/tokens.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function installAccessControl(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest("session", null);
  app.decorateRequest("actor", null);

  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/v1")) return;
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${route.method} ${route.url} declares no config.access`);
    if ("action" in access && !POLICY[access.action])
      throw new Error(`Route ${route.method} ${route.url} uses undeclared action ${access.action}`);
  });

  app.addHook("preHandler", async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access || "public" in access) return;

    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (bearer) {
      const actor = await resolveApiToken(ctx.db, bearer);
      if (!actor) throw new AppError(401, "invalid_token", "The API token is unknown, revoked or expired.");
      if ("signedIn" in access && !access.tokens)
        throw forbidden("This endpoint needs a signed-in browser session, not an API token.");
      req.actor = { ...actor, requestId: req.id };
      if ("action" in access && !can(req.actor, access.action)) throw forbidden();
      return;
    }

    const cookie = req.cookies[SESSION_COOKIE];
    const session = cookie ? await resolveSession(ctx.db, cookie) : null;
    if (!session) throw unauthorized("Your session has ended or you are not signed in. Sign in to continue.");
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.headers["x-csrf-token"];
      if (typeof sent !== "string" || !safeEqual(sent, session.csrfToken))
        throw new AppError(403, "csrf_failed", "Missing or wrong CSRF token. Reload the page and try again.");
    }
    req.session = session;

    const wantsMfaStage = "signedIn" in access && access.stage === "mfa";
    if (session.stage === "mfa" && !wantsMfaStage)
      throw new AppError(401, "mfa_required", "Enter the code from your authenticator app to finish signing in.");
    if (session.stage === "active" && wantsMfaStage)
      throw new AppError(409, "already_signed_in", "You are already signed in.");
    if (session.orgRequiresMfa && !session.user.mfaEnabled && !access.mfaEnrollment)
      throw new AppError(
        403,
        "mfa_enrollment_required",
        "Your organization requires multi-factor authentication. Set up an authenticator app to continue.",
      );

    if (session.organizationId && session.role) {
      req.actor = {
        kind: "user",
        userId: session.user.id,
        email: session.user.email,
        name: session.user.name,
        organizationId: session.organizationId,
        role: session.role,
        sessionId: session.id,
        requestId: req.id,
      };
    }
    if ("action" in access) {
      if (!req.actor)
        throw new AppError(403, "no_organization", "Choose an organization first: you are not a member of any yet.");
      if (!can(req.actor, access.action)) throw forbidden();
    }
  });
}
