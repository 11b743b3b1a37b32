import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
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
import { memberships, programControls } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { loadKeysFor } from "../../ledger/keys.ts";
import { seedControl, seedProgram } from "../../modules/programs/testing.ts";
import { createRemediationItems } from "../../modules/remediation/store.ts";
import { loadConfig } from "../../platform/config.ts";
import { buildApp } from "../../server/app.ts";

/** `assay program export|import|oscal` through the real binary, on the installation's own database. */

let inst: Awaited<ReturnType<typeof installation>>;
let alpha: { id: string; slug: string };
let beta: { id: string; slug: string };
let ownerOfAlpha: string;
const config = () => loadConfig({ ASSAY_DATA_DIR: inst.env.ASSAY_DATA_DIR, LOG_LEVEL: "silent" } as NodeJS.ProcessEnv);
const dir = (name: string) => path.join(inst.dir, name);

async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await inst.open();
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** Every file of a folder, by relative path. */
function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else out[child] = fs.readFileSync(path.join(root, child), "utf8");
    }
  };
  walk("");
  return out;
}

beforeAll(async () => {
  inst = await installation("progcli");
  await withDb(async ({ db, ...rest }) => {
    await migrate({ db, ...rest });
    alpha = await seedOrg(db, "Alpha");
    beta = await seedOrg(db, "Beta");
    ownerOfAlpha = (await seedUser(db, alpha.id, "owner")).id;
    const alice = await seedUser(db, alpha.id, "control_owner");
    await db
      .insert(memberships)
      .values({ id: crypto.randomUUID(), organizationId: beta.id, userId: alice.id, role: "control_owner" });
    const program = await seedProgram(db, alpha.id, ownerOfAlpha, { categories: ["confidentiality"] });
    await seedControl(db, alpha.id, ownerOfAlpha, program.id, {
      key: "CUS-01",
      ownerUserId: alice.id,
      narrative: "We do it.",
    });
    await change(db, systemActor(alpha.id), (c) =>
      createRemediationItems(c, program.id, [
        {
          title: "Encrypt backups",
          gap: "Backups are plain.",
          likelihood: 2,
          impact: 5,
          ownerUserId: alice.id,
          dueDate: "2027-05-01",
          controls: ["CUS-01"],
        },
      ]),
    );
  });
});
afterAll(async () => {
  await inst.cleanup();
});

