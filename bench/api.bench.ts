/**
 * (a) An authenticated list endpoint (GET /api/v1/members, 30 members) at 50 concurrent connections, on PGlite
 * and on PostgreSQL, against a bare fastify route returning the same JSON in the same run.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify from "fastify";
import pino from "pino";
import { openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { loadKeysFor } from "../src/ledger/keys.ts";
import { createSession, SESSION_COOKIE } from "../src/modules/auth/sessions.ts";
import { loadConfig } from "../src/platform/config.ts";
import { buildApp } from "../src/server/app.ts";
import { seedOrg, seedUser } from "../test/seed.ts";
import { type LoadResult, load } from "./autocannon.ts";
import { type BenchResult, printResult } from "./lib.ts";
import { scratchDatabase } from "./pg-scratch.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

async function measureAssay(url?: string): Promise<{ result: LoadResult; body: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-bench-"));
  const config = loadConfig({ ASSAY_DATA_DIR: dataDir, LOG_LEVEL: "silent" } as NodeJS.ProcessEnv);
  const database = await openDatabase(url ? { url, poolSize: 10 } : { dataDir });
  await migrate(database);
  const ctx = {
    config,
    database,
    db: database.db,
    keys: loadKeysFor(database.db, config),
    mailer: { send: async () => {} },
    log: pino({ level: "silent" }),
  };
  const org = await seedOrg(database.db, "Bench Org");
  const owner = await seedUser(database.db, org.id, "owner");
  for (let i = 0; i < 29; i++) await seedUser(database.db, org.id, "employee");
  const session = await createSession(database.db, { userId: owner.id, organizationId: org.id, stage: "active" });
  const app = await buildApp(ctx, { logger: false });
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  const headers = { cookie: `${SESSION_COOKIE}=${session.token}` };
  const probe = await fetch(`${address}/api/v1/members`, { headers });
  const body = await probe.text();
  if (!probe.ok) throw new Error(`members endpoint answered ${probe.status}: ${body}`);
  await load(`${address}/api/v1/members`, { seconds: 1, headers }); // warm-up
  const result = await load(`${address}/api/v1/members`, { seconds: SECONDS, headers });
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { result, body };
}

async function measureBare(body: string): Promise<LoadResult> {
  const app = Fastify();
  app.get("/members", async (_req, reply) => reply.type("application/json").send(body));
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  await load(`${address}/members`, { seconds: 1 });
  const result = await load(`${address}/members`, { seconds: SECONDS });
  await app.close();
  return result;
}

export async function run(): Promise<BenchResult[]> {
  const lite = await measureAssay();
  const bare = await measureBare(lite.body);
  const results: BenchResult[] = [];
  const describe = (label: string, r: LoadResult, target?: string): BenchResult => ({
    bench: `API: GET /api/v1/members (authenticated, 30 rows), 50 connections, ${label}`,
    figures: [
      { name: "requests/s", value: r.reqPerSec, unit: "req/s" },
      { name: "p50 latency", value: r.p50, unit: "ms" },
      { name: "p99 latency", value: r.p99, unit: "ms", target },
      { name: "errors + non-2xx", value: r.errors + r.non2xx, unit: "" },
    ],
    baseline: { name: "bare fastify route, same JSON", value: bare.reqPerSec, unit: `req/s (p99 ${bare.p99} ms)` },
    ratio: { value: r.reqPerSec / bare.reqPerSec, meaning: "Assay throughput / bare fastify throughput" },
  });
  results.push(describe("PGlite (embedded)", lite.result, "< 50 ms"));
  const scratch = await scratchDatabase("assay_bench_api");
  if (scratch) {
    try {
      results.push(describe("PostgreSQL", (await measureAssay(scratch.url)).result));
    } finally {
      await scratch.drop();
    }
  } else {
    results.push({ ...describe("PostgreSQL", lite.result), notes: ["PostgreSQL unreachable: skipped"] });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const r of await run()) printResult(r);
