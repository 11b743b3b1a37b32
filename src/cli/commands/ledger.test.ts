import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryMailer } from "../../../test/context.ts";
import { installation } from "../../../test/installation.ts";
import { freePort } from "../../../test/net.ts";
import { seedApiToken } from "../../../test/people.ts";
import { seedOrg, seedUser } from "../../../test/seed.ts";
import { asSuperuser } from "../../../test/superuser.ts";
import { systemActor } from "../../core/actor.ts";
import type { Database } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { change } from "../../kernel/change.ts";
import { appendLedger } from "../../ledger/append.ts";
import { entryHashIso } from "../../ledger/hash.ts";
import { loadKeysFor } from "../../ledger/keys.ts";
import { EXPORT_FIELDS } from "../../ledger/offline.ts";
import { checkpointNow } from "../../modules/ledger/checkpoints.ts";
import { loadConfig } from "../../platform/config.ts";
import { loadKeys } from "../../platform/keys.ts";
import { buildApp } from "../../server/app.ts";

let inst: Awaited<ReturnType<typeof installation>>;
let alpha: { id: string; slug: string };
let beta: { id: string; slug: string };
let ownerOfBeta: string;
const config = () => loadConfig({ ASSAY_DATA_DIR: inst.env.ASSAY_DATA_DIR, LOG_LEVEL: "silent" } as NodeJS.ProcessEnv);

const repoRoot = path.resolve(import.meta.dirname, "../../..");

/** Runs the Python verifier printed in docs/ledger.md (between its markers) on an export. */
function python(exportFile: string, pem: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const doc = fs.readFileSync(path.join(repoRoot, "docs/ledger.md"), "utf8");
  const script = /<!-- verify-ledger\.py -->\n```python\n([\s\S]*?)```\n<!-- \/verify-ledger\.py -->/.exec(doc)![1]!;
  const file = path.join(inst.dir, "verify-ledger.py");
  fs.writeFileSync(file, script);
  return new Promise((resolve) =>
    execFile("python3", [file, exportFile, pem], (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

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
    const keys = loadKeysFor(db, config());
    for (const org of [alpha, beta])
      for (let i = 0; i < 5; i++)
        await change(db, systemActor(org.id), (c) =>
          appendLedger(c.tx, c.actor, { action: "x.done", entityType: "x" }),
        );
    await checkpointNow(db, keys, alpha.id);
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
      asSuperuser(
        database.db,
        sql`UPDATE ledger_entries SET action = 'x.undone' WHERE organization_id = ${beta.id} AND seq = 2`,
      ),
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
        keys: loadKeysFor(database.db, cfg),
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

  it("export → verify --offline with the public key alone, and the independent verifier in docs/ledger.md agrees", async () => {
    const file = path.join(inst.dir, "alpha-ledger.jsonl");
    const pem = path.join(inst.dir, "ledger-key.pem");
    expect((await inst.run(["ledger", "export", "--org", alpha.slug, "-o", file])).code).toBe(0);
    fs.writeFileSync(pem, (await inst.run(["ledger", "export-key"])).stdout);
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(5);
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual([...EXPORT_FIELDS]);

    const offline = (f: string, ...more: string[]) =>
      inst.run(["ledger", "verify", "--offline", f, "--public-key", pem, ...more], { DATABASE_URL: "" });
    const ok = await offline(file);
    expect(ok.stdout + ok.stderr).toContain("5 entries intact");
    expect(ok.code).toBe(0);
    expect((await python(file, pem)).stdout).toBe(`OK: 5 entries, head ${JSON.parse(lines[4]!).hash}\n`);

    // An edited payload and a forged entry appended with a correct link and hash: both tools refuse them.
    const edited = path.join(inst.dir, "edited.jsonl");
    const third = JSON.parse(lines[2]!);
    fs.writeFileSync(
      edited,
      [...lines.slice(0, 2), JSON.stringify({ ...third, changes: "{}" }), ...lines.slice(3)].join("\n"),
    );
    const e = await offline(edited);
    expect(e.code).toBe(1);
    expect(e.stdout).toContain("first bad entry: seq 3 (edited)");
    expect((await python(edited, pem)).stderr).toContain("entry 3: content does not match its hash");

    const head = JSON.parse(lines[4]!);
    const forgedRow = {
      ...head,
      seq: 6,
      id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
      action: "member.role_changed",
      prevHash: head.hash,
    };
    forgedRow.hash = entryHashIso(forgedRow);
    const forged = path.join(inst.dir, "forged.jsonl");
    fs.writeFileSync(forged, [...lines, JSON.stringify(forgedRow)].join("\n"));
    const f = await offline(forged);
    expect(f.code).toBe(1);
    expect(f.stdout).toContain("first bad entry: seq 6 (forged)");
    expect((await python(forged, pem)).stderr).toContain("entry 6: the signature does not verify");

    // Usage errors: no key, a file that is not an export.
    expect((await inst.run(["ledger", "verify", "--offline", file])).code).toBe(2);
    const junk = path.join(inst.dir, "junk.txt");
    fs.writeFileSync(junk, "hello\n");
    expect((await offline(junk)).stderr).toContain("neither a JSON Lines nor a CSV ledger export");
  });

  it("checkpoints export, then --checkpoints and --expect catch a chain cut back after them", async () => {
    const cps = path.join(inst.dir, "alpha-checkpoints.jsonl");
    expect((await inst.run(["ledger", "checkpoints", "export", "--org", alpha.slug, "-o", cps])).code).toBe(0);
    const records = fs
      .readFileSync(cps, "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records).toEqual([
      expect.objectContaining({ type: "assay.ledger.checkpoint", organizationId: alpha.id, seq: 5 }),
    ]);
    await withDb((database) =>
      asSuperuser(
        database.db,
        sql`DELETE FROM ledger_entries WHERE organization_id = ${alpha.id} AND seq > 3`,
        sql`DELETE FROM ledger_checkpoints WHERE organization_id = ${alpha.id}`,
      ),
    );
    expect((await inst.run(["ledger", "verify", "--org", alpha.slug])).code).toBe(0);
    const witnessed = await inst.run(["ledger", "verify", "--org", alpha.slug, "--checkpoints", cps]);
    expect(witnessed.code).toBe(1);
    expect(witnessed.stdout).toContain("first bad entry: seq 4 (truncated)");
    const expected = await inst.run(["ledger", "verify", "--org", alpha.slug, "--expect", `5:${records[0].hash}`]);
    expect(expected.code).toBe(1);
    expect(expected.stdout).toContain("(truncated)");
    expect((await inst.run(["ledger", "verify", "--expect", `5:${records[0].hash}`])).code).toBe(2); // whose head?
    expect((await inst.run(["ledger", "verify", "--org", alpha.slug, "--expect", "5:abc"])).code).toBe(2);
  });
});
