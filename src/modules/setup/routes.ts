import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { createSession, loadSessionPayload, sessionPayloadSchema, setSessionCookie } from "../auth/public.ts";
import { setupBody, setupStatusResponse } from "./schema.ts";
import { createSetupService } from "./service.ts";

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "setup" });
  const setup = createSetupService({ db: ctx.db });

  route.get(
    "/setup/status",
    {
      operationId: "getSetupStatus",
      summary: "Whether this installation still needs its first organization",
      access: { public: true },
      response: { 200: setupStatusResponse },
    },
    async () => ({ needsSetup: await setup.needsSetup() }),
  );

  route.post(
    "/setup",
    {
      operationId: "setUpInstallation",
      summary: "Create the first organization and its owner, and sign the owner in",
      description: "Works once: afterwards it answers 409 `setup_closed`.",
      access: { public: true },
      body: setupBody,
      response: { 201: sessionPayloadSchema },
    },
    async (req, reply) => {
      const created = await setup.createFirstOrganization(req.body, { requestId: req.id });
      const s = await createSession(ctx.db, {
        userId: created.user.id,
        organizationId: created.organization.id,
        stage: "active",
        ip: req.ip,
        userAgent: req.headers["user-agent"],
      });
      setSessionCookie(req, reply, s.token, ctx.config.publicUrl);
      return reply.status(201).send(await loadSessionPayload(ctx.db, s.id, ctx.config));
    },
  );
}
