/** `npm run bench`: every benchmark in turn; each prints its figures and its ratio against a same-run baseline. */
import { type BenchResult, printResult } from "./lib.ts";

const benches: [string, () => Promise<{ run: () => Promise<BenchResult[] | BenchResult> }>][] = [
  ["api", () => import("./api.bench.ts")],
  ["mixed-load", () => import("./mixed-load.bench.ts")],
  ["ledger", () => import("./ledger.bench.ts")],
  ["startup", () => import("./startup.bench.ts")],
  ["memory", () => import("./memory.bench.ts")],
  ["readiness", () => import("./readiness.bench.ts")],
  ["evidence", () => import("./evidence.bench.ts")],
  ["evaluation", () => import("./evaluation.bench.ts")],
  ["intervals", () => import("./intervals.bench.ts")],
  ["policy-publish", () => import("./policy-publish.bench.ts")],
  ["vulnerability-import", () => import("./vulnerability-import.bench.ts")],
  ["vulnerability-register", () => import("./vulnerability-register.bench.ts")],
];

const only = process.argv.slice(2);
process.stdout.write("# Assay benchmarks\n");
for (const [name, load] of benches) {
  if (only.length && !only.includes(name)) continue;
  const results = await (await load()).run();
  for (const r of Array.isArray(results) ? results : [results]) printResult(r);
}
process.exit(0);
