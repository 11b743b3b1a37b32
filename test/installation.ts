import { type ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type Database, openDatabase } from "../src/db/client.ts";
import { loadKeysFor } from "../src/ledger/keys.ts";
import { loadConfig } from "../src/platform/config.ts";
import { randomToken } from "../src/platform/tokens.ts";
import { TEST_PG_URL } from "./context.ts";

export const BIN = path.resolve(import.meta.dirname, "../bin/assay");

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function adminQuery(sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: TEST_PG_URL });
  await c.connect();
  try {
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}

/**
 * A separate Assay installation for tests that run the real `assay` binary: a temporary data folder, and on
 * PostgreSQL (TEST_DATABASE_URL) a schema of its own that DATABASE_URL selects through `options=-c search_path`.
 */
export async function installation(prefix = "inst") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `assay-${prefix}-`));
  const schema = `${prefix}_${randomToken("", 9)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "x")}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: dir,
    ASSAY_DATA_DIR: path.join(dir, "data"),
    ASSAY_CONFIG_DIR: path.join(dir, "config"),
    LOG_LEVEL: "warn",
  };
  if (TEST_PG_URL) {
    await adminQuery(`CREATE SCHEMA ${schema}`);
    const u = new URL(TEST_PG_URL);
    u.searchParams.set("options", `-c search_path=${schema}`);
    env.DATABASE_URL = u.toString();
  }
  const children: ChildProcess[] = [];

  /** Runs `assay <args>` to completion, with `stdin` as its standard input. */
  const run = (args: string[], extraEnv: NodeJS.ProcessEnv = {}, stdin?: string) =>
    new Promise<Run>((resolve) => {
      const child = execFile(BIN, args, { env: { ...env, ...extraEnv }, timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
      child.stdin!.end(stdin);
    });

  /** Starts a long-running `assay <args>` (e.g. worker); killed at cleanup if still running. */
  const start = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const child = spawn(BIN, args, { env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    children.push(child);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    return { child, exited, stdout: () => stdout, stderr: () => stderr };
  };

  /**
   * The installation's database, opened from the test (close it before running a PGlite command), with the
   * installation's own ledger key bound, so what the test writes verifies like what its commands write.
   */
  const open = async (): Promise<Database> => {
    const database = await (TEST_PG_URL
      ? openDatabase({ url: TEST_PG_URL, searchPath: schema, poolSize: 4 })
      : openDatabase({ dataDir: env.ASSAY_DATA_DIR! }));
    loadKeysFor(
      database.db,
      loadConfig({ ASSAY_DATA_DIR: env.ASSAY_DATA_DIR, LOG_LEVEL: "silent" } as NodeJS.ProcessEnv),
    );
    return database;
  };

  /** Tables the installation's database holds (0 = no command ever opened it). */
  const tableCount = async () => {
    if (!TEST_PG_URL) return fs.existsSync(path.join(env.ASSAY_DATA_DIR!, "pg")) ? 1 : 0;
    const r = await adminQuery("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1", [
      schema,
    ]);
    return r.rows[0].n as number;
  };

  const cleanup = async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    if (TEST_PG_URL) await adminQuery(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { dir, env, schema, run, start, open, tableCount, cleanup };
}
