/**
 * (issue 5, bench b) A simulated year of hourly syncs for 10,000 resources × 50 tests, stored as status intervals:
 * how many rows that takes against the rows a per-run design would store, then a point-in-time control status
 * query (`testStatusByControl` for one control backed by 5 tests, at a date inside the year) on PGlite, against
 * the same question asked of the open intervals only (the current status) in the same run.
 *
 * Each test × resource pair is a two-state chain: a passing pair starts failing with a small probability per run,
 * a failing one is fixed with a larger one. Instead of drawing 8,760 × 500,000 evaluations, the number of runs
 * until the next flip is drawn from the geometric distribution, so the simulation costs one draw per change.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { loadContent } from "../src/content/index.ts";
import { newId } from "../src/core/id.ts";
import { openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { connections, customTests, resources } from "../src/db/schema/index.ts";
import { loadKeysFor } from "../src/ledger/keys.ts";
import { testStatusByControl } from "../src/modules/monitoring/control-inputs.ts";
import { aggregateAt, classifiedAt } from "../src/modules/monitoring/status.ts";
import { loadConfig } from "../src/platform/config.ts";
import { seedOrg, seedUser } from "../test/seed.ts";
import { type BenchResult, printResult } from "./lib.ts";

const RESOURCES = Number(process.env.BENCH_INTERVALS_RESOURCES ?? 10_000);
const TESTS = 50;
const TESTS_PER_CONTROL = 5;
const RUNS = 8_760; // hourly for a year
/** Per run: a passing pair starts failing (about once a year), a failing one is fixed (in about two days). */
const P_FAIL = Number(process.env.BENCH_INTERVALS_P_FAIL ?? 1 / 8_760);
const P_FIX = 1 / 48;
const QUERIES = 15;
const HOUR = 3_600_000;
const YEAR_START = Date.UTC(2027, 0, 1);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function prng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

