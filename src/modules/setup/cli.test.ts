import fs from "node:fs";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestClient } from "../../../test/client.ts";
import { memoryMailer } from "../../../test/context.ts";
import { installation } from "../../../test/installation.ts";
import { memberships, users } from "../../db/schema/index.ts";
import { loadKeysFor } from "../../ledger/keys.ts";
import { loadConfig } from "../../platform/config.ts";
import { buildApp } from "../../server/app.ts";
import { ledgerActions } from "../auth/testing.ts";

const PASSWORD = "granite lantern orbit 7 violet";

/** An installation for the CLI, with the owner's password in a file. */
async function setupInstallation() {
  const inst = await installation("cli");
  const passwordFile = path.join(inst.dir, "owner-password.txt");
  fs.writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  return { ...inst, passwordFile };
}

describe("assay setup", { timeout: 120_000 }, () => {
  let inst: Awaited<ReturnType<typeof setupInstallation>>;
  beforeAll(async () => {
    inst = await setupInstallation();
  });
  afterAll(async () => {
    await inst.cleanup();
  });

  it("creates the organization and its owner, who can then sign in through the API", async () => {
    const res = await inst.run([
      "setup",
      "--org",
      "Acme Inc.",
      "--email",
      "Ada.Lovelace@acme.example",
      "--password-file",
      inst.passwordFile,
      "--json",
    ]);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out).toMatchObject({
      organization: { name: "Acme Inc.", slug: "acme-inc" },
      owner: { email: "ada.lovelace@acme.example", name: "Ada Lovelace" },
    });
    expect(res.stdout).not.toContain(PASSWORD);

    const database = await inst.open();
    try {
      const [user] = await database.db.select().from(users);
      expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
      const [m] = await database.db.select().from(memberships);
      expect(m).toMatchObject({ organizationId: out.organization.id, userId: out.owner.id, role: "owner" });
      expect(await ledgerActions(database.db, out.organization.id)).toEqual(["organization.created", "member.added"]);

      const config = loadConfig({ ASSAY_DATA_DIR: inst.env.ASSAY_DATA_DIR, LOG_LEVEL: "silent" } as NodeJS.ProcessEnv);
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
      const signIn = await new TestClient(app).post("/api/v1/auth/sign-in", {
        email: "ada.lovelace@acme.example",
        password: PASSWORD,
      });
      await app.close();
      expect(signIn.statusCode).toBe(200);
      expect(signIn.json().organization.id).toBe(out.organization.id);
    } finally {
      await database.close();
    }
  });

  it("refuses a second setup with exit code 1", async () => {
    const res = await inst.run(
      ["setup", "--org", "Again", "--email", "eve@example.test", "--password-file", "-"],
      {},
      PASSWORD,
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/error: Setup is already complete/);
    expect(res.stdout).toBe("");
  });

  it("reports bad options with exit code 2 and creates nothing", async () => {
    const fresh = await setupInstallation();
    try {
      const [weak, missing, badEmail, noOrg] = await Promise.all([
        fresh.run(
          ["setup", "--org", "Weak", "--email", "w@example.test", "--password-file", "-"],
          {},
          "password1234\n",
        ),
        fresh.run(["setup", "--org", "X", "--email", "x@example.test", "--password-file", "/nonexistent/pw"]),
        fresh.run(["setup", "--org", "X", "--email", "not-an-email", "--password-file", fresh.passwordFile]),
        fresh.run(["setup", "--email", "x@example.test", "--password-file", fresh.passwordFile]),
      ]);
      expect(weak.code).toBe(2);
      expect(weak.stderr).toMatch(/stronger password.*Change the password in the file/);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/Cannot read the password file \/nonexistent\/pw: ENOENT/);
      expect(badEmail.code).toBe(2);
      expect(badEmail.stderr).toMatch(/--email: Enter a valid email address/);
      expect(noOrg.code).toBe(2);
      expect(noOrg.stderr).toMatch(/required option '--org <name>'/);
      // Input is checked before the database is even opened.
      expect(await fresh.tableCount()).toBe(0);
    } finally {
      await fresh.cleanup();
    }
  });
});
