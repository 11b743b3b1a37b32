import { z } from "zod";
import { queryRows, sql } from "../../db/client.ts";
import { pendingMigrations } from "../../db/migrate.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { routesFor } from "../../kernel/http/route.ts";

const health = z.object({ status: z.string(), detail: z.string().optional() });

/** Liveness and readiness, outside /api/v1 so load balancers need no version (and out of the OpenAPI document). */
export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "health" });
  route.get(
    "/healthz",
    {
      operationId: "checkLiveness",
      summary: "Liveness: the process answers",
      access: { public: true },
      response: { 200: health },
    },
    async () => ({
      status: "ok",
    }),
  );
  route.get(
    "/readyz",
    {
      operationId: "checkReadiness",
      summary: "Readiness: the database answers and its migrations are current",
      access: { public: true },
      response: { 200: health, 503: health },
    },
    async (_req, reply) => {
      try {
        await queryRows(ctx.db, sql`SELECT 1`);
        const pending = await pendingMigrations(ctx.database);
        if (pending.length)
          return reply.status(503).send({ status: "migrating", detail: `pending: ${pending.join(", ")}` });
        return { status: "ready" };
      } catch {
        return reply.status(503).send({ status: "unavailable", detail: "database unreachable" });
      }
    },
  );
}
