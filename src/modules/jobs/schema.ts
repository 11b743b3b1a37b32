import { z } from "zod";
import { JOB_STATUSES } from "../../jobs/registry.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

export const listJobsQuery = z.strictObject({
  status: z.enum(JOB_STATUSES).optional(),
  name: z.string().trim().min(1).max(200).optional().describe("Exact job name, e.g. ledger.checkpoint"),
  ...pageQuery,
});
export type JobFilter = z.infer<typeof listJobsQuery>;

export const jobSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  /** installation: maintenance shared by every organization (organizationId null). */
  scope: z.enum(["organization", "installation"]),
  organizationId: z.uuid().nullable(),
  status: z.enum(JOB_STATUSES),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  progress: z.number().int().nullable(),
  progressMessage: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
});
export const jobDetail = jobSummary.extend({
  payload: z.unknown(),
  result: z.unknown(),
  dedupeKey: z.string().nullable(),
});
export const jobList = pageOf(jobSummary);
export const retryBody = z.strictObject({}).optional();
