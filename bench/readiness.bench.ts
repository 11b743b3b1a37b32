/**
 * Readiness recompute on PGlite for an organization with 500 controls over the 61 criteria and 100,000 status
 * history rows: a full recompute (every criterion) against an incremental one after a single control changes.
 * The incremental recompute is the baseline: the ratio says how much the per-change path saves.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { loadContent } from "../src/content/index.ts";
import { MANUAL_STATUSES } from "../src/core/control-status.ts";
import { newId } from "../src/core/id.ts";
import { openDatabase, queryRows } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { controlStatusEvents, programControls } from "../src/db/schema/index.ts";
import { loadKeysFor } from "../src/ledger/keys.ts";
import { readReadiness, recomputeReadiness } from "../src/modules/programs/readiness.ts";
import { seedProgram } from "../src/modules/programs/testing.ts";
import { loadConfig } from "../src/platform/config.ts";
import { seedOrg, seedUser } from "../test/seed.ts";
import { type BenchResult, printResult } from "./lib.ts";

const CONTROLS = 500;
const HISTORY = 100_000;
const RUNS = Number(process.env.BENCH_READINESS_RUNS ?? 30);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A small deterministic generator, so every run measures the same data. */
function prng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

export async function run(): Promise<BenchResult[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-bench-readiness-"));
  const database = await openDatabase({ dataDir });
  loadKeysFor(database.db, loadConfig({ ASSAY_DATA_DIR: dataDir } as NodeJS.ProcessEnv));
  const db = database.db;
  try {
    await migrate(database);
    const org = await seedOrg(db, "Bench Org");
    const owner = await seedUser(db, org.id, "owner");
    const program = await seedProgram(db, org.id, owner.id, {
      categories: ["availability", "confidentiality", "processing_integrity", "privacy"],
      adoptLibrary: false,
    });
    const criteria = loadContent().criteria.map((c) => c.id);
    const rnd = prng(42);
    const rows = Array.from({ length: CONTROLS }, (_, i) => {
      const mapped = new Set([criteria[i % criteria.length]!]);
      while (rnd() < 0.5) mapped.add(criteria[Math.floor(rnd() * criteria.length)]!);
      return {
        id: newId(),
        organizationId: org.id,
        programId: program.id,
        key: `BEN-${String(i + 1).padStart(3, "0")}`,
        name: `Bench control ${i + 1}`,
        description: "Synthetic control for the readiness benchmark",
        ownerRole: "control_owner",
        frequency: "quarterly",
        natureType: "preventive",
        natureMode: "manual",
        evidence: [],
        policies: [],
        criteria: [...mapped],
        status: MANUAL_STATUSES[Math.floor(rnd() * MANUAL_STATUSES.length)]!,
        applicable: rnd() > 0.05,
        notApplicableReason: "Synthetic",
      };
    });
    for (let i = 0; i < rows.length; i += 100) await db.insert(programControls).values(rows.slice(i, i + 100));
    // 100k history rows (200 status changes per control over two years), generated in SQL for speed.
    await db.execute(sql`
      INSERT INTO ${controlStatusEvents} (id, organization_id, program_id, control_id, status, reason, source, at)
      SELECT gen_random_uuid(), ${org.id}, ${program.id}, c.id,
             (ARRAY['not_started','in_progress','implemented','operating','needs_attention'])[1 + (g % 5)],
             'synthetic', 'manual', now() - (g || ' hours')::interval
      FROM ${programControls} c CROSS JOIN generate_series(1, ${HISTORY / CONTROLS}) g
      WHERE c.program_id = ${program.id}`);
    const [counted] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM control_status_events`);
    const n = counted?.n ?? 0;

    await recomputeReadiness(db, org.id, program.id); // warm-up
    const full: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await db.transaction((tx) => recomputeReadiness(tx, org.id, program.id));
      full.push(performance.now() - t0);
    }
    const incremental: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const c = rows[Math.floor(rnd() * rows.length)]!;
      const status = MANUAL_STATUSES[i % MANUAL_STATUSES.length]!;
      await db.update(programControls).set({ status }).where(eq(programControls.id, c.id));
      const t0 = performance.now();
      await db.transaction((tx) => recomputeReadiness(tx, org.id, program.id, c.criteria));
      incremental.push(performance.now() - t0);
    }
    const read: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await readReadiness(db, org.id, program.id);
      read.push(performance.now() - t0);
    }
    const f = median(full);
    const inc = median(incremental);
    return [
      {
        bench: `Readiness recompute, PGlite: ${CONTROLS} controls, 61 criteria, ${n.toLocaleString("en-US")} status history rows (median of ${RUNS})`,
        figures: [
          { name: "full recompute (all 61 criteria)", value: f, unit: "ms", target: "< 200 ms" },
          { name: "incremental recompute after one control changed", value: inc, unit: "ms", target: "< 20 ms" },
          { name: "read the rolled-up readiness (dashboard)", value: median(read), unit: "ms" },
        ],
        baseline: { name: "incremental recompute", value: inc, unit: "ms" },
        ratio: { value: f / inc, meaning: "full recompute time / incremental recompute time" },
        notes: [
          "each recompute runs in its own transaction and writes the criterion_readiness rows it changed",
          "status history rows do not enter the recompute: the current status lives on the control row",
        ],
      },
    ];
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) for (const r of await run()) printResult(r);
