import { randomBytes } from "node:crypto";
import os from "node:os";
import { errorMessageForPeople } from "../db/errors.ts";
import type { AppContext } from "../kernel/context.ts";
import { onJobsCommitted } from "../kernel/outbox.ts";
import { defaultSchedules } from "./builtin.ts";
import { claim, complete, DEFAULT_BACKOFF, fail, heartbeat, recoverExpiredLeases, reportProgress } from "./queue.ts";
import { type Job, JobSkipped, jobDefinition, PermanentJobError } from "./registry.ts";
import { ensureSchedules, type ScheduleDefinition, tick } from "./scheduler.ts";

export interface Worker {
  readonly id: string;
  /** Stops claiming, lets running jobs finish, then resolves. */
  stop(): Promise<void>;
}

export interface WorkerOptions {
  /** Jobs run at once by this worker. Default 2. */
  concurrency?: number;
  /** Idle polling interval. Default 500 ms; the worker polls again at once after finishing a job. */
  pollMs?: number;
  /** How long a claimed job stays ours without a heartbeat. Default 60 s; heartbeats every third of it. */
  leaseSeconds?: number;
  /** Recurring schedules this worker enqueues; false for none. Default: the installation's built-in schedules. */
  schedules?: readonly ScheduleDefinition[] | false;
}

const RECOVER_EVERY_MS = 5_000;

/** Polls the queue, runs handlers, heartbeats leases and ticks the scheduler until stopped. */
export function startWorker(ctx: AppContext, opts: WorkerOptions = {}): Worker {
  const id = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const concurrency = Math.max(1, opts.concurrency ?? 2);
  const pollMs = opts.pollMs ?? 500;
  const leaseSeconds = opts.leaseSeconds ?? 60;
  const schedules = opts.schedules === false ? [] : (opts.schedules ?? defaultSchedules(ctx.config));
  const log = ctx.log.child({ worker: id });
  const running = new Map<string, Promise<void>>();
  let stopping = false;
  let wake = () => {};
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
    });

  const beat = setInterval(
    () => {
      heartbeat(ctx.db, [...running.keys()], id, leaseSeconds).catch((err) =>
        log.warn({ err }, "could not extend job leases"),
      );
    },
    (leaseSeconds * 1000) / 3,
  );
  beat.unref();

  function run(job: Job) {
    const def = jobDefinition(job.name);
    const started = Date.now();
    const done = (async () => {
      try {
        if (!def) throw new Error(`No handler for job "${job.name}" in this worker: is it running an older version?`);
        const result = await def.run(ctx, job, {
          progress: (percent, message) => reportProgress(ctx.db, job.id, id, percent, message),
        });
        await complete(ctx.db, job.id, id, result);
        log.info(
          { jobId: job.id, job: job.name, dedupeKey: job.dedupeKey, attempt: job.attempts, ms: Date.now() - started },
          "job succeeded",
        );
      } catch (err) {
        if (err instanceof JobSkipped) {
          await complete(ctx.db, job.id, id, err.result, { reason: err.message }).catch((dbErr) =>
            log.error({ err: dbErr, jobId: job.id }, "could not record a skipped job"),
          );
          log.info({ jobId: job.id, job: job.name, reason: err.message }, "job skipped");
          return;
        }
        // The job's error is shown in the jobs API and UI: never the internal SQL of a database error (logged below).
        const message = errorMessageForPeople(err, `job ${job.id}`);
        try {
          const status = await fail(ctx.db, job, id, message, {
            permanent: err instanceof PermanentJobError,
            backoff: {
              baseSeconds: def?.retryBaseSeconds ?? DEFAULT_BACKOFF.baseSeconds,
              maxSeconds: def?.retryMaxSeconds ?? DEFAULT_BACKOFF.maxSeconds,
            },
          });
          log.warn({ jobId: job.id, job: job.name, attempt: job.attempts, status, err }, "job failed");
        } catch (dbErr) {
          // The lease will expire and another run will pick the job up again.
          log.error({ err: dbErr, jobId: job.id }, "could not record a job failure");
        }
      } finally {
        running.delete(job.id);
        wake();
      }
    })();
    running.set(job.id, done);
  }

  /** Lets each recovered job's definition release what its lost run held (a sync's claim on its connection). */
  async function releaseLostRuns(recovered: Job[]) {
    for (const job of recovered) {
      const hook = jobDefinition(job.name)?.onLeaseExpired;
      if (!hook) continue;
      try {
        await hook(ctx, job);
      } catch (err) {
        log.error({ err, jobId: job.id, job: job.name }, "could not release what a lost job run held");
      }
    }
  }

  const loop = (async () => {
    let lastTick = 0;
    let lastRecover = 0;
    let schedulesReady = schedules.length === 0;
    while (!stopping) {
      let busy = false;
      try {
        if (!schedulesReady) {
          await ensureSchedules(ctx.db, schedules);
          schedulesReady = true;
        }
        const now = Date.now();
        if (schedules.length && now - lastTick >= pollMs) {
          lastTick = now;
          await tick(ctx.db);
        }
        if (now - lastRecover >= RECOVER_EVERY_MS) {
          lastRecover = now;
          const recovered = await recoverExpiredLeases(ctx.db);
          if (recovered.length) {
            log.warn({ recovered: recovered.map((j) => j.id) }, "requeued jobs whose worker stopped responding");
            await releaseLostRuns(recovered);
          }
        }
        const free = concurrency - running.size;
        if (free > 0 && !stopping) {
          const claimed = await claim(ctx.db, id, free, leaseSeconds);
          for (const job of claimed) run(job);
          busy = claimed.length === free;
        }
      } catch (err) {
        log.error({ err }, "job worker poll failed; retrying");
      }
      if (!stopping && !busy) await nap(pollMs);
    }
  })();

  // A change that committed jobs in this process nudges the worker instead of waiting for the next poll.
  const unsubscribe = onJobsCommitted(() => wake());
  log.debug({ concurrency }, "job worker started");
  return {
    id,
    async stop() {
      stopping = true;
      unsubscribe();
      wake();
      await loop;
      await Promise.all(running.values());
      clearInterval(beat);
      log.debug("job worker stopped");
    },
  };
}
