import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import pino from "pino";
import { type Database, openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import type { AppContext } from "../src/kernel/context.ts";
import { loadKeysFor } from "../src/ledger/keys.ts";
import { type Config, loadConfig } from "../src/platform/config.ts";
import type { Mailer } from "../src/platform/mailer.ts";
import { randomToken } from "../src/platform/tokens.ts";
import { TEMPLATE_FILE } from "./paths.ts";

/** Set by .ci/run (and by you) to run the database-backed tests on a real PostgreSQL. */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL;
export const dbKind = TEST_PG_URL ? "postgres" : "pglite";

/**
 * A fresh, migrated, isolated database: a PGlite copy of the migrated template, or on PostgreSQL a schema of
 * its own (dropped on close) so test files can run in parallel on one database.
 */
export async function openTestDatabase(): Promise<Database> {
  if (TEST_PG_URL) {
    const schema = `t_${randomToken("", 9)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "x")}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.end();
    const database = await openDatabase({ url: TEST_PG_URL, searchPath: schema, poolSize: 12 });
    await migrate(database);
    const close = database.close;
    return {
      ...database,
      close: async () => {
        await close();
        const c = new pg.Client({ connectionString: TEST_PG_URL });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      },
    };
  }
  const blob = new Blob([fs.readFileSync(TEMPLATE_FILE)]);
  return openDatabase({ loadDataDir: blob });
}

export interface TestContext extends AppContext {
  close(): Promise<void>;
}

/** Mail captured in memory for tests that do not exercise SMTP itself. */
export function memoryMailer(): Mailer & { sent: { to: string; subject: string; text: string }[] } {
  const sent: { to: string; subject: string; text: string }[] = [];
  return { sent, send: async (m) => void sent.push(m) };
}

export async function createTestContext(
  overrides: { config?: Partial<Config>; mailer?: Mailer } = {},
): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-test-"));
  const config = loadConfig({ ASSAY_DATA_DIR: dataDir, LOG_LEVEL: "silent" } as NodeJS.ProcessEnv, overrides.config);
  const database = await openTestDatabase();
  const ctx: AppContext = {
    config,
    database,
    db: database.db,
    keys: loadKeysFor(database.db, config),
    mailer: overrides.mailer ?? memoryMailer(),
    log: pino({ level: "silent" }),
  };
  return {
    ...ctx,
    close: async () => {
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
