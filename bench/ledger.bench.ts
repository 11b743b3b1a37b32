/**
 * (b) Ledger: verification throughput over in-memory signed entries (hash chain + Ed25519 signature per entry)
 * against checking the hash chain alone, and appends/s (each entry hashed and signed) with 8 concurrent writers on
 * PostgreSQL against plain inserts into an unchained table, in the same run.
 */

import { generateKeyPairSync } from "node:crypto";
import { sql } from "drizzle-orm";
import { systemActor } from "../src/core/actor.ts";
import { newId } from "../src/core/id.ts";
import { type Db, openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { change } from "../src/kernel/change.ts";
import { appendLedger } from "../src/ledger/append.ts";
import { serializeEntry } from "../src/ledger/hash.ts";
import { bindLedgerKeys } from "../src/ledger/keys.ts";
import { syntheticChain } from "../src/ledger/synthetic.ts";
import { verifyChain, verifyOrganizationLedger } from "../src/ledger/verify.ts";
import { keyIdOf } from "../src/platform/keys.ts";
import { seedOrg } from "../test/seed.ts";
import { type BenchResult, printResult } from "./lib.ts";
import { scratchDatabase } from "./pg-scratch.ts";

const ENTRIES = Number(process.env.LEDGER_BENCH_ENTRIES ?? 100_000);
const WRITERS = 8;
const APPEND_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

/** A throwaway ledger key, bound to the benchmark's database like a server's. */
function benchKeys() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const keyId = keyIdOf(publicKey);
  return { signingKey: privateKey, keyId, publicKeys: new Map([[keyId, publicKey]]) };
}

/**
 * The whole signed chain is built in memory first (untimed), then verified with the public key; the baseline checks
 * the same rows' hash chain only (what verification cost before entries were signed).
 */
export function measureVerification(entries = ENTRIES) {
  const org = newId();
  const keys = benchKeys();
  const rows = [...syntheticChain(org, entries, undefined, keys)];
  const time = (opts: Parameters<typeof verifyChain>[1]) => {
    const t0 = performance.now();
    const result = verifyChain(rows, opts);
    if (!result.ok || result.entries !== entries) throw new Error("verification benchmark went wrong");
    return (entries / (performance.now() - t0)) * 1000;
  };
  return {
    verifyPerSec: time({ organizationId: org, publicKeys: keys.publicKeys }),
    hashOnlyPerSec: time({ organizationId: org }),
    avgBytes: rows.reduce((n, r) => n + serializeEntry(r).length, 0) / entries,
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
    const keys = benchKeys();
    bindLedgerKeys(db, keys);
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
    const check = await verifyOrganizationLedger(db, keys, org.id);
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
      bench: `Ledger verification: ${ENTRIES.toLocaleString("en-US")} in-memory signed entries (~${Math.round(v.avgBytes)} bytes each)`,
      figures: [
        {
          name: "verification (hash chain + Ed25519 per entry)",
          value: v.verifyPerSec,
          unit: "entries/s",
          target: "≥ 5,000 entries/s (a year of a busy organization's activity in under a minute)",
        },
      ],
      baseline: { name: "the same rows' hash chain alone", value: v.hashOnlyPerSec, unit: "entries/s" },
      ratio: { value: v.verifyPerSec / v.hashOnlyPerSec, meaning: "keyed verification / hash-chain-only verification" },
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