describe("assay program", { timeout: 180_000 }, () => {
  it("export: needs --org when there are several organizations, then writes the folder (twice the same)", async () => {
    const ambiguous = await inst.run(["program", "export", dir("a")]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain("Choose the organization with --org <slug>");

    fs.mkdirSync(dir("a/controls"), { recursive: true });
    fs.writeFileSync(dir("a/controls/OLD-1.md"), "stale");
    fs.writeFileSync(dir("a/README.md"), "ours");
    const res = await inst.run(["program", "export", dir("a"), "--org", alpha.slug]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      /^Exported "SOC 2 Type II 2027" to .*: \d+ files \(\d+ controls, 1 remediation items\)\.\nRemoved controls\/OLD-1\.md/,
    );
    const first = readTree(dir("a"));
    expect(first["README.md"]).toBe("ours");
    expect(first["controls/CUS-01.md"]).toContain("## Narrative\n\nWe do it.\n");
    expect(first["remediation/R-1.md"]).toContain("priority: high\n");

    expect((await inst.run(["program", "export", dir("a2"), "--org", alpha.id])).code).toBe(0);
    const second = readTree(dir("a2"));
    delete first["README.md"];
    expect(second).toEqual(first);
  });

  it("import --dry-run prints the diff and changes nothing; import applies it", async () => {
    const file = dir("a/controls/CUS-01.md");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("status: not_started", "status: implemented"));
    const dry = await inst.run(["program", "import", dir("a"), "--org", alpha.slug, "--dry-run"]);
    expect(dry.stderr).toBe("warning: README.md: not part of the program layout; ignored\n");
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      'program "SOC 2 Type II 2027"\ncontrols: 0 added, 1 changed, 0 removed\n  ~ CUS-01 Custom control\n      status: "not_started" → "implemented"\nDry run: nothing was changed. Run again without --dry-run to apply.\n',
    );
    const status = () =>
      withDb(
        async ({ db }) => (await db.select().from(programControls).where(eq(programControls.key, "CUS-01")))[0]!.status,
      );
    expect(await status()).toBe("not_started");

    const applied = await inst.run(["program", "import", dir("a"), "--org", alpha.slug, "--json"]);
    expect(applied.code).toBe(0);
    expect(JSON.parse(applied.stdout)).toMatchObject({ applied: true, dryRun: false });
    expect(await status()).toBe("implemented");
    const again = await inst.run(["program", "import", dir("a"), "--org", alpha.slug]);
    expect(again.stdout).toContain("no changes: the program already matches the folder");
  });

  it("round trip into an organization without a program: same files back", async () => {
    const res = await inst.run(["program", "import", dir("a"), "--org", beta.slug]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^\+ new program "SOC 2 Type II 2027"\ncontrols: \d+ added/);
    expect((await inst.run(["program", "export", dir("b"), "--org", beta.slug])).code).toBe(0);
    const a = readTree(dir("a"));
    delete a["README.md"];
    expect(readTree(dir("b"))).toEqual(a);
  });

  it("a bad folder: every problem as file:line, exit 1, nothing imported; an oversized folder is refused", async () => {
    fs.cpSync(dir("a"), dir("bad"), { recursive: true });
    fs.writeFileSync(dir("bad/program.yaml"), "format: assay-program/v1\nname: [oops\n");
    const r1 = dir("bad/remediation/R-1.md");
    fs.writeFileSync(r1, fs.readFileSync(r1, "utf8").replace("  - CUS-01", "  - CUS-99"));
    const res = await inst.run(["program", "import", dir("bad"), "--org", alpha.slug]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(/^program\.yaml:3: not valid YAML: .*\nremediation\/R-1\.md:\d+: links control CUS-99/);
    expect(res.stderr).toContain("error: the folder has 2 problems (listed above); nothing was imported.");

    fs.mkdirSync(dir("huge"));
    fs.writeFileSync(dir("huge/big.bin"), Buffer.alloc(25 * 1024 * 1024));
    const huge = await inst.run(["program", "import", dir("huge"), "--org", alpha.slug]);
    expect(huge.code).toBe(1);
    expect(huge.stderr).toContain("big.bin is 25 MB");
  });

  it("oscal: the system security plan to a file, the POA&M to standard output", async () => {
    const out = dir("oscal/ssp.json");
    const ssp = await inst.run(["program", "oscal", "ssp", "--org", alpha.slug, "--out", out]);
    expect(ssp.code).toBe(0);
    const doc = JSON.parse(fs.readFileSync(out, "utf8"));
    expect(doc["system-security-plan"]["control-implementation"]["implemented-requirements"][0]["control-id"]).toBe(
      "cc1.1",
    );
    const poam = await inst.run(["program", "oscal", "poam", "--org", alpha.slug]);
    expect(poam.code).toBe(0);
    expect(JSON.parse(poam.stdout)["plan-of-action-and-milestones"]["poam-items"]).toHaveLength(1);
    expect((await inst.run(["program", "oscal", "sar", "--org", alpha.slug])).code).toBe(2);
  });

  it("--remote: export and import through the API with a token", async () => {
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
      const token = await seedApiToken(database.db, ownerOfAlpha, alpha.id, { scope: "write" });
      const env = { ASSAY_URL: `http://127.0.0.1:${port}`, ASSAY_TOKEN: token.secret };
      const exp = await inst.run(["program", "export", dir("r"), "--remote"], env);
      expect(exp.stderr).toBe("");
      expect(exp.code).toBe(0);
      const a = readTree(dir("a"));
      delete a["README.md"];
      expect(readTree(dir("r"))).toEqual(a);
      const imp = await inst.run(["program", "import", dir("r"), "--remote", "--dry-run"], env);
      expect(imp.code).toBe(0);
      expect(imp.stdout).toContain("no changes");
      const bad = await inst.run(["program", "import", dir("bad"), "--remote"], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(/^program\.yaml:3: not valid YAML/);
      const readOnly = await seedApiToken(database.db, ownerOfAlpha, alpha.id, { scope: "read" });
      const denied = await inst.run(["program", "import", dir("r"), "--remote"], {
        ...env,
        ASSAY_TOKEN: readOnly.secret,
      });
      expect(denied.code).toBe(3);
      expect((await inst.run(["program", "export", dir("r"), "--remote", "--org", "x"], env)).code).toBe(2);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
