import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryMailer } from "../../../test/context.ts";
import { installation } from "../../../test/installation.ts";
import { seedApiToken } from "../../../test/people.ts";
import { seedOrg, seedUser } from "../../../test/seed.ts";
import type { Database } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { loadKeysFor } from "../../ledger/keys.ts";
import { seedControl, seedProgram } from "../../modules/programs/testing.ts";
import { loadConfig } from "../../platform/config.ts";
import { buildApp } from "../../server/app.ts";

/** `assay evidence …` as a person runs it: the real bin/assay against a real listening server on the installation. */

let inst: Awaited<ReturnType<typeof installation>>;
let org: { id: string };
let ownerId: string;
let programId: string;
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  inst = await installation("evidencecli");
  const database = await inst.open();
  try {
    await migrate(database);
    org = await seedOrg(database.db, "Evidence Cli");
    ownerId = (await seedUser(database.db, org.id, "owner")).id;
    programId = (await seedProgram(database.db, org.id, ownerId, { adoptLibrary: false })).id;
    await seedControl(database.db, org.id, ownerId, programId, { key: "CUS-01", frequency: "quarterly" });
    await seedControl(database.db, org.id, ownerId, programId, { key: "CUS-02" });
  } finally {
    await database.close();
  }
});
afterAll(async () => {
  await inst.cleanup();
});

/** Serves the installation's API from this process while `fn` runs (the data folder is free again afterwards). */
async function serving<T>(env: NodeJS.ProcessEnv, fn: (remote: NodeJS.ProcessEnv, database: Database) => Promise<T>) {
  const database = await inst.open();
  const config = loadConfig({
    ASSAY_DATA_DIR: inst.env.ASSAY_DATA_DIR,
    LOG_LEVEL: "silent",
    ...env,
  } as NodeJS.ProcessEnv);
  const app = await buildApp(
    {
      config,
      database,
      db: database.db,
      keys: loadKeysFor(database.db, config),
      mailer: memoryMailer(),
      log: pino({ level: "silent" }),
    },
    { logger: false },
  );
  try {
    const url = await app.listen({ port: 0, host: "127.0.0.1" });
    const token = await seedApiToken(database.db, ownerId, org.id, { scope: "write" });
    return await fn({ ASSAY_URL: url, ASSAY_TOKEN: token.secret }, database);
  } finally {
    await app.close();
    await database.close();
  }
}

describe("assay evidence", { timeout: 180_000 }, () => {
  let ids: string[] = [];
  const review = "Q1 access review: 42 accounts, 3 removed\n";
  const big = randomBytes(3 * 1024 * 1024);

  it("add streams files to the server with their controls and period; list shows them", async () => {
    fs.writeFileSync(path.join(inst.dir, "review.txt"), review);
    fs.writeFileSync(path.join(inst.dir, "export.bin"), big);
    await serving({}, async (remote) => {
      const added = await inst.run(
        [
          "evidence",
          "add",
          path.join(inst.dir, "review.txt"),
          path.join(inst.dir, "export.bin"),
          "--control",
          "CUS-01",
          "-c",
          "cus-02",
          "--period",
          "2025-01-01..2025-03-31",
          "--title",
          "Q1 review",
          "--json",
        ],
        remote,
      );
      expect(added.stderr).toBe("");
      expect(added.code).toBe(0);
      const items = JSON.parse(added.stdout);
      expect(items).toHaveLength(2);
      expect(items[0]).toMatchObject({
        title: "Q1 review: review.txt",
        effectiveFrom: "2025-01-01",
        effectiveTo: "2025-03-31",
        file: { name: "review.txt", sha256: sha(review), mimeType: "text/plain" },
      });
      expect(items[1].file).toMatchObject({ size: big.length, sha256: sha(big) });
      expect(items[0].controls.map((c: { key: string }) => c.key)).toEqual(["CUS-01", "CUS-02"]);
      ids = items.map((i: { id: string }) => i.id);

      const table = await inst.run(["evidence", "list"], remote);
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/^ID +TITLE +KIND +COLLECTED +PERIOD +CONTROLS +STALE/);
      expect(table.stdout).toContain("Q1 review: review.txt");
      expect(table.stdout).toContain("2025-01-01..2025-03-31");
      const json = await inst.run(["evidence", "list", "--json", "--control", "CUS-01"], remote);
      expect(
        JSON.parse(json.stdout)
          .map((i: { id: string }) => i.id)
          .sort(),
      ).toEqual([...ids].sort());

      const out = path.join(inst.dir, "back.bin");
      const dl = await inst.run(["evidence", "download", ids[1]!, "-o", out], remote);
      expect(dl.code).toBe(0);
      expect(sha(fs.readFileSync(out))).toBe(sha(big));
    });
  });

  it("add explains mistakes: bad period, missing file, unknown control, not logged in", async () => {
    await serving({}, async (remote) => {
      const file = path.join(inst.dir, "review.txt");
      const period = await inst.run(["evidence", "add", file, "--period", "Q1"], remote);
      expect(period.code).toBe(2);
      expect(period.stderr).toContain("--period takes two dates like 2027-01-01..2027-03-31");
      const missing = await inst.run(["evidence", "add", path.join(inst.dir, "nope.txt")], remote);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain("no such file");
      const unknown = await inst.run(["evidence", "add", file, "--control", "ZZZ-9"], remote);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/400: This control is not in the program .*ZZZ-9/);
      const anonymous = await inst.run(["evidence", "list"]);
      expect(anonymous.code).toBe(3);
      expect(anonymous.stderr).toContain("Not logged in");
    });
  });

  it("rekey re-encrypts evidence after a key rotation, so the retired key can go", async () => {
    const oldKey = fs.readFileSync(path.join(inst.env.ASSAY_DATA_DIR!, "keys", "encryption.key"), "utf8").trim();
    const newKey = randomBytes(32).toString("base64");
    // Rotated: new key current, old one retired. Old evidence stays readable.
    const rotated = { ASSAY_ENCRYPTION_KEY: newKey, ASSAY_ENCRYPTION_RETIRED_KEYS: oldKey };
    await serving(rotated, async (remote) => {
      const dl = await inst.run(["evidence", "download", ids[0]!, "-o", "-"], remote);
      expect(dl.stdout).toBe(review);
    });
    const run = await inst.run(["evidence", "rekey"], rotated);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Re-encrypted 2 of 2 evidence blobs");
    const again = await inst.run(["evidence", "rekey", "--json"], rotated);
    expect(JSON.parse(again.stdout)).toMatchObject({ found: 0, rekeyed: 0, failed: [] });
    // The old key is gone from the configuration: everything still downloads.
    await serving({ ASSAY_ENCRYPTION_KEY: newKey }, async (remote) => {
      const dl = await inst.run(["evidence", "download", ids[1]!, "-o", path.join(inst.dir, "after.bin")], remote);
      expect(dl.code).toBe(0);
      expect(sha(fs.readFileSync(path.join(inst.dir, "after.bin")))).toBe(sha(big));
    });
  });
});
