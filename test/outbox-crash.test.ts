import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import pino from "pino";
import { afterAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { jobs } from "../src/db/schema/index.ts";
import "../src/jobs/builtin.ts";
import { startWorker } from "../src/jobs/worker.ts";
import { loadKeysFor } from "../src/ledger/keys.ts";
import { loadConfig } from "../src/platform/config.ts";
import { randomToken } from "../src/platform/tokens.ts";
import { TEST_PG_URL } from "./context.ts";
import { seedOrg } from "./seed.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-outbox-"));
const schema = `t_outbox_${randomToken("", 8)
  .toLowerCase()
  .replace(/[^a-z0-9]/g, "x")}`;

async function open(): Promise<Database> {
  if (!TEST_PG_URL) return openDatabase({ dataDir });
  const db = await openDatabase({ url: TEST_PG_URL, searchPath: schema, poolSize: 4 });
  return db;
}

afterAll(async () => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (TEST_PG_URL) {
    const admin = await openDatabase({ url: TEST_PG_URL });
    await admin.pool!.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.close();
  }
});

describe("the outbox", () => {
  it("delivers a job committed by a process killed -9 before its after-commit work, once a worker starts", async () => {
    if (TEST_PG_URL) {
      const admin = await openDatabase({ url: TEST_PG_URL });
      await admin.pool!.query(`CREATE SCHEMA ${schema}`);
      await admin.close();
    }
    let database = await open();
    await migrate(database);
    const org = await seedOrg(database.db);
    await database.close(); // the child owns the embedded database while it runs

    const dedupeKey = `crash-${org.id}`;
    const child = spawn(process.execPath, [path.join(ROOT, "test/fixtures/outbox-child.ts"), org.id, dedupeKey], {
      env: { ...process.env, OUTBOX_PG_URL: TEST_PG_URL ?? "", OUTBOX_PG_SCHEMA: schema, OUTBOX_DATA_DIR: dataDir },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr!.on("data", (d) => (output += d));
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("close", (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d) => {
        if (String(d).includes("COMMITTED")) resolve();
      });
      child.on("close", () => reject(new Error(`child exited before committing: ${output}`)));
    });
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    database = await open();
    try {
      const [queued] = await database.db.select().from(jobs).where(eq(jobs.dedupeKey, dedupeKey));
      expect(queued?.status).toBe("queued");
      const config = loadConfig({ ASSAY_DATA_DIR: dataDir, LOG_LEVEL: "silent" } as NodeJS.ProcessEnv);
      const ctx = {
        config,
        database,
        db: database.db,
        keys: loadKeysFor(database.db, config),
        mailer: { send: async () => {} },
        log: pino({ level: "silent" }),
      };
      const worker = startWorker(ctx, { pollMs: 50, schedules: false });
      try {
        await expect
          .poll(async () => (await database.db.select().from(jobs).where(eq(jobs.dedupeKey, dedupeKey)))[0]?.status, {
            timeout: 30_000,
            interval: 100,
          })
          .toBe("succeeded");
      } finally {
        await worker.stop();
      }
    } finally {
      await database.close();
    }
  }, 180_000);
});
