import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_PG_URL } from "../../test/context.ts";
import { installation } from "../../test/installation.ts";
import { queryRows, sql } from "../db/client.ts";
import { listMigrations } from "../db/migrate.ts";
import { enqueue } from "./queue.ts";

/**
 * Several real processes against one database. PGlite is single-process by design (a second process gets
 * "data folder in use"), so these run on PostgreSQL only: set TEST_DATABASE_URL.
 */
describe.skipIf(!TEST_PG_URL)("several processes on one PostgreSQL", { timeout: 120_000 }, () => {
  let inst: Awaited<ReturnType<typeof installation>>;
  beforeAll(async () => {
    inst = await installation("procs");
  });
  afterAll(async () => {
    await inst?.cleanup();
  });

  it("two `assay db migrate` at once on a fresh database migrate exactly once", async () => {
    const [a, b] = await Promise.all([inst.run(["db", "migrate", "--json"]), inst.run(["db", "migrate", "--json"])]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, "", ""]);
    const applied = [...JSON.parse(a.stdout).applied, ...JSON.parse(b.stdout).applied].sort();
    const tags = listMigrations().map((m) => m.tag);
    expect(applied).toEqual(tags);
    const database = await inst.open();
    try {
      const rows = await queryRows<{ tag: string; n: number }>(
        database.db,
        sql`SELECT tag, count(*)::int AS n FROM schema_migrations GROUP BY tag ORDER BY tag`,
      );
      expect(rows).toEqual(tags.map((tag) => ({ tag, n: 1 })));
    } finally {
      await database.close();
    }
    const again = await inst.run(["db", "migrate"]);
    expect(again.stdout).toContain("is up to date");
  });

  it("two `assay worker` processes never run the same scheduled occurrence or job twice", async () => {
    const env = { LOG_LEVEL: "info", ASSAY_CHECKPOINT_INTERVAL_SECONDS: "1" };
    const workers = [
      inst.start(["worker", "--concurrency", "2"], env),
      inst.start(["worker", "--concurrency", "2"], env),
    ];
    const started = (w: (typeof workers)[number]) => w.stdout().includes('"msg":"worker started"');
    const deadline = Date.now() + 60_000;
    while (!workers.every(started)) {
      if (Date.now() > deadline)
        throw new Error(`workers did not start:\n${workers.map((w) => w.stderr()).join("\n")}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const database = await inst.open();
    try {
      for (let i = 0; i < 24; i++) await enqueue(database.db, { name: "demo.sleep", payload: { ms: 150 } });
      await new Promise((r) => setTimeout(r, 6000));
      for (const w of workers) w.child.kill("SIGTERM");
      expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);

      const runs = workers.flatMap((w, i) =>
        w
          .stdout()
          .split("\n")
          .filter((l) => l.includes('"msg":"job succeeded"'))
          .map((l) => ({ process: i, ...(JSON.parse(l) as { jobId: string; job: string; dedupeKey: string | null }) })),
      );
      // Every job ran exactly once, across both processes, and both processes did work.
      const ids = runs.map((r) => r.jobId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(runs.map((r) => r.process))).toEqual(new Set([0, 1]));
      expect(runs.filter((r) => r.job === "demo.sleep")).toHaveLength(24);

      // Each checkpoint occurrence (one per second) ran once, none was skipped.
      const occurrences = runs
        .filter((r) => r.job === "ledger.checkpoint")
        .map((r) => r.dedupeKey!)
        .sort();
      expect(occurrences.length).toBeGreaterThanOrEqual(4);
      expect(new Set(occurrences).size).toBe(occurrences.length);
      const times = occurrences.map((k) => Date.parse(k.split("@")[1]!));
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(1000);

      const rows = await queryRows<{ name: string; status: string; attempts: number; n: number }>(
        database.db,
        sql`SELECT name, status, attempts, count(*)::int AS n FROM jobs WHERE name = 'ledger.checkpoint'
            GROUP BY name, status, attempts`,
      );
      // An occurrence the scheduler enqueued just before SIGTERM may still be waiting for the next worker:
      // that is correct (nothing lost, nothing run twice). Nothing may be left running, failed or retried.
      const ran = rows.filter((r) => r.status !== "queued");
      expect(ran).toEqual([{ name: "ledger.checkpoint", status: "succeeded", attempts: 1, n: occurrences.length }]);
      for (const waiting of rows.filter((r) => r.status === "queued")) {
        expect(waiting.attempts).toBe(0);
        expect(waiting.n).toBeLessThanOrEqual(2);
      }
    } finally {
      await database.close();
    }
  });
});
