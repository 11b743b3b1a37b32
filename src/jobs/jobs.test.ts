import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestContext, dbKind, type TestContext } from "../../test/context.ts";
import { seedOrg, seedUser } from "../../test/seed.ts";
import { systemActor } from "../core/actor.ts";
import { jobSchedules, jobs, ledgerCheckpoints, sessions } from "../db/schema/index.ts";
import { change } from "../kernel/change.ts";
import { appendLedger } from "../ledger/append.ts";
import { createSession } from "../modules/auth/sessions.ts";
import { defaultSchedules } from "./builtin.ts";
import {
  claim,
  complete,
  enqueue,
  fail,
  heartbeat,
  recoverExpiredLeases,
  reportProgress,
  retryDelaySeconds,
  retryFailed,
} from "./queue.ts";
import { type Job, registerJob } from "./registry.ts";
import { ensureSchedules, occurrenceKey, tick } from "./scheduler.ts";
import { startWorker, type Worker } from "./worker.ts";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx.close();
});
beforeEach(async () => {
  await ctx.db.delete(jobs);
  await ctx.db.delete(jobSchedules);
});

const load = async (id: string) => (await ctx.db.select().from(jobs).where(eq(jobs.id, id)))[0]!;
async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const past = (seconds: number) => new Date(Date.now() - seconds * 1000);