export async function run(): Promise<BenchResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-bench-intervals-"));
  const database = await openDatabase({ dataDir });
  loadKeysFor(database.db, loadConfig({ ASSAY_DATA_DIR: dataDir } as NodeJS.ProcessEnv));
  const db = database.db;
  const pglite = (db as unknown as { $client: PGlite }).$client;
  try {
    await migrate(database);
    const org = await seedOrg(db, "Bench Org");
    const user = await seedUser(db, org.id, "owner");
    const connectionId = newId();
    await db.insert(connections).values({
      id: connectionId,
      organizationId: org.id,
      type: "fake",
      name: "bench",
      config: {},
      createdBy: user.id,
    });
    const resourceIds = Array.from({ length: RESOURCES }, () => newId(YEAR_START));
    for (let i = 0; i < RESOURCES; i += 1000)
      await db.insert(resources).values(
        resourceIds.slice(i, i + 1000).map((id, k) => ({
          id,
          organizationId: org.id,
          connectionId,
          type: "user",
          externalId: `user-${i + k}`,
          name: `user-${i + k}`,
          attributes: {},
        })),
      );
    const controls = loadContent()
      .controls.slice(0, TESTS / TESTS_PER_CONTROL)
      .map((c) => c.id);
    const testIds = Array.from({ length: TESTS }, (_, t) => `bench-${String(t).padStart(2, "0")}`);
    await db.insert(customTests).values(
      testIds.map((key, t) => ({
        id: newId(),
        organizationId: org.id,
        key,
        title: `Bench test ${t}`,
        resourceType: "user",
        severity: "medium",
        rule: { attr: "ok", op: "eq", value: true },
        controls: [controls[Math.floor(t / TESTS_PER_CONTROL)]!],
        enabled: true,
      })),
    );

    // Simulate and load, one test at a time (bounded memory); remember the truth at the query date.
    const queryRun = Math.floor(RUNS * 0.6); // early August
    const queryAt = new Date(YEAR_START + queryRun * HOUR + 30 * 60_000);
    const target = controls[3]!;
    const targetTests = new Set(testIds.slice(3 * TESTS_PER_CONTROL, 4 * TESTS_PER_CONTROL).map((k) => `custom.${k}`));
    const truth = { failing: 0, passing: 0 };
    const rnd = prng(42);
    const geometric = (p: number) => Math.floor(Math.log(1 - rnd()) / Math.log(1 - p)) + 1;
    let intervals = 0;
    let simulateMs = 0;
    let loadMs = 0;
    const iso = (run: number) => new Date(YEAR_START + run * HOUR).toISOString();
    for (const key of testIds) {
      const testId = `custom.${key}`;
      const lines: string[] = [];
      const t0 = performance.now();
      for (const resourceId of resourceIds) {
        let at = 0;
        let failing = rnd() < 0.02;
        while (at < RUNS) {
          const end = at + geometric(failing ? P_FIX : P_FAIL);
          if (targetTests.has(testId) && at <= queryRun && end > queryRun) truth[failing ? "failing" : "passing"]++;
          lines.push(
            `${newId(YEAR_START + at * HOUR)}\t${org.id}\t${testId}\t${resourceId}\t${failing ? "fail" : "pass"}\t${failing ? "MFA is off" : ""}\t${iso(at)}\t${end < RUNS ? iso(end) : "\\N"}`,
          );
          intervals++;
          at = end;
          failing = !failing;
        }
      }
      const t1 = performance.now();
      await pglite.query(
        "COPY test_status_intervals (id, organization_id, test_id, resource_id, status, reason, started_at, ended_at) FROM '/dev/blob'",
        [],
        { blob: new Blob([lines.join("\n")]) },
      );
      simulateMs += t1 - t0;
      loadMs += performance.now() - t1;
    }
    await db.execute(sql`VACUUM ANALYZE test_status_intervals`);

    const perRun = RESOURCES * TESTS * RUNS;
    const pointInTime: number[] = [];
    const current: number[] = [];
    const scanOnly: number[] = [];
    let answer = await testStatusByControl(db, org.id, [target], queryAt);
    const targetIds = [...targetTests];
    await classifiedAt(db, org.id, null, { testIds: targetIds }); // warm-up
    for (let i = 0; i < QUERIES; i++) {
      let t = performance.now();
      answer = await testStatusByControl(db, org.id, [target], queryAt);
      pointInTime.push(performance.now() - t);
      t = performance.now();
      await classifiedAt(db, org.id, null, { testIds: targetIds });
      current.push(performance.now() - t);
      t = performance.now();
      await aggregateAt(db, org.id, queryAt, { testIds: targetIds });
      scanOnly.push(performance.now() - t);
    }
    if (process.env.BENCH_EXPLAIN) {
      const plan = await pglite.query<{ "QUERY PLAN": string }>(
        `EXPLAIN (ANALYZE, BUFFERS) SELECT test_id, status, count(*) FROM test_status_intervals
          WHERE organization_id = $1 AND started_at <= $2 AND (ended_at IS NULL OR ended_at > $2)
            AND test_id = ANY($3) GROUP BY test_id, status`,
        [org.id, queryAt.toISOString(), targetIds],
      );
      for (const r of plan.rows) process.stdout.write(`  plan: ${r["QUERY PLAN"]}\n`);
    }
    const got = answer.get(target)!;
    if (got.failing !== truth.failing || got.passing !== truth.passing)
      throw new Error(
        `point-in-time answer ${got.failing}/${got.passing} differs from the simulation ${truth.failing}/${truth.passing}`,
      );
    const pit = median(pointInTime);
    const cur = median(current);
    return [
      {
        bench: `Status intervals: a year of hourly syncs, ${RESOURCES.toLocaleString("en-US")} resources × ${TESTS} tests`,
        figures: [
          { name: "intervals stored", value: intervals, unit: "rows" },
          { name: "results a per-run design stores", value: perRun, unit: "rows" },
          { name: "simulation (geometric draws)", value: simulateMs, unit: "ms" },
          { name: "loading the intervals into PGlite (COPY)", value: loadMs, unit: "ms" },
        ],
        baseline: { name: "rows per run × runs", value: perRun, unit: "rows" },
        ratio: {
          value: perRun / intervals,
          meaning: "per-run rows / intervals: how many times fewer rows the intervals take",
        },
        notes: [
          `flip probabilities per run: start failing ${P_FAIL.toExponential(2)}, fixed ${P_FIX.toFixed(4)}; ${(intervals / (RESOURCES * TESTS)).toFixed(2)} intervals per pair`,
        ],
      },
      {
        bench: `Point-in-time control status on PGlite (${TESTS_PER_CONTROL} tests × ${RESOURCES.toLocaleString("en-US")} resources behind one control, ${intervals.toLocaleString("en-US")} intervals)`,
        figures: [
          {
            name: `testStatusByControl(${target}) at ${queryAt.toISOString().slice(0, 10)}, median of ${QUERIES}`,
            value: pit,
            unit: "ms",
            target: "< 50 ms",
          },
          { name: "of which the interval scan (one SQL query), median", value: median(scanOnly), unit: "ms" },
        ],
        baseline: { name: "the same counts from the open intervals only (current status)", value: cur, unit: "ms" },
        ratio: { value: pit / cur, meaning: "point in time / current status" },
        notes: [
          `answer: ${got.failing} failing, ${got.passing} passing pairs — equal to the simulation's state at that hour`,
        ],
      },
    ];
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) for (const r of await run()) printResult(r);
