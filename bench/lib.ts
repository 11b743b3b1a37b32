/** Shared by every benchmark: one printed line per figure, and the ratio against the same run's baseline. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

export interface BenchResult {
  bench: string;
  figures: Figure[];
  baseline: { name: string; value: number; unit: string };
  /** value / baseline for the headline figure, with what it means. */
  ratio: { value: number; meaning: string };
  notes?: string[];
}

const fmt = (n: number) => (Math.abs(n) >= 1000 ? Math.round(n).toLocaleString("en-US") : n.toFixed(n < 10 ? 2 : 1));

export function printResult(r: BenchResult) {
  const out = process.stdout;
  out.write(`\n## ${r.bench}\n`);
  for (const f of r.figures)
    out.write(`  ${f.name}: ${fmt(f.value)} ${f.unit}${f.target ? `   (target ${f.target})` : ""}\n`);
  out.write(`  baseline ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit}\n`);
  out.write(`  ratio: ${r.ratio.value.toFixed(3)} — ${r.ratio.meaning}\n`);
  for (const n of r.notes ?? []) out.write(`  note: ${n}\n`);
}

/** Whether the machine's PostgreSQL answers (benchmarks on it are skipped, with a note, when it does not). */
export const BENCH_PG_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
