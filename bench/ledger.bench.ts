/**
 * (b) Ledger: verification throughput over in-memory entries against raw SHA-256 of the same bytes, and appends/s
 * with 8 concurrent writers on PostgreSQL against plain inserts into an unchained table, in the same run.
 */

import { generateKeyPairSync, hash } from "node:crypto";
import { sql } from "drizzle-orm";
import { systemActor } from "../src/core/actor.ts";
import { newId } from "../src/core/id.ts";
import { type Db, openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { change } from "../src/kernel/change.ts";
import { appendLedger } from "../src/ledger/append.ts";
import { serializeEntry } from "../src/ledger/hash.ts";
import { syntheticChain } from "../src/ledger/synthetic.ts";
import { verifyChain, verifyOrganizationLedger } from "../src/ledger/verify.ts";
import { seedOrg } from "../test/seed.ts";
import { type BenchResult, printResult } from "./lib.ts";
import { scratchDatabase } from "./pg-scratch.ts";

const ENTRIES = Number(process.env.LEDGER_BENCH_ENTRIES ?? 1_000_000);
const PAGE = 10_000;
const WRITERS = 8;
const APPEND_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

/**
 * The whole chain is built in memory first (untimed), then verified; the baseline hashes the same serialized
 * bytes, pre-encoded as Buffers a page at a time (encoding untimed), with the same one-shot SHA-256.
 */
export function measureVerification(entries = ENTRIES) {
  const org = newId();
  const rows = [...syntheticChain(org, entries)];
  const t0 = performance.now();
  const result = verifyChain(rows, { organizationId: org });
  const verifyMs = performance.now() - t0;
  if (!result.ok || result.entries !== entries) throw new Error("verification benchmark went wrong");
  let rawMs = 0;
  let bytes = 0;
  let sink = 0;
  for (let done = 0; done < entries; done += PAGE) {
    const page = rows.slice(done, done + PAGE).map((r) => Buffer.from(serializeEntry(r)));
    for (const b of page) bytes += b.length;
    const t1 = performance.now();
    for (const b of page) sink += hash("sha256", b, "hex").charCodeAt(0);
    rawMs += performance.now() - t1;
  }
  if (sink === 0) throw new Error("unreachable");
  return {
    verifyPerSec: (entries / verifyMs) * 1000,
    rawPerSec: (entries / rawMs) * 1000,
    avgBytes: bytes / entries,
  };
}

/** Runs `writers` loops of `op` for `seconds`; returns operations per second. */
async function concurrently(writers: number, seconds: number, op: (writer: number) => Promise<void>) {
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      while (performance.now() < deadline) {
        await op(w);
        count++;
      }
    }),
  );
  return (count / (performance.now() - start)) * 1000;
}

const event = (i: number) => ({
  action: "control.updated",
  entityType: "control",
  entityId: `c${i}`,
  before: { status: "draft", owner: "ada@example.com" },
  after: { status: "approved", owner: "ada@example.com" },
});

export async function measureAppends(url: string) {
  const database = await openDatabase({ url, poolSize: WRITERS });
  try {
    await migrate(database);
    const db: Db = database.db;
    await db.execute(sql`CREATE TABLE bench_plain (id uuid PRIMARY KEY, organization_id uuid NOT NULL,
      at timestamptz NOT NULL, action text NOT NULL, entity_type text NOT NULL, entity_id text, changes text NOT NULL)`);
    const org = await seedOrg(db, "Bench");
    const orgs = [org, ...(await Promise.all(Array.from({ length: WRITERS - 1 }, () => seedOrg(db))))];
    const changes = JSON.stringify({ before: event(0).before, after: event(0).after });
    const plain = await concurrently(WRITERS, APPEND_SECONDS, (w) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`INSERT INTO bench_plain VALUES (${newId()}, ${org.id}, now(), 'control.updated',
          'control', ${`c${w}`}, ${changes})`);
      }),
    );
    const oneOrg = await concurrently(WRITERS, APPEND_SECONDS, (w) =>
      change(db, systemActor(org.id), (c) => appendLedger(c.tx, systemActor(org.id), event(w)).then(() => {})),
    );
    const perOrg = await concurrently(WRITERS, APPEND_SECONDS, (w) =>
      change(db, systemActor(orgs[w]!.id), (c) => appendLedger(c.tx, c.actor, event(w)).then(() => {})),
    );
    const t0 = performance.now();
    const check = await verifyOrganizationLedger(
      db,
      { publicKey: generateKeyPairSync("ed25519").publicKey, keyId: "bench" },
      org.id,
    );
    const verifyPerSec = (check.entries / (performance.now() - t0)) * 1000;
    return { plain, oneOrg, perOrg, chainOk: check.ok, chainEntries: check.entries, verifyPerSec };
  } finally {
    await database.close();
  }
}

export async function run(): Promise<BenchResult[]> {
  const v = measureVerification();
  const results: BenchResult[] = [
    {
      bench: `Ledger verification: ${ENTRIES.toLocaleString("en-US")} in-memory entries (~${Math.round(v.avgBytes)} bytes each)`,
      figures: [{ name: "verification", value: v.verifyPerSec, unit: "entries/s", target: "≥ 500,000 entries/s" }],
      baseline: { name: "raw SHA-256 of the same serialized bytes", value: v.rawPerSec, unit: "hashes/s" },
      ratio: { value: v.verifyPerSec / v.rawPerSec, meaning: "verification rate / raw hashing rate (target ≥ 0.5)" },
    },
  ];
  const scratch = await scratchDatabase("assay_bench_ledger");
  if (!scratch) {
    results.push({
      bench: `Ledger appends, ${WRITERS} concurrent writers, PostgreSQL`,
      figures: [],
      baseline: { name: "plain inserts", value: 0, unit: "rows/s" },
      ratio: { value: 0, meaning: "n/a" },
      notes: ["PostgreSQL unreachable (set BENCH_DATABASE_URL): skipped"],
    });
    return results;
  }
  try {
    const a = await measureAppends(scratch.url);
    results.push({
      bench: `Ledger appends, ${WRITERS} concurrent writers (one transaction each), PostgreSQL`,
      figures: [
        { name: "appends, all writers on one organization's chain", value: a.oneOrg, unit: "appends/s" },
        { name: "appends, each writer on its own organization", value: a.perOrg, unit: "appends/s" },
      ],
      baseline: { name: "plain single-row insert transactions, unchained table", value: a.plain, unit: "rows/s" },
      ratio: { value: a.oneOrg / a.plain, meaning: "one-chain appends / plain inserts" },
      notes: [
        `per-organization chains: ${(a.perOrg / a.plain).toFixed(3)} of plain inserts`,
        `the one-organization chain verified afterwards: ${a.chainOk ? "intact" : "BROKEN"}, ${a.chainEntries} entries, streamed from PostgreSQL at ${Math.round(a.verifyPerSec).toLocaleString("en-US")} entries/s`,
      ],
    });
  } finally {
    await scratch.drop();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) for (const r of await run()) printResult(r);
