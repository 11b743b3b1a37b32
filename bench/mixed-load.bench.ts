/**
 * (mixed) A mixed read/write load on PostgreSQL, the way a team uses the app during an audit: 50 connections, each
 * request drawn at random from
 *   reads (60 %)  — the program's controls list, one control's detail, the evidence list, the remediation plan;
 *   writes (40 %) — a control's narrative edited, an evidence statement linked to one of the same controls,
 *                   a remediation item (linked to those controls) edited.
 * All writes meet on HOT_CONTROLS (ACC-01…ACC-05), so they contend on the same control rows and the organization's
 * ledger lock: the figure to watch is the 5xx count (a deadlock answers 500), then throughput and p99.
 * Baseline: the same server and data under the read-only part of the mix, same run (ratio = mixed / read-only).
 *
 * Second figure: one write that touches one control — a status change (PATCH …/controls/ACC-06, alternating
 * implemented / in progress: control row, status history, ledger, readiness) — 200 sequential requests on the
 * quiet server after the load, median and p99; baseline the same control's detail read 200 times.
 *
 * The server runs in this process with the default pool (DATABASE_POOL_SIZE 10; BENCH_POOL_SIZE to change it),
 * autocannon in a child process (this file again, with MIXED_LOAD_PLAN set). BENCH_SECONDS sets each measured
 * load (default 10 s), BENCH_CONNECTIONS the connections (50), BENCH_WRITES the sequential writes (200).
 * BENCH_JSON=<file> also writes the results as JSON (bench/compare-commits.sh reads it).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchResult, type Figure, printResult } from "./lib.ts";
import { scratchDatabase } from "./pg-scratch.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const POOL_SIZE = Number(process.env.BENCH_POOL_SIZE ?? 10);
const WRITES = Number(process.env.BENCH_WRITES ?? 200);
const HOT_CONTROLS = ["ACC-01", "ACC-02", "ACC-03", "ACC-04", "ACC-05"];
const STATUS_CONTROL = "ACC-06";
const SEED_EVIDENCE = 30;
const SEED_ITEMS = 10;

type Kind =
  | "controls.list"
  | "control.detail"
  | "evidence.list"
  | "remediation.list"
  | "control.edit"
  | "evidence.statement"
  | "remediation.update";

/** The mix: kind → weight (per cent of requests). */
const MIXED: [Kind, number][] = [
  ["controls.list", 15],
  ["control.detail", 15],
  ["evidence.list", 15],
  ["remediation.list", 15],
  ["control.edit", 15],
  ["evidence.statement", 15],
  ["remediation.update", 10],
];
const READ_ONLY: [Kind, number][] = MIXED.filter(([k]) => k.endsWith(".list") || k.endsWith(".detail"));

/** What the load generator needs to build requests (passed to the child as JSON). */
interface Plan {
  url: string;
  seconds: number;
  connections: number;
  cookie: string;
  csrf: string;
  programId: string;
  itemIds: string[];
  mix: [Kind, number][];
}

interface LoadFigures {
  reqPerSec: number;
  total: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  serverErrors: number;
  /** kind → status → count */
  byKind: Record<string, Record<string, number>>;
}

// ---------------------------------------------------------------------------------------------------------------
// Load generator (child process)

interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function requestFor(kind: Kind, plan: Plan, n: number): RawRequest {
  const auth = { cookie: plan.cookie, "x-csrf-token": plan.csrf };
  const json = (method: string, p: string, body: unknown): RawRequest => ({
    method,
    path: p,
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const get = (p: string): RawRequest => ({ method: "GET", path: p, headers: auth });
  const program = `/api/v1/programs/${plan.programId}`;
  const control = HOT_CONTROLS[n % HOT_CONTROLS.length]!;
  const tag = `${process.pid}-${n}`;
  switch (kind) {
    case "controls.list":
      return get(`${program}/controls`);
    case "control.detail":
      return get(`${program}/controls/${control}`);
    case "evidence.list":
      return get(`/api/v1/evidence?program=${plan.programId}`);
    case "remediation.list":
      return get(`${program}/remediation`);
    case "control.edit":
      return json("PATCH", `${program}/controls/${control}`, {
        narrative: `Access is granted through tickets approved by the system owner (edit ${tag}).`,
      });
    case "evidence.statement":
      return json("POST", "/api/v1/evidence/statements", {
        title: `Access request sample ${tag}`,
        statement: "Every production access grant in the sample had an approved ticket.",
        programId: plan.programId,
        controls: [control],
      });
    case "remediation.update":
      return json("PATCH", `${program}/remediation/${plan.itemIds[n % plan.itemIds.length]}`, {
        action: `Require MFA for every console user (revision ${tag}).`,
      });
  }
}

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  "5xx": number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;

async function generateLoad(plan: Plan) {
  // autocannon ships no types; loaded through require with the shape used here.
  const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;
  const total = plan.mix.reduce((s, [, w]) => s + w, 0);
  const pick = (): Kind => {
    const r = Math.random() * total;
    let upTo = 0;
    for (const [k, w] of plan.mix) {
      upTo += w;
      if (r < upTo) return k;
    }
    return plan.mix[plan.mix.length - 1]![0];
  };
  const byKind: Record<string, Record<string, number>> = {};
  let n = 0;
  const r = await autocannon({
    url: plan.url,
    connections: plan.connections,
    duration: plan.seconds,
    timeout: 30,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>, context: { kind?: Kind }) => {
          const kind = pick();
          context.kind = kind;
          return { ...req, ...requestFor(kind, plan, n++) };
        },
        onResponse: (status: number, _body: string, context: { kind?: Kind }) => {
          const kind = context.kind ?? "?";
          byKind[kind] = { ...byKind[kind], [status]: (byKind[kind]?.[status] ?? 0) + 1 };
        },
      },
    ],
  });
  const out: LoadFigures = {
    reqPerSec: r.requests.average,
    total: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    serverErrors: r["5xx"],
    byKind,
  };
  process.stdout.write(JSON.stringify(out));
}

