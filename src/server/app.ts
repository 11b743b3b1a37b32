import cookie from "@fastify/cookie";
import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type RouteOptions } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { newId, UUID_PATTERN } from "../core/id.ts";
import type { AppContext } from "../kernel/context.ts";
import type { ApiApp } from "../kernel/http/api-app.ts";
import { checkRouteDeclarations } from "../kernel/http/route.ts";
import { problem } from "../kernel/http/schemas.ts";
import { registerPolicy } from "../kernel/policies.ts";
import agentScripts from "../modules/agent/script-routes.ts";
import health from "../modules/health/routes.ts";
import { MANIFESTS } from "../modules/manifests.ts";
import { loggerOptions } from "../platform/logger.ts";
import { installAccessControl } from "./access.ts";
import { installErrorHandling } from "./errors.ts";
import { openApiOptions } from "./openapi.ts";
import { installTextGuard } from "./text-guard.ts";
import { installWeb } from "./web.ts";

// The problem+json body is one `Problem` component in the OpenAPI document ($ref), not a copy per error response.
if (!z.globalRegistry.has(problem)) z.globalRegistry.add(problem, { id: "Problem" });

let policiesRegistered = false;
function registerPolicies() {
  if (policiesRegistered) return;
  for (const m of MANIFESTS) registerPolicy(m.policy);
  policiesRegistered = true;
}

export interface BuildOptions {
  /** Pass false in tests to keep the output quiet. */
  logger?: boolean;
  /** Called for every route as it is registered (the organization-isolation test collects routes this way). */
  onRoute?: (route: RouteOptions) => void;
}

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<ApiApp> {
  registerPolicies();
  const app = Fastify({
    logger: opts.logger === false ? false : loggerOptions(ctx.config),
    bodyLimit: ctx.config.ASSAY_BODY_LIMIT_BYTES,
    trustProxy: ctx.config.ASSAY_TRUST_PROXY,
    requestIdHeader: "x-request-id",
    genReqId: (req) => {
      const incoming = req.headers["x-request-id"];
      return typeof incoming === "string" && UUID_PATTERN.test(incoming) ? incoming : newId();
    },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  if (opts.onRoute) app.addHook("onRoute", opts.onRoute);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook("onSend", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });

  installErrorHandling(app);
  installTextGuard(app);
  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: ctx.config.publicUrl.startsWith("https://"),
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, openApiOptions);
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  // The docs page loads nothing from outside the installation: no staticCSP (its CSP allows any https: font and
  // style and validator.swagger.io images), so the app's own CSP above applies; no online validator badge (it
  // would send the whole document to validator.swagger.io); the base layout, without the top bar (its Swagger logo
  // carries an inline <style> that CSP refuses, and its box would fetch any URL typed into it).
  await app.register(swaggerUi, {
    routePrefix: "/api/docs",
    validatorUrl: false,
    uiConfig: { layout: "BaseLayout" },
  });

  installAccessControl(app, ctx);
  checkRouteDeclarations(app);
  await app.register(async (scope) => health(scope as ApiApp, ctx));
  await app.register(async (scope) => agentScripts(scope as ApiApp, ctx));
  for (const m of MANIFESTS) {
    const routes = m.routes;
    if (routes) await app.register(async (scope) => routes(scope as ApiApp, ctx), { prefix: "/api/v1" });
  }
  await installWeb(app);
  return app as unknown as ApiApp;
}
