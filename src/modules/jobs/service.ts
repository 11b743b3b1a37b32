import { and, count, desc, eq, isNull, or, type SQL } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { jobs } from "../../db/schema/index.ts";
import { retryFailed } from "../../jobs/queue.ts";
import type { Job, JobStatus } from "../../jobs/registry.ts";
import { change } from "../../kernel/change.ts";
import { type Page, pageOffset } from "../../kernel/http/schemas.ts";
import { AppError, conflict, notFound } from "../../platform/errors.ts";
import { jobRetried } from "./events.ts";
import type { JobFilter } from "./schema.ts";

type OrgActor = Extract<Actor, { kind: "user" | "token" }>;

/** An organization sees its own jobs and the installation-wide maintenance jobs, never another organization's. */
const visibleTo = (organizationId: string) => or(eq(jobs.organizationId, organizationId), isNull(jobs.organizationId));

export const toSummary = (j: Job) => ({
  id: j.id,
  name: j.name,
  scope: j.organizationId ? ("organization" as const) : ("installation" as const),
  organizationId: j.organizationId,
  status: j.status as JobStatus,
  attempts: j.attempts,
  maxAttempts: j.maxAttempts,
  runAt: j.runAt,
  startedAt: j.startedAt,
  finishedAt: j.finishedAt,
  progress: j.progress,
  progressMessage: j.progressMessage,
  lastError: j.lastError,
  createdAt: j.createdAt,
});
/** What the ledger keeps about a failed job that is retried. */
export const retriedFrom = (j: Job) => ({
  name: j.name,
  status: j.status,
  attempts: j.attempts,
  lastError: j.lastError,
});

export const toDetail = (j: Job) => ({ ...toSummary(j), payload: j.payload, result: j.result, dedupeKey: j.dedupeKey });

/** Newest first; `organizationId` undefined lists every job of the installation (operator CLI). */
export async function listJobs(db: Db, organizationId: string | undefined, q: Partial<JobFilter> & Page) {
  const where = and(
    organizationId ? visibleTo(organizationId) : undefined,
    q.status ? eq(jobs.status, q.status) : undefined,
    q.name ? eq(jobs.name, q.name) : undefined,
  ) as SQL | undefined;
  const [{ total }] = (await db.select({ total: count() }).from(jobs).where(where)) as [{ total: number }];
  const rows = await db
    .select()
    .from(jobs)
    .where(where)
    .orderBy(desc(jobs.createdAt), desc(jobs.id))
    .limit(q.pageSize)
    .offset(pageOffset(q));
  return { items: rows, total: Number(total), page: q.page, pageSize: q.pageSize };
}

export function createJobsService({ db }: { db: Db }) {
  async function get(organizationId: string, id: string) {
    const [job] = await db
      .select()
      .from(jobs)
      .where(and(eq(jobs.id, id), visibleTo(organizationId)));
    if (!job) throw notFound("Job");
    return job;
  }

  return {
    async list(organizationId: string, q: JobFilter) {
      const page = await listJobs(db, organizationId, q);
      return { ...page, items: page.items.map(toSummary) };
    },

    get: async (organizationId: string, id: string) => toDetail(await get(organizationId, id)),

    /** Requeues one of the organization's failed jobs (recorded in the ledger). */
    async retry(actor: OrgActor, id: string) {
      const job = await get(actor.organizationId, id);
      if (!job.organizationId)
        throw new AppError(
          403,
          "installation_job",
          "This is an installation-wide maintenance job: the operator retries it with `assay jobs retry <id>`.",
        );
      if (job.status !== "failed")
        throw conflict("job_not_failed", `Only failed jobs can be retried; this job is ${job.status}.`);
      return change(db, actor, async ({ tx, emit }) => {
        const retried = await retryFailed(tx, id);
        if (!retried) throw conflict("job_not_failed", "The job changed meanwhile and is no longer failed.");
        await emit(jobRetried, { id, before: retriedFrom(job), after: { status: retried.status } });
        return toDetail(retried);
      });
    },
  };
}
