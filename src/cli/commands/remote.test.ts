import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestContext, memoryMailer, type TestContext } from "../../../test/context.ts";
import { member, orgWithOwner, seedApiToken } from "../../../test/people.ts";
import { apiTokens, invitations } from "../../db/schema/index.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { buildApp } from "../../server/app.ts";
import { EXIT } from "../output.ts";

/** `assay login/logout/org/user/token` as a person runs them: the real bin/assay against a real listening server. */

// Each run starts a Node process (~1.5 s here), and several run at once on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../bin/assay");
let ctx: TestContext;
let app: ApiApp;
let url: string;
const mail = memoryMailer();
let configDir: string;
let owner: Awaited<ReturnType<typeof orgWithOwner>>;
let ownerToken: { secret: string; id: string };

beforeAll(async () => {
  ctx = await createTestContext({ mailer: mail });
  app = await buildApp(ctx, { logger: false });
  url = await app.listen({ port: 0, host: "127.0.0.1" });
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-cli-"));
  owner = await orgWithOwner(app, ctx.db, "Cli Org");
  ownerToken = await seedApiToken(ctx.db, owner.user.id, owner.org.id, {
    scope: "write",
    name: "laptop",
    expiresAt: new Date(Date.now() + 60 * 86_400_000),
  });
});
afterAll(async () => {
  await app.close();
  await ctx.close();
  fs.rmSync(configDir, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
/** Runs bin/assay asynchronously (the server answers from this same process). */
function assay(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const { ASSAY_URL: _u, ASSAY_TOKEN: _t, ...base } = process.env;
    const child = execFile(
      BIN,
      args,
      { env: { ...base, ASSAY_CONFIG_DIR: configDir, ...env } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}
const credentials = () => path.join(configDir, "credentials.json");

describe("assay login / logout", () => {
  it("refuses bad input with usage and auth exit codes, storing nothing", async () => {
    const [notPat, badUrl, rejected, unreachable] = await Promise.all([
      assay(["login", "--url", url, "--token", "hunter2"]),
      assay(["login", "--url", "ftp://x", "--token", ownerToken.secret]),
      assay(["login", "--url", url, "--token", "assay_pat_wrong"]),
      assay(["login", "--url", "http://127.0.0.1:1", "--token", ownerToken.secret]),
    ]);
    expect(notPat.code).toBe(EXIT.usage);
    expect(notPat.stderr).toMatch(/start with assay_pat_/);
    expect(badUrl.code).toBe(EXIT.usage);
    expect(rejected.code).toBe(EXIT.auth);
    expect(rejected.stderr).toMatch(/did not accept this token.*unknown, revoked or expired/);
    expect(unreachable.code).toBe(EXIT.failure);
    expect(unreachable.stderr).toMatch(/Cannot reach/);
    expect(fs.existsSync(credentials())).toBe(false);
  });

  it("verifies the token, stores it with mode 0600 and says who and where", async () => {
    const res = await assay(["login", "--url", `${url}/`, "--token", "-"], {}, `${ownerToken.secret}\n`);
    expect(res.stderr).toBe("");
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`as ${owner.user.name} <${owner.user.email}>, Owner of Cli Org (${owner.org.slug})`);
    expect(res.stdout).toContain('Token "laptop" (write scope)');
    expect(fs.statSync(credentials()).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(credentials(), "utf8"))).toEqual({ url, token: ownerToken.secret });
  });
});

describe("assay org / user", () => {
  it("lists organizations and shows the current one", async () => {
    const [list, show, showJson] = await Promise.all([
      assay(["org", "list", "--json"]),
      assay(["org", "show"]),
      assay(["org", "show", "--json"]),
    ]);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([
      { id: owner.org.id, name: "Cli Org", slug: owner.org.slug, role: "owner", current: true },
    ]);
    expect(show.stdout).toMatch(/Name:\s+Cli Org/);
    expect(show.stdout).toMatch(/Session idle timeout:\s+60 minutes/);
    expect(JSON.parse(showJson.stdout)).toMatchObject({ id: owner.org.id, security: { requireMfa: false } });
  });

  it("lists members and invites someone", async () => {
    const colleague = await member(app, ctx.db, owner.org.id, "auditor");
    const [json, table] = await Promise.all([assay(["user", "list", "--json"]), assay(["user", "list"])]);
    const members = JSON.parse(json.stdout) as { email: string; role: string }[];
    expect(members.map((m) => m.email).sort()).toEqual([colleague.user.email, owner.user.email].sort());
    expect(table.stdout.split("\n")[0]).toMatch(/^NAME\s+EMAIL\s+ROLE\s+MFA/);

    const invited = await assay(["user", "invite", "dana@example.test", "--role", "control_owner"]);
    expect(invited.stderr).toBe("");
    expect(invited.stdout).toMatch(/Invited dana@example.test as Control owner/);
    const [row] = await ctx.db.select().from(invitations).where(eq(invitations.email, "dana@example.test"));
    expect(row).toMatchObject({ organizationId: owner.org.id, role: "control_owner", invitedBy: owner.user.id });
    expect(mail.sent.map((m) => m.to)).toContain("dana@example.test");

    const again = await assay(["user", "invite", colleague.user.email, "--role", "viewer"]);
    expect(again.code).toBe(EXIT.failure);
    expect(again.stderr).toMatch(/409: .*already a member/);
    const notEmail = await assay(["user", "invite", "dana", "--role", "viewer"]);
    expect(notEmail.code).toBe(EXIT.usage);
  });
});

describe("assay token", () => {
  it("creates, lists and revokes tokens", async () => {
    const created = await assay([
      "token",
      "create",
      "--name",
      "ci",
      "--scope",
      "read",
      "--expires-days",
      "30",
      "--json",
    ]);
    expect(created.code, created.stderr).toBe(0);
    const token = JSON.parse(created.stdout);
    expect(token).toMatchObject({ name: "ci", scope: "read" });
    expect(token.secret).toMatch(/^assay_pat_/);

    // The read token reads but cannot write: 403 is an auth exit code.
    const asReader = { ASSAY_URL: url, ASSAY_TOKEN: token.secret };
    expect((await assay(["org", "show"], asReader)).code).toBe(0);
    const denied = await assay(["user", "invite", "eve@example.test", "--role", "viewer"], asReader);
    expect(denied.code).toBe(EXIT.auth);
    expect(denied.stderr).toMatch(/403/);

    const list = JSON.parse((await assay(["token", "list", "--json"])).stdout) as { id: string }[];
    expect(list.map((t) => t.id).sort()).toEqual([ownerToken.id, token.id].sort());
    const table = await assay(["token", "list"]);
    expect(table.stdout).toMatch(/ci\s+assay_pat_\S+\s+read\s+active/);

    const revoked = await assay(["token", "revoke", token.id]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked token ${token.id}`);
    const [row] = await ctx.db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row!.revokedAt).not.toBeNull();
    const after = await assay(["org", "show"], asReader);
    expect(after.code).toBe(EXIT.auth);
    expect(after.stderr).toMatch(/401/);

    const [badId, badDays, badScope, outlives] = await Promise.all([
      assay(["token", "revoke", "abc"]),
      assay(["token", "create", "--name", "x", "--expires-days", "400"]),
      assay(["token", "create", "--name", "x", "--scope", "admin"]),
      assay(["token", "create", "--name", "x", "--expires-days", "90"]),
    ]);
    expect([badId.code, badDays.code, badScope.code]).toEqual([EXIT.usage, EXIT.usage, EXIT.usage]);
    expect(badDays.stderr).toMatch(/1 to 365/);
    // The logged-in token expires in 60 days: it cannot mint one that lives longer.
    expect(outlives.code).toBe(EXIT.failure);
    expect(outlives.stderr).toMatch(/cannot create a token that outlives it/);
  });

  it("has --help on every command", async () => {
    const commands = [
      ["login"],
      ["logout"],
      ["org"],
      ["org", "list"],
      ["org", "show"],
      ["user"],
      ["user", "list"],
      ["user", "invite"],
      ["token"],
      ["token", "create"],
      ["token", "list"],
      ["token", "revoke"],
    ];
    const runs = await Promise.all(commands.map((c) => assay([...c, "--help"])));
    runs.forEach((r, i) => {
      expect(r.code, commands[i]!.join(" ")).toBe(0);
      expect(r.stdout).toContain(`Usage: assay ${commands[i]!.join(" ")}`);
    });
  });

  it("logs out, optionally revoking the token", async () => {
    const plain = await assay(["logout"]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/still works until it expires/);
    expect(fs.existsSync(credentials())).toBe(false);
    const notLoggedIn = await assay(["org", "list"]);
    expect(notLoggedIn.code).toBe(EXIT.auth);
    expect(notLoggedIn.stderr).toMatch(/Not logged in\. Run `assay login/);

    expect((await assay(["login", "--url", url, "--token", ownerToken.secret])).code).toBe(0);
    const revoking = await assay(["logout", "--revoke"]);
    expect(revoking.stdout).toMatch(/token is revoked/);
    const [row] = await ctx.db.select().from(apiTokens).where(eq(apiTokens.id, ownerToken.id));
    expect(row!.revokedAt).not.toBeNull();
    expect((await assay(["logout"])).stdout).toBe("Not logged in.\n");
  });
});