/** Runs the load generator in a child process so it does not share the server's event loop. */
function load(plan: Plan): Promise<LoadFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
      env: { ...process.env, MIXED_LOAD_PLAN: JSON.stringify(plan) },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`load generator exited ${code}`));
      resolve(JSON.parse(out) as LoadFigures);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Server, data, measurements

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function sequential(n: number, send: (i: number) => Promise<Response>) {
  const times: number[] = [];
  const failures: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const res = await send(i);
    await res.arrayBuffer();
    times.push(performance.now() - start);
    if (!res.ok) failures.push(res.status);
  }
  times.sort((a, b) => a - b);
  return {
    median: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    mean: times.reduce((s, t) => s + t, 0) / n,
    failures,
  };
}

const describeCounts = (byKind: Record<string, Record<string, number>>) =>
  Object.entries(byKind)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([k, counts]) =>
        `${k} ${Object.entries(counts)
          .map(([s, c]) => `${c}×${s}`)
          .join(" ")}`,
    );

async function measure(databaseUrl: string): Promise<BenchResult[]> {
  const pino = (await import("pino")).default;
  const { loadConfig } = await import("../src/platform/config.ts");
  const { createContext } = await import("../src/server/bootstrap.ts");
  const { buildApp } = await import("../src/server/app.ts");
  const { createSession, SESSION_COOKIE } = await import("../src/modules/auth/sessions.ts");
  const { seedOrg, seedUser } = await import("../test/seed.ts");

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-bench-mixed-"));
  const config = loadConfig({
    ASSAY_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    LOG_LEVEL: "silent",
  } as NodeJS.ProcessEnv);
  const ctx = await createContext(config, pino({ level: "silent" }));
  const app = await buildApp(ctx, { logger: false });
  try {
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    const org = await seedOrg(ctx.db, "Bench Org");
    const owner = await seedUser(ctx.db, org.id, "owner");
    const session = await createSession(ctx.db, { userId: owner.id, organizationId: org.id, stage: "active" });
    const headers = {
      cookie: `${SESSION_COOKIE}=${session.token}`,
      "x-csrf-token": session.csrfToken,
      "content-type": "application/json",
    };
    const call = async (method: string, url: string, body?: unknown) => {
      const res = await fetch(`${address}/api/v1${url}`, {
        method,
        headers: body === undefined ? { cookie: headers.cookie, "x-csrf-token": headers["x-csrf-token"] } : headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };

    // The program (library adopted: ~100 controls), evidence on the hot controls, a remediation plan on them.
    const program = await call("POST", "/programs", {
      name: "SOC 2 Type II 2027",
      reportType: "type2",
      windowStart: "2027-01-01",
      windowEnd: "2027-12-31",
    });
    const programId = program.id as string;
    for (let i = 0; i < SEED_EVIDENCE; i++)
      await call("POST", "/evidence/statements", {
        title: `Seed statement ${i}`,
        statement: "Quarterly access review completed; leavers removed within a day.",
        programId,
        controls: [HOT_CONTROLS[i % HOT_CONTROLS.length]],
      });
    const itemIds: string[] = [];
    for (let i = 0; i < SEED_ITEMS; i++) {
      const item = await call("POST", `/programs/${programId}/remediation`, {
        title: `Tighten access control ${i}`,
        gap: "Some production access is granted without a ticket.",
        likelihood: 1 + (i % 5),
        impact: 1 + ((i * 2) % 5),
        criteria: ["CC6.1"],
        controls: [HOT_CONTROLS[i % HOT_CONTROLS.length]],
      });
      itemIds.push(item.id as string);
    }

    const plan = (mix: [Kind, number][], seconds = SECONDS): Plan => ({
      url: address,
      seconds,
      connections: CONNECTIONS,
      cookie: headers.cookie,
      csrf: session.csrfToken,
      programId,
      itemIds,
      mix,
    });
    await load(plan(READ_ONLY, 2)); // warm-up
    const reads = await load(plan(READ_ONLY));
    const mixed = await load(plan(MIXED));

    // Every acknowledged statement is stored. Requests still in flight when the load stopped finish afterwards
    // (stored may exceed acknowledged by up to the connection count): wait until the count stops moving.
    const acked = mixed.byKind["evidence.statement"]?.["201"] ?? 0;
    const evidenceTotal = async () =>
      ((await call("GET", `/evidence?program=${programId}&pageSize=1`)).total as number) - SEED_EVIDENCE;
    let stored = await evidenceTotal();
    for (let i = 0; i < 60; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const now = await evidenceTotal();
      if (now === stored) break;
      stored = now;
    }

    // One write touching one control, sequentially, on the quiet server.
    const controlUrl = `${address}/api/v1/programs/${programId}/controls/${STATUS_CONTROL}`;
    const patchStatus = (i: number) =>
      fetch(controlUrl, {
        method: "PATCH",
        headers,
        body: JSON.stringify({ status: i % 2 === 0 ? "implemented" : "in_progress", statusReason: `bench ${i}` }),
      });
    const readControl = () => fetch(controlUrl, { headers: { cookie: headers.cookie } });
    await sequential(10, patchStatus); // warm-up: ends on in_progress, so the first measured write changes the status
    await sequential(10, readControl);
    const write = await sequential(WRITES, patchStatus);
    const read = await sequential(WRITES, readControl);

    const loadFigures = (r: LoadFigures): Figure[] => [
      { name: "requests/s", value: r.reqPerSec, unit: "req/s" },
      { name: "p50 latency", value: r.p50, unit: "ms" },
      { name: "p99 latency", value: r.p99, unit: "ms" },
      { name: "requests answered", value: r.total, unit: "" },
      { name: "5xx responses", value: r.serverErrors, unit: `of ${r.total} requests`, target: "0" },
      { name: "other non-2xx + errors + timeouts", value: r.non2xx - r.serverErrors + r.errors, unit: "" },
    ];
    return [
      {
        bench: `Mixed load on PostgreSQL: ${CONNECTIONS} connections, ${SECONDS} s, 60 % reads / 40 % writes on 5 controls (pool ${POOL_SIZE})`,
        figures: loadFigures(mixed),
        baseline: {
          name: "read-only part of the mix, same server and data",
          value: reads.reqPerSec,
          unit: `req/s (p50 ${reads.p50} ms, p99 ${reads.p99} ms, ${reads.serverErrors} 5xx)`,
        },
        ratio: { value: mixed.reqPerSec / reads.reqPerSec, meaning: "mixed throughput / read-only throughput" },
        notes: [
          ...describeCounts(mixed.byKind),
          `evidence statements acknowledged ${acked}, stored ${stored}` +
            (stored < acked
              ? " — LOST WRITES"
              : stored > acked
                ? ` (${stored - acked} answered after the load stopped, or not answered with 201)`
                : ""),
        ],
      },
      {
        bench: `Single write touching one control: status change via PATCH (${WRITES} sequential requests, PostgreSQL)`,
        figures: [
          { name: "median latency", value: write.median, unit: "ms" },
          { name: "p99 latency", value: write.p99, unit: "ms" },
          { name: "mean latency", value: write.mean, unit: "ms" },
          { name: "failed requests", value: write.failures.length, unit: `of ${WRITES}`, target: "0" },
        ],
        baseline: {
          name: "GET of the same control's detail, sequential",
          value: read.median,
          unit: `ms median (p99 ${read.p99.toFixed(1)} ms)`,
        },
        ratio: { value: write.median / read.median, meaning: "write median / read median" },
        notes: write.failures.length ? [`statuses of failed writes: ${write.failures.join(", ")}`] : [],
      },
    ];
  } finally {
    await app.close();
    await ctx.database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchResult[]> {
  const scratch = await scratchDatabase("assay_bench_mixed");
  let results: BenchResult[];
  if (!scratch) {
    const skipped = { name: "skipped", value: 0, unit: "" };
    results = ["Mixed load on PostgreSQL", "Single write touching one control"].map((bench) => ({
      bench,
      figures: [],
      baseline: skipped,
      ratio: { value: 0, meaning: "not measured" },
      notes: ["PostgreSQL unreachable: skipped"],
    }));
  } else {
    try {
      results = await measure(scratch.url);
    } finally {
      await scratch.drop();
    }
  }
  if (process.env.BENCH_JSON) fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
  return results;
}

if (process.env.MIXED_LOAD_PLAN) {
  await generateLoad(JSON.parse(process.env.MIXED_LOAD_PLAN) as Plan);
  process.exit(0);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) printResult(r);
  process.exit(0);
}
