import type { Command } from "commander";
import { eq } from "drizzle-orm";
import pino from "pino";
import { z } from "zod";
import { installationActor, systemActor } from "../../core/actor.ts";
import { openDatabase } from "../../db/client.ts";
import { listMigrations, migrate } from "../../db/migrate.ts";
import { jobs } from "../../db/schema/index.ts";
import { retryFailed } from "../../jobs/queue.ts";
import { JOB_STATUSES } from "../../jobs/registry.ts";
import { startWorker } from "../../jobs/worker.ts";
import { change } from "../../kernel/change.ts";
import { loadKeysFor } from "../../ledger/keys.ts";
import { jobRetried } from "../../modules/jobs/events.ts";
import { listJobs, retriedFrom, toDetail, toSummary } from "../../modules/jobs/service.ts";
import { sealLegacyChains } from "../../modules/ledger/legacy.ts";
import { loggerOptions } from "../../platform/logger.ts";
import { createContext, databaseOptions } from "../../server/bootstrap.ts";
import { CliError, EXIT, printJson, printList } from "../output.ts";
import { cliConfig, withContext } from "./ledger.ts";

const positiveInt = (name: string, max: number) => (v: string) => {
  const n = z.coerce.number().int().min(1).max(max).safeParse(v);
  if (!n.success) throw new CliError(`${name} must be a whole number from 1 to ${max} (got "${v}").`, EXIT.usage);
  return n.data;
};

/** `assay worker`: runs jobs until SIGTERM/SIGINT, then lets running jobs finish and exits 0. */
async function runWorker(opts: { concurrency: number }) {
  const config = cliConfig();
  const log = pino(loggerOptions(config));
  // Handlers first: a signal during start-up (migrations) still ends in a clean stop.
  let stopping = false;
  const started = (async () => {
    const ctx = await createContext(config, log);
    const worker = startWorker(ctx, { concurrency: opts.concurrency });
    log.info({ worker: worker.id, concurrency: opts.concurrency, database: ctx.database.kind }, "worker started");
    return { ctx, worker };
  })();
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "worker stopping: letting running jobs finish");
    const { ctx, worker } = await started;
    await worker.stop();
    await ctx.database.close();
    log.info("worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  await started;
}

/** `assay db migrate`: applies pending migrations (PostgreSQL: one process at a time, under an advisory lock). */
async function runMigrate(opts: { json?: boolean }) {
  const config = cliConfig();
  const database = await openDatabase(databaseOptions(config));
  try {
    const applied = await migrate(database);
    await sealLegacyChains(database.db, loadKeysFor(database.db, config), applied, pino(pino.destination(2)));
    const total = listMigrations().length;
    if (opts.json) printJson({ applied, total, database: database.kind });
    else if (applied.length)
      process.stdout.write(
        `Applied ${applied.length} migration${applied.length === 1 ? "" : "s"} to the ${database.kind} database: ${applied.join(", ")}\n`,
      );
    else process.stdout.write(`The ${database.kind} database is up to date (${total} migrations).\n`);
  } finally {
    await database.close();
  }
}

interface ListOptions {
  status?: string;
  name?: string;
  limit: number;
  json?: boolean;
}

async function runList(opts: ListOptions) {
  const status = opts.status ? z.enum(JOB_STATUSES).safeParse(opts.status) : null;
  if (status && !status.success)
    throw new CliError(`--status must be one of ${JOB_STATUSES.join(", ")} (got "${opts.status}").`, EXIT.usage);
  const page = await withContext((ctx) =>
    listJobs(ctx.db, undefined, { status: status?.data, name: opts.name, page: 1, pageSize: opts.limit }),
  );
  const rows = page.items.map(toSummary);
  if (opts.json) return printJson(rows);
  printList(
    rows.map((j) => ({
      id: j.id,
      name: j.name,
      status: j.status,
      attempts: `${j.attempts}/${j.maxAttempts}`,
      progress: j.progress == null ? "" : `${j.progress}%`,
      runAt: j.runAt,
      organization: j.organizationId ?? "(installation)",
      error: j.lastError?.slice(0, 60) ?? "",
    })),
    {},
  );
  if (page.total > rows.length) process.stdout.write(`… ${page.total - rows.length} more (use --limit)\n`);
}

async function runRetry(id: string, opts: { json?: boolean }) {
  if (!z.uuid().safeParse(id).success)
    throw new CliError(`"${id}" is not a job id (a UUID from \`assay jobs list\`).`, EXIT.usage);
  const job = await withContext(async (ctx) => {
    const [before] = await ctx.db.select().from(jobs).where(eq(jobs.id, id));
    if (!before) throw new CliError(`No job has the id ${id}.`, EXIT.failure);
    // An organization's job is recorded in its ledger; an installation-wide one belongs to no ledger.
    const org = before.organizationId;
    return change(
      ctx.db,
      org ? systemActor(org, "cli") : installationActor("cli"),
      async (c) => {
        const retried = await retryFailed(c.tx, id);
        if (!retried)
          throw new CliError(`Only failed jobs can be retried; this job is ${before.status}.`, EXIT.failure);
        if (org) await c.emit(jobRetried, { id, before: retriedFrom(before), after: { status: retried.status } });
        return retried;
      },
      { organizationId: org },
    );
  });
  if (opts.json) printJson(toDetail(job));
  else process.stdout.write(`Job ${job.id} (${job.name}) is queued again.\n`);
}

export function register(program: Command) {
  program
    .command("worker")
    .description("Run background jobs and recurring schedules (run as many as you like against one PostgreSQL)")
    .option("--concurrency <n>", "jobs run at once by this process", positiveInt("--concurrency", 64), 2)
    .addHelpText(
      "after",
      "\nUses DATABASE_URL (several workers may share it), else the embedded database in ASSAY_DATA_DIR (then only\n" +
        "one process may open it: `assay serve` already runs a worker unless started with --no-worker).\n" +
        "SIGTERM or Ctrl-C stops claiming new jobs, waits for running ones, then exits 0.",
    )
    .action(runWorker);

  program
    .command("db")
    .description("Database maintenance")
    .command("migrate")
    .description("Apply pending database migrations and print what was applied")
    .option("--json", "print { applied, total, database } as JSON")
    .addHelpText(
      "after",
      "\nSafe to run from several processes at once on PostgreSQL: an advisory lock lets one migrate, the others wait.\n" +
        "`assay serve` and `assay worker` also migrate at start.",
    )
    .action(runMigrate);

  const jobsCmd = program.command("jobs").description("Background jobs of the whole installation");
  jobsCmd
    .command("list")
    .description("Recent jobs, newest first, with status, attempts, progress and last error")
    .option("--status <status>", `only jobs with this status (${JOB_STATUSES.join(", ")})`)
    .option("--name <name>", "only jobs with this name, e.g. ledger.checkpoint")
    .option("--limit <n>", "how many jobs to show", positiveInt("--limit", 1000), 25)
    .option("--json", "print the jobs as JSON")
    .action(runList);
  jobsCmd
    .command("retry <id>")
    .description("Queue a failed job again now, with a fresh set of attempts")
    .option("--json", "print the job as JSON")
    .action(runRetry);
}
