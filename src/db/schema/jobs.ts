import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts } from "./common.ts";

export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey(),
    /** Null for installation-wide maintenance jobs. */
    organizationId: uuid("organization_id"),
    name: text("name").notNull(),
    payload: jsonb("payload").notNull().default({}),
    status: text("status").notNull().default("queued"),
    runAt: ts("run_at").notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    lockedBy: text("locked_by"),
    lockedUntil: ts("locked_until"),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    lastError: text("last_error"),
    progress: integer("progress"),
    progressMessage: text("progress_message"),
    result: jsonb("result"),
    /** A scheduled occurrence's key ("name@iso-time"): unique, so two workers cannot enqueue it twice. */
    dedupeKey: text("dedupe_key"),
    createdAt: createdAt(),
  },
  (t) => [
    index("jobs_ready").on(t.status, t.runAt),
    index("jobs_org_created").on(t.organizationId, t.createdAt),
    uniqueIndex("jobs_dedupe_key").on(t.dedupeKey),
  ],
);

export const jobSchedules = pgTable("job_schedules", {
  name: text("name").primaryKey(),
  intervalSeconds: integer("interval_seconds").notNull(),
  nextRunAt: ts("next_run_at").notNull(),
  lastEnqueuedAt: ts("last_enqueued_at"),
});
