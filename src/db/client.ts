import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { acquireDataDirLock } from "./datadir-lock.ts";
import * as schema from "./schema/index.ts";

/** One type for both engines: repositories never know which one they run on. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

declare const writeTxBrand: unique symbol;
/**
 * A transaction opened by the kernel's `change()` (src/kernel). Ledger appends and store writes take this type, so a
 * write outside the one write path does not compile. Only the kernel creates one (scripts/check-write-path.ts fails the lint on a cast to it elsewhere).
 */
export type WriteTx = Db & { readonly [writeTxBrand]: true };

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Present on PostgreSQL: raw pool for advisory locks and LISTEN. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export interface OpenOptions {
  url?: string;
  dataDir?: string;
  /** PGlite only: start from a dumped data folder (tests clone a migrated template this way). */
  loadDataDir?: Blob;
  poolSize?: number;
  /** PostgreSQL only: run in this schema (tests isolate themselves this way). */
  searchPath?: string;
  /** PGlite only: PostgreSQL settings over PGLITE_SETTINGS (ASSAY_PGLITE_SHARED_BUFFERS, ASSAY_PGLITE_SETTINGS). */
  pgliteSettings?: Record<string, string>;
}

/**
 * PGlite's memory settings (docs/operations.md "Memory"). PostgreSQL's defaults size a server for many connections:
 * shared_buffers 128MB, which PGlite's WebAssembly heap zeroes in full when it opens (~150 MB resident at once, for
 * a database that is tens of MB), and the heap never shrinks afterwards, so any setting that lets one query grow it
 * (maintenance_work_mem for an index build, temp_buffers for temporary tables) is paid for as long as the process
 * lives. These hold an installation's working set; raise shared_buffers for a big one.
 */
export const PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: "32MB",
  // Index builds and VACUUM: sorts beyond this spill to disk instead of growing the heap for good (default 64MB).
  maintenance_work_mem: "16MB",
  // Only temporary tables use it; Assay creates none (default 8MB).
  temp_buffers: "2MB",
};

/** PGlite's start parameters: its own defaults, then each setting as `-c name=value` (a later one wins). */
export function pgliteStartParams(settings: Record<string, string> = {}): string[] {
  const merged = { ...PGLITE_SETTINGS, ...settings };
  return [
    ...PGlite.defaultStartParams,
    ...Object.entries(merged).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
  ];
}

/**
 * Creates a new embedded database in a short-lived child process (nothing to do when `pgDir` holds one). PGlite
 * creates a database by running initdb in a second WebAssembly instance and copying the data folder over: done in
 * the server, that peaks at ~600 MB and leaves ~60 MB of freed memory that the C allocator keeps for the life of the
 * process; in a child, all of it goes back to the system when the child exits.
 */
async function createInChildProcess(pgDir: string, startParams: string[]): Promise<void> {
  if (fs.existsSync(path.join(pgDir, "PG_VERSION"))) return;
  const script = `const { PGlite } = await import(${JSON.stringify(import.meta.resolve("@electric-sql/pglite"))});
    const pg = await PGlite.create(process.argv[1], { startParams: JSON.parse(process.argv[2]) });
    await pg.close();`;
  // The same WebAssembly tiering as this process (`--liftoff-only` from npm start), never other flags (--watch).
  const flags = process.execArgv.filter((a) => a === "--liftoff-only");
  try {
    const args = [...flags, "--input-type=module", "-e", script, pgDir, JSON.stringify(startParams)];
    await promisify(execFile)(process.execPath, args);
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`Could not create the embedded database in ${pgDir}: ${e.stderr?.trim() || e.message}`);
  }
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      options: opts.searchPath ? `-c search_path=${opts.searchPath}` : undefined,
    });
    pool.on("error", () => {}); // idle client errors surface on the next query instead of crashing
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { db, kind: "postgres", pool, close: () => pool.end() };
  }
  let release = () => {};
  let client: PGlite;
  const startParams = pgliteStartParams(opts.pgliteSettings);
  if (opts.dataDir) {
    release = acquireDataDirLock(opts.dataDir);
    const pgDir = path.join(opts.dataDir, "pg");
    try {
      if (!opts.loadDataDir) await createInChildProcess(pgDir, startParams);
      client = await PGlite.create(pgDir, { loadDataDir: opts.loadDataDir, startParams });
    } catch (err) {
      release();
      throw err;
    }
  } else {
    client = await PGlite.create({ loadDataDir: opts.loadDataDir, startParams });
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    close: async () => {
      await client.close();
      release();
    },
  };
}

/** Rows of a raw query, on either engine. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

export { sql };
