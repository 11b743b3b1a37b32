import type { AppContext } from "../../kernel/context.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { actorOf } from "../../kernel/http/request.ts";
import { idParams, problems } from "../../kernel/http/schemas.ts";
import { jobDetail, jobList, listJobsQuery, retryBody } from "./schema.ts";
import { createJobsService } from "./service.ts";

const tags = ["jobs"];

export default async function routes(app: ApiApp, ctx: AppContext) {
  const jobs = createJobsService({ db: ctx.db });

  app.get(
    "/jobs",
    {
      config: { access: { action: "jobs.read" } },
      schema: {
        tags,
        summary: "Background jobs of this organization and installation-wide maintenance jobs, newest first",
        querystring: listJobsQuery,
        response: { 200: jobList, ...problems },
      },
    },
    async (req) => jobs.list(actorOf(req).organizationId, req.query),
  );

  app.get(
    "/jobs/:id",
    {
      config: { access: { action: "jobs.read" } },
      schema: {
        tags,
        summary: "One job with its payload, result, progress and last error",
        params: idParams,
        response: { 200: jobDetail, ...problems },
      },
    },
    async (req) => jobs.get(actorOf(req).organizationId, req.params.id),
  );

  app.post(
    "/jobs/:id/retry",
    {
      config: { access: { action: "jobs.manage" } },
      schema: {
        tags,
        summary: "Run a failed job again now (with a fresh set of attempts)",
        params: idParams,
        body: retryBody,
        response: { 200: jobDetail, ...problems },
      },
    },
    async (req) => jobs.retry(actorOf(req), req.params.id),
  );
}
