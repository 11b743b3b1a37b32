/**
 * Crash tests: a child process (test/fixtures/*-child.ts) works on a database of the test's own, says on stdout
 * when it reached the moment to crash, and is killed there with SIGKILL; the test then reopens the database and
 * looks at what the crash left. The child opens the database with test/fixtures/child-context.ts.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { type Database, openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import type { AppContext } from "../src/kernel/context.ts";
import { loadKeysFor } from "../src/ledger/keys.ts";
import { type Config, loadConfig } from "../src/platform/config.ts";
import { randomToken } from "../src/platform/tokens.ts";
import { TEST_PG_URL } from "./context.ts";
import { TEMPLATE_FILE } from "./paths.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

export interface CrashDatabase {
  /** The data folder the test and the child share (the embedded database, keys, local evidence). */
  dataDir: string;
  /** What the child needs to open the same database (see test/fixtures/child-context.ts). */
  env: Record<string, string>;
  /** Opens it; close it before starting the child (PGlite has one owner at a time). */
  open(): Promise<Database>;
  /** Removes the data folder (and the PostgreSQL schema). */
  remove(): Promise<void>;
}

/** A migrated database for one crash test: a PGlite data folder, or a schema of its own on PostgreSQL. */
export async function crashDatabase(): Promise<CrashDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-crash-"));
  const schema = `t_crash_${randomToken("", 8)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "x")}`;
  const admin = async (statement: string) => {
    const a = await openDatabase({ url: TEST_PG_URL });
    await a.pool!.query(statement);
    await a.close();
  };
  const open = (): Promise<Database> =>
    TEST_PG_URL ? openDatabase({ url: TEST_PG_URL, searchPath: schema, poolSize: 4 }) : openDatabase({ dataDir });
  if (TEST_PG_URL) {
    await admin(`CREATE SCHEMA ${schema}`);
    const database = await open();
    await migrate(database);
    await database.close();
  } else {
    // A copy of the migrated template in the folder, ready for whichever process opens it first.
    const database = await openDatabase({ dataDir, loadDataDir: new Blob([fs.readFileSync(TEMPLATE_FILE)]) });
    await database.close();
  }
  return {
    dataDir,
    env: { CRASH_DATA_DIR: dataDir, CRASH_PG_URL: TEST_PG_URL ?? "", CRASH_PG_SCHEMA: schema },
    open,
    async remove() {
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (TEST_PG_URL) await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
  };
}

/** The test's AppContext on the reopened database, with the keys (data folder) the child used. */
export function crashContext(crash: CrashDatabase, database: Database, config: Partial<Config> = {}): AppContext {
  const c = loadConfig({ ASSAY_DATA_DIR: crash.dataDir, LOG_LEVEL: "silent" } as NodeJS.ProcessEnv, config);
  const log = pino({ level: "silent" });
  return {
    config: c,
    database,
    db: database.db,
    keys: loadKeysFor(database.db, c),
    mailer: { send: async () => {} },
    log,
  };
}

/**
 * Runs `fixture` (a path under test/fixtures) until it prints a line starting with `marker`, kills it there with
 * SIGKILL and waits until it is gone. Returns the words after the marker (what the child wants the test to know).
 */
export async function killAt(
  fixture: string,
  marker: string,
  env: Record<string, string>,
  args: string[] = [],
  timeoutMs = 90_000,
): Promise<string[]> {
  const child = spawn(process.execPath, [path.join(ROOT, "test/fixtures", fixture), ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const gone = new Promise<NodeJS.Signals | null>((resolve) => child.on("close", (_code, signal) => resolve(signal)));
  try {
    const words = await new Promise<string[]>((resolve, reject) => {
      child.stdout!.on("data", (d) => {
        stdout += d;
        const line = stdout.split("\n").find((l) => l.startsWith(marker));
        if (line) resolve(line.slice(marker.length).trim().split(/\s+/).filter(Boolean));
      });
      child.on("close", (code) => reject(new Error(`${fixture} exited (${code}) before ${marker}: ${stderr}`)));
      setTimeout(
        () => reject(new Error(`${fixture} did not say ${marker} within ${timeoutMs} ms: ${stderr}`)),
        timeoutMs,
      );
    });
    child.kill("SIGKILL");
    const signal = await gone;
    if (signal !== "SIGKILL") throw new Error(`${fixture} ended by ${signal}, not SIGKILL`);
    return words;
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}
