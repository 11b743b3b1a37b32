import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { createSession, loadSessionPayload, sessionPayloadSchema, setSessionCookie } from "../auth/public.ts";
import { setupBody, setupStatusResponse } from "./schema.ts";
import { createSetupService } from "./service.ts";

const tags = ["setup"];

export default async function routes(app: ApiApp, ctx: AppContext) {
  const setup = createSetupService({ db: ctx.db });

  app.get(
    "/setup/status",
    {
      schema: {
        tags,
        summary: "Whether this installation still needs its first organization",
        response: { 200: setupStatusResponse },
      },
      config: { access: { public: true } },
    },
    async () => ({ needsSetup: await setup.needsSetup() }),
  );

  app.post(
    "/setup",
    {
      schema: {
        tags,
        summary: "Create the first organization and its owner, and sign the owner in",
        description: "Works once: afterwards it answers 409 `setup_closed`.",
        body: setupBody,
        response: { 201: sessionPayloadSchema },
      },
      config: { access: { public: true } },
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
      setSessionCookie(req, reply, s.token);
      return reply.status(201).send(await loadSessionPayload(ctx.db, s.id));
    },
  );
}
