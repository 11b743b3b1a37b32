import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryMailer } from "../../../test/context.ts";
import { installation } from "../../../test/installation.ts";
import { freePort } from "../../../test/net.ts";
import { seedApiToken } from "../../../test/people.ts";
import { seedOrg, seedUser } from "../../../test/seed.ts";
import { systemActor } from "../../core/actor.ts";
import type { Database } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { change } from "../../kernel/change.ts";
import { appendLedger } from "../../ledger/append.ts";
import { checkpointNow } from "../../modules/ledger/checkpoints.ts";
import { loadConfig } from "../../platform/config.ts";
import { loadKeys } from "../../platform/keys.ts";
import { buildApp } from "../../server/app.ts";

let inst: Awaited<ReturnType<typeof installation>>;
let alpha: { id: string; slug: string };
let beta: { id: string; slug: string };
let ownerOfBeta: string;
const config = () => loadConfig({ ASSAY_DATA_DIR: inst.env.ASSAY_DATA_DIR, LOG_LEVEL: "silent" } as NodeJS.ProcessEnv);

async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await inst.open();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

beforeAll(async () => {
  inst = await installation("ledgercli");
  await withDb(async ({ db, ...rest }) => {
    await migrate({ db, ...rest });
    alpha = await seedOrg(db, "Alpha");
    beta = await seedOrg(db, "Beta");
    ownerOfBeta = (await seedUser(db, beta.id, "owner")).id;
    for (const org of [alpha, beta])
      for (let i = 0; i < 5; i++)
        await change(db, systemActor(org.id), (c) =>
          appendLedger(c.tx, c.actor, { action: "x.done", entityType: "x" }),
        );
    await checkpointNow(db, loadKeys(config()), alpha.id);
  });
});
afterAll(async () => {
  await inst.cleanup();
});

describe("assay ledger", { timeout: 120_000 }, () => {
  it("verify: exit 0 with a line per intact organization, JSON on request", async () => {
    const res = await inst.run(["ledger", "verify"]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`✓ Alpha (${alpha.slug}): 5 entries intact, 1 signed checkpoint verified, head seq 5`);
    expect(res.stdout).toContain(`✓ Beta (${beta.slug}): 5 entries intact, 0 signed checkpoints verified`);

    const json = await inst.run(["ledger", "verify", "--json", "--org", alpha.slug]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject([
      { organization: { id: alpha.id, slug: alpha.slug }, ok: true, entries: 5, checkpoints: 1, headSeq: 5 },
    ]);
  });

  it("export-key prints the installation's public key", async () => {
    const res = await inst.run(["ledger", "export-key"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe(loadKeys(config()).publicKeyPem);
  });

  it("verify: exit 1 naming the first bad entry after tampering; --org selects; unknown --org is a usage error", async () => {
    await withDb((database) =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`ALTER TABLE ledger_entries DISABLE TRIGGER USER`);
        await tx.execute(
          sql`UPDATE ledger_entries SET action = 'x.undone' WHERE organization_id = ${beta.id} AND seq = 2`,
        );
        await tx.execute(sql`ALTER TABLE ledger_entries ENABLE TRIGGER USER`);
      }),
    );
    const res = await inst.run(["ledger", "verify"]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain(`✓ Alpha (${alpha.slug})`);
    expect(res.stdout).toContain(`✗ Beta (${beta.slug}): first bad entry: seq 2 (edited): entry 2`);
    expect(res.stderr).toMatch(/^error: the ledger of 1 organization failed verification/);

    expect((await inst.run(["ledger", "verify", "--org", alpha.id])).code).toBe(0);
    expect((await inst.run(["ledger", "verify", "--org", beta.slug])).code).toBe(1);
    const unknown = await inst.run(["ledger", "verify", "--org", "gamma"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No organization has the slug or id "gamma"');
  });

  it("verify --remote asks the server with the API token", async () => {
    const database = await inst.open();
    const cfg = config();
    const app = await buildApp(
      {
        config: cfg,
        database,
        db: database.db,
        keys: loadKeys(cfg),
        mailer: memoryMailer(),
        log: pino({ level: "silent" }),
      },
      { logger: false },
    );
    try {
      const port = await freePort();
      await app.listen({ port, host: "127.0.0.1" });
      const token = await seedApiToken(database.db, ownerOfBeta, beta.id, { scope: "read" });
      const remoteEnv = { ASSAY_URL: `http://127.0.0.1:${port}`, ASSAY_TOKEN: token.secret };
      const res = await inst.run(["ledger", "verify", "--remote"], remoteEnv);
      expect(res.code).toBe(1);
      expect(res.stdout).toContain("✗ ledger: first bad entry: seq 2 (edited)");
      const key = await inst.run(["ledger", "export-key", "--remote", "--json"], remoteEnv);
      expect(JSON.parse(key.stdout)).toMatchObject({ algorithm: "Ed25519", keyId: loadKeys(cfg).keyId });
      const combined = await inst.run(["ledger", "verify", "--remote", "--org", "x"], remoteEnv);
      expect(combined.code).toBe(2);
      const badToken = await inst.run(["ledger", "verify", "--remote"], {
        ...remoteEnv,
        ASSAY_TOKEN: "assay_pat_nope",
      });
      expect(badToken.code).toBe(3);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
