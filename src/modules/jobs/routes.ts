import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { routesFor } from "../../kernel/http/route.ts";
import { idParams } from "../../kernel/http/schemas.ts";
import { jobDetail, jobList, listJobsQuery, retryBody } from "./schema.ts";
import { createJobsService } from "./service.ts";

export default async function routes(app: ApiApp, ctx: AppContext) {
  const route = routesFor(app, { tag: "jobs" });
  const jobs = createJobsService({ db: ctx.db });

  route.get(
    "/jobs",
    {
      operationId: "listJobs",
      summary: "Background jobs of this organization and installation-wide maintenance jobs, newest first",
      access: "jobs.read",
      query: listJobsQuery,
      response: { 200: jobList },
    },
    async (req) => jobs.list(actorOf(req).organizationId, req.query),
  );

  route.get(
    "/jobs/:id",
    {
      operationId: "getJob",
      summary: "One job with its payload, result, progress and last error",
      access: "jobs.read",
      params: idParams,
      response: { 200: jobDetail },
    },
    async (req) => jobs.get(actorOf(req).organizationId, req.params.id),
  );

  route.post(
    "/jobs/:id/retry",
    {
      operationId: "retryJob",
      summary: "Run a failed job again now (with a fresh set of attempts)",
      access: "jobs.manage",
      params: idParams,
      body: retryBody,
      response: { 200: jobDetail },
    },
    async (req) => jobs.retry(actorOf(req), req.params.id),
  );
}