describe(`job queue on ${dbKind}`, () => {
  it("enqueues once per dedupe key and claims only due jobs", async () => {
    const a = await enqueue(ctx.db, { name: "demo.sleep", dedupeKey: "k1", payload: { ms: 1 } });
    expect(a).toMatchObject({ status: "queued", attempts: 0, maxAttempts: 5 });
    expect(await enqueue(ctx.db, { name: "demo.sleep", dedupeKey: "k1" })).toBeNull();
    const later = await enqueue(ctx.db, { name: "demo.sleep", runAt: new Date(Date.now() + 60_000) });

    const claimed = await claim(ctx.db, "w1", 10, 30);
    expect(claimed.map((j) => j.id)).toEqual([a!.id]);
    expect(claimed[0]).toMatchObject({ status: "running", attempts: 1, lockedBy: "w1", progress: 0 });
    expect(claimed[0]!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(await claim(ctx.db, "w2", 10, 30)).toEqual([]);
    expect((await load(later!.id)).status).toBe("queued");
  });

  it("never hands the same job to two claimers", async () => {
    for (let i = 0; i < 24; i++) await enqueue(ctx.db, { name: "demo.sleep", runAt: past(1) });
    const batches = await Promise.all(Array.from({ length: 6 }, (_, i) => claim(ctx.db, `w${i}`, 5, 30)));
    const ids = batches.flat().map((j) => j.id);
    expect(ids).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
  });

  it("completes, reports progress, and ignores a worker that lost its lease", async () => {
    const job = (await enqueue(ctx.db, { name: "demo.sleep" }))!;
    await claim(ctx.db, "w1", 1, 30);
    await reportProgress(ctx.db, job.id, "w1", 42.4, "halfway");
    expect(await load(job.id)).toMatchObject({ progress: 42, progressMessage: "halfway" });
    await reportProgress(ctx.db, job.id, "w2", 99);
    expect((await load(job.id)).progress).toBe(42);
    expect(await complete(ctx.db, job.id, "w2", { nope: true })).toBe(false);
    expect(await complete(ctx.db, job.id, "w1", { done: 1 })).toBe(true);
    expect(await load(job.id)).toMatchObject({
      status: "succeeded",
      progress: 100,
      result: { done: 1 },
      lockedBy: null,
    });
  });

  it("retries with exponential backoff and jitter, then fails for good", async () => {
    const job = (await enqueue(ctx.db, { name: "demo.sleep", maxAttempts: 2 }))!;
    const [first] = await claim(ctx.db, "w1", 1, 30);
    expect(await fail(ctx.db, first!, "w1", "boom", { backoff: { baseSeconds: 100, maxSeconds: 1000 } })).toBe(
      "queued",
    );
    const queued = await load(job.id);
    expect(queued).toMatchObject({ status: "queued", lastError: "boom", lockedBy: null });
    const delay = (queued.runAt.getTime() - Date.now()) / 1000;
    expect(delay).toBeGreaterThan(45);
    expect(delay).toBeLessThan(101);
    await ctx.db
      .update(jobs)
      .set({ runAt: past(1) })
      .where(eq(jobs.id, job.id));
    const [second] = await claim(ctx.db, "w1", 1, 30);
    expect(second!.attempts).toBe(2);
    expect(await fail(ctx.db, second!, "w1", "boom again")).toBe("failed");
    expect(await load(job.id)).toMatchObject({ status: "failed", lastError: "boom again" });
    expect((await load(job.id)).finishedAt).toBeInstanceOf(Date);

    const again = (await retryFailed(ctx.db, job.id))!;
    expect(again).toMatchObject({ status: "queued", attempts: 0 });
    expect(await retryFailed(ctx.db, job.id)).toBeNull();
  });

  it("computes bounded delays", () => {
    const policy = { baseSeconds: 10, maxSeconds: 60 };
    expect(retryDelaySeconds(1, policy, () => 0)).toBe(5);
    expect(retryDelaySeconds(1, policy, () => 1)).toBe(10);
    expect(retryDelaySeconds(3, policy, () => 1)).toBe(40);
    expect(retryDelaySeconds(30, policy, () => 1)).toBe(60);
    expect(retryDelaySeconds(30, policy, () => 0)).toBe(30);
  });

  it("requeues a job whose worker died (lease expired), and fails it once attempts are used up", async () => {
    const job = (await enqueue(ctx.db, { name: "demo.sleep", maxAttempts: 2 }))!;
    await claim(ctx.db, "dead-worker", 1, 0.05);
    await heartbeat(ctx.db, [job.id], "someone-else", 60);
    await new Promise((r) => setTimeout(r, 120));
    expect((await recoverExpiredLeases(ctx.db)).map((j) => j.id)).toEqual([job.id]);
    expect(await load(job.id)).toMatchObject({ status: "queued", attempts: 1, lockedBy: null });
    expect((await load(job.id)).lastError).toContain("dead-worker stopped responding");

    await claim(ctx.db, "dead-again", 1, 0.05);
    await new Promise((r) => setTimeout(r, 120));
    await recoverExpiredLeases(ctx.db);
    expect(await load(job.id)).toMatchObject({ status: "failed", attempts: 2 });

    // A heartbeat keeps a live worker's lease.
    const live = (await enqueue(ctx.db, { name: "demo.sleep" }))!;
    await claim(ctx.db, "alive", 1, 0.2);
    await heartbeat(ctx.db, [live.id], "alive", 60);
    await new Promise((r) => setTimeout(r, 250));
    expect(await recoverExpiredLeases(ctx.db)).toEqual([]);
  });
});

describe(`scheduler on ${dbKind}`, () => {
  it("enqueues each occurrence once, even when several workers tick at the same moment", async () => {
    await ensureSchedules(ctx.db, [{ name: "demo.sleep", intervalSeconds: 60 }]);
    const [s] = await ctx.db.select().from(jobSchedules);
    const results = await Promise.all(Array.from({ length: 5 }, () => tick(ctx.db)));
    expect(results.flat()).toHaveLength(1);
    const [job] = await ctx.db.select().from(jobs);
    expect(job!.dedupeKey).toBe(occurrenceKey("demo.sleep", s!.nextRunAt));
    const [advanced] = await ctx.db.select().from(jobSchedules);
    expect(advanced!.nextRunAt.getTime() - s!.nextRunAt.getTime()).toBe(60_000);
    expect(await tick(ctx.db)).toEqual([]);
  });

  it("catches up missed occurrences with one run and keeps the cadence", async () => {
    await ensureSchedules(ctx.db, [{ name: "demo.sleep", intervalSeconds: 10 }]);
    const missed = new Date(Date.now() - 105_000);
    await ctx.db.update(jobSchedules).set({ nextRunAt: missed });
    expect(await tick(ctx.db)).toHaveLength(1);
    const [s] = await ctx.db.select().from(jobSchedules);
    expect(s!.nextRunAt.getTime()).toBeGreaterThan(Date.now());
    expect(s!.nextRunAt.getTime() - Date.now()).toBeLessThanOrEqual(10_000);
    expect((s!.nextRunAt.getTime() - missed.getTime()) % 10_000).toBe(0);
    // A changed interval applies without pushing the next run further out.
    await ensureSchedules(ctx.db, [{ name: "demo.sleep", intervalSeconds: 3600 }]);
    const [changed] = await ctx.db.select().from(jobSchedules);
    expect(changed).toMatchObject({ intervalSeconds: 3600, nextRunAt: s!.nextRunAt });
  });
});

describe(`worker on ${dbKind}`, () => {
  let worker: Worker | null = null;
  const start = (concurrency = 2) => {
    worker = startWorker(ctx, { concurrency, pollMs: 30, schedules: false });
    return worker;
  };
  afterAll(async () => worker?.stop());

  it("runs jobs, retries failures with backoff, and records progress", async () => {
    start();
    const flaky = (await enqueue(ctx.db, { name: "demo.sleep", payload: { ms: 20, failAttempts: 1 } }))!;
    const doomed = (await enqueue(ctx.db, { name: "demo.sleep", payload: { permanent: true } }))!;
    const unknown = (await enqueue(ctx.db, { name: "no.such.job", maxAttempts: 1 }))!;
    const done = await until("retry to succeed", async () => {
      const j = await load(flaky.id);
      return j.status === "succeeded" && j;
    });
    expect(done).toMatchObject({ attempts: 2, progress: 100, progressMessage: "step 4 of 4", result: { sleptMs: 20 } });
    expect(done.lastError).toMatch(/fails on purpose/);
    expect(await load(doomed.id)).toMatchObject({ status: "failed", attempts: 1 });
    expect((await load(unknown.id)).lastError).toMatch(/No handler for job "no.such.job"/);
    await worker!.stop();
  });

  it("finishes in-flight jobs before stop() resolves", async () => {
    const w = start(1);
    const job = (await enqueue(ctx.db, { name: "demo.sleep", payload: { ms: 400 } }))!;
    await until("job to start", async () => (await load(job.id)).status === "running");
    await w.stop();
    expect((await load(job.id)).status).toBe("succeeded");
    // Once stopped, nothing else is claimed.
    const after = (await enqueue(ctx.db, { name: "demo.sleep" }))!;
    await new Promise((r) => setTimeout(r, 150));
    expect((await load(after.id)).status).toBe("queued");
  });

  it("runs up to `concurrency` jobs at once", async () => {
    let active = 0;
    let peak = 0;
    registerJob({
      name: "test.concurrency",
      run: async () => {
        peak = Math.max(peak, ++active);
        await new Promise((r) => setTimeout(r, 80));
        active--;
      },
    });
    const ids: Job[] = [];
    for (let i = 0; i < 6; i++) ids.push((await enqueue(ctx.db, { name: "test.concurrency" }))!);
    const w = start(3);
    await until("all to finish", async () => {
      const rows = await ctx.db.select({ s: jobs.status }).from(jobs).where(eq(jobs.name, "test.concurrency"));
      return rows.every((r) => r.s === "succeeded");
    });
    await w.stop();
    expect(peak).toBe(3);
  });

  it("runs the built-in schedules: ledger checkpoints for moved heads, session cleanup", async () => {
    const org = await seedOrg(ctx.db);
    await change(ctx.db, systemActor(org.id), (c) => appendLedger(c.tx, c.actor, { action: "x.y", entityType: "x" }));
    const user = await seedUser(ctx.db, org.id);
    const s = await createSession(ctx.db, { userId: user.id, organizationId: org.id, stage: "active" });
    await ctx.db
      .update(sessions)
      .set({ expiresAt: past(60) })
      .where(eq(sessions.id, s.id));

    worker = startWorker(ctx, { pollMs: 30 });
    const cp = await until(
      "a checkpoint",
      async () =>
        (await ctx.db.select().from(ledgerCheckpoints).where(eq(ledgerCheckpoints.organizationId, org.id)))[0],
    );
    expect(cp).toMatchObject({ seq: 1, keyId: ctx.keys.keyId });
    await until(
      "expired session purge",
      async () => (await ctx.db.select().from(sessions).where(eq(sessions.id, s.id))).length === 0,
    );
    // Every schedule enqueues its first occurrence at start: let them all finish before stopping.
    await until("every scheduled occurrence to finish", async () => {
      const open = await ctx.db.execute(
        sql`SELECT 1 FROM jobs WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running') LIMIT 1`,
      );
      return (open as unknown as { rows: unknown[] }).rows.length === 0;
    });
    await worker.stop();
    const names = (await ctx.db.select({ n: jobSchedules.name }).from(jobSchedules)).map((r) => r.n).sort();
    const expected = defaultSchedules(ctx.config)
      .map((d) => d.name)
      .sort();
    expect(expected).toEqual(expect.arrayContaining(["ledger.checkpoint", "sessions.cleanup", "readiness.snapshot"]));
    expect(names).toEqual(expected);
    const runs = await ctx.db.execute(sql`SELECT name, status FROM jobs WHERE dedupe_key IS NOT NULL ORDER BY name`);
    expect((runs as unknown as { rows: { status: string }[] }).rows.every((r) => r.status === "succeeded")).toBe(true);
  });
});
