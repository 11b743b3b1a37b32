import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectAll, evaluateAll, testEnvironment } from "../testing.ts";
import type { ConnectorEnvironment } from "../types.ts";
import { compilePattern, ownersOf, parseCodeowners } from "./codeowners.ts";
import { gitConfig, gitConnector, parseRawLog } from "./connector.ts";

/** Real repositories made in a temporary folder: unsigned and SSH-signed commits, CODEOWNERS, a shallow clone. */
const root = fs.mkdtempSync(path.join(os.tmpdir(), "assay-git-test-"));
const repo = path.join(root, "repo");
const key = path.join(root, "signing-key");
// The test repositories are local: this installation reads any local path.
const env: ConnectorEnvironment = testEnvironment({ localPaths: "any" });

const git = (args: string[], cwd = repo) =>
  execFileSync("git", ["-c", "user.name=Ada", "-c", "user.email=ada@example.test", ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: root, GIT_CONFIG_NOSYSTEM: "1" },
  }).toString();
const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  fs.writeFileSync(path.join(repo, file), text);
};
const commit = (message: string, signed = false) => {
  git(["add", "-A"]);
  git([
    ...(signed ? ["-c", "gpg.format=ssh", "-c", `user.signingkey=${key}`] : []),
    "commit",
    "-q",
    "--allow-empty",
    ...(signed ? ["-S"] : []),
    "-m",
    message,
  ]);
};

beforeAll(() => {
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "ada", "-f", key]);
  fs.mkdirSync(repo);
  git(["init", "-q", "-b", "main"]);
  write("README.md", "# demo\n");
  commit("first");
  write("src/auth/login.ts", "export {};\n");
  commit("auth");
  write(
    ".github/CODEOWNERS",
    [
      "# owners",
      "* @acme/engineering",
      "/infra/ @acme/platform ops@example.test",
      "docs/",
      "src/auth/ @acme/security",
      "bad-line not-an-owner",
    ].join("\n"),
  );
  commit("owners");
  write("infra/main.tf", "");
  commit("infra", true);
  commit("signed again", true);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("CODEOWNERS", () => {
  it("matches like GitHub: anchored, directories, globs, last rule wins", () => {
    expect(compilePattern("*")("any/file.ts", false)).toBe(true);
    expect(compilePattern("*.js")("a/b/c.js", false)).toBe(true);
    expect(compilePattern("*.js")("a/b/c.ts", false)).toBe(false);
    expect(compilePattern("/infra/")("infra", true)).toBe(true);
    expect(compilePattern("/infra/")("infra/x/y.tf", false)).toBe(true);
    expect(compilePattern("/infra/")("app/infra/x", false)).toBe(false);
    expect(compilePattern("docs/")("app/docs/readme.md", false)).toBe(true);
    expect(compilePattern("docs/")("docs", false)).toBe(false);
    expect(compilePattern("apps/**")("apps/a/b", false)).toBe(true);
    expect(compilePattern("**/logs")("x/y/logs/today", false)).toBe(true);
    expect(compilePattern("src/*.ts")("src/a.ts", false)).toBe(true);
    expect(compilePattern("src/*.ts")("src/deep/a.ts", false)).toBe(false);
    const parsed = parseCodeowners("* @a\n/docs/ @b\n/docs/internal/\n!x @c\n");
    expect(ownersOf(parsed, "docs/guide.md", false)!.owners).toEqual(["@b"]);
    expect(ownersOf(parsed, "docs/internal/x.md", false)!.owners).toEqual([]);
    expect(parsed.errors).toEqual(["line 4: negated patterns (!x) are not supported in CODEOWNERS"]);
  });

  it("reads signatures from raw commits", () => {
    const log = parseRawLog(git(["log", "--format=raw"]));
    expect(log.map((c) => [c.subject, c.signed])).toEqual([
      ["signed again", true],
      ["infra", true],
      ["owners", false],
      ["auth", false],
      ["first", false],
    ]);
    expect(log[0]!.author).toBe("Ada <ada@example.test>");
  });
});

describe("git repository connector (real repositories)", () => {
  const config = { path: repo, protectedPaths: ["infra/", "src/auth/", "docs/"] };

  it("reports CODEOWNERS, the share of signed commits and uncovered protected paths", async () => {
    const { resources, warnings } = await collectAll(gitConnector, config, {}, env);
    expect(warnings).toEqual([]);
    expect(resources).toHaveLength(1);
    const r = resources[0]!;
    expect(r).toMatchObject({ type: "repository", externalId: fs.realpathSync(repo), name: "repo" });
    expect(r.attributes).toMatchObject({
      branch: "main",
      codeowners_path: ".github/CODEOWNERS",
      codeowners_rules: 5,
      commits_checked: 5,
      signed_commits: 2,
      signed_share: 0.4,
      uncovered_paths: ["docs/"],
    });
    expect(r.attributes.codeowners_errors).toEqual(["line 6: not an owner (@user, @org/team or email): not-an-owner"]);
    const results = evaluateAll(gitConnector, resources, gitConfig.parse(config));
    const id = r.externalId;
    expect(results.get(`git.codeowners_present|${id}`)).toMatchObject({ status: "pass" });
    expect(results.get(`git.signed_commits|${id}`)).toMatchObject({
      status: "fail",
      reason: "2 of the last 5 commits are signed (40%; at least 100% required).",
    });
    expect(results.get(`git.protected_paths_owned|${id}`)).toMatchObject({
      status: "fail",
      reason: "No code owners for: docs/.",
    });
    const lenient = evaluateAll(gitConnector, resources, gitConfig.parse({ ...config, minSignedShare: 0.4 }));
    expect(lenient.get(`git.signed_commits|${id}`)!.status).toBe("pass");
  });

  it("counts only verified signatures when given an allowed signers file", async () => {
    const pub = fs.readFileSync(`${key}.pub`, "utf8").trim();
    const { resources } = await collectAll(
      gitConnector,
      { path: repo, allowedSigners: `ada@example.test ${pub}\n` },
      {},
      env,
    );
    expect(resources[0]!.attributes).toMatchObject({ verified_commits: 2, signature_verification: "allowed_signers" });
    const other = path.join(root, "other-key");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "other", "-f", other]);
    const { resources: stranger } = await collectAll(
      gitConnector,
      {
        path: repo,
        allowedSigners: `someone@example.test ${fs.readFileSync(`${other}.pub`, "utf8").trim()}\n`,
      },
      {},
      env,
    );
    expect(stranger[0]!.attributes).toMatchObject({ verified_commits: 0, signed_share: 0 });
  });

  it("clones a URL shallowly (the last N commits only) and cleans up after itself", async () => {
    const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("assay-git-")).length;
    const { resources } = await collectAll(
      gitConnector,
      { url: `file://${repo}`, commits: 2, branch: "main" },
      {},
      env,
    );
    expect(resources[0]!.attributes).toMatchObject({
      source: "url",
      commits_checked: 2,
      signed_commits: 2,
      codeowners_path: ".github/CODEOWNERS",
    });
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("assay-git-")).length).toBe(before);
  });

  it("fails a repository without CODEOWNERS", async () => {
    const bare = path.join(root, "plain");
    fs.mkdirSync(bare);
    git(["init", "-q", "-b", "trunk"], bare);
    git(["commit", "-q", "--allow-empty", "-m", "x"], bare);
    const { resources } = await collectAll(gitConnector, { path: bare }, {}, env);
    const results = evaluateAll(gitConnector, resources, gitConfig.parse({ path: bare }));
    expect(results.get(`git.codeowners_present|${resources[0]!.externalId}`)!.status).toBe("fail");
    expect(results.get(`git.protected_paths_owned|${resources[0]!.externalId}`)!.status).toBe("not_applicable");
  });

  it("explains what is wrong: no repository, no branch, a refused path, a bad URL", async () => {
    const check = (config: unknown, e = env) => gitConnector.testConnection(gitConfig.parse(config), {}, e);
    expect(await check({ path: root })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/is not a git repository/),
    });
    expect(await check({ path: repo, branch: "nope" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Branch nope does not exist/),
    });
    expect(await check({ path: "/no/such/dir" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/does not exist/),
    });
    expect(await check({ path: repo }, testEnvironment({ localPaths: "/srv/repos" }))).toMatchObject({
      ok: false,
      guidance: expect.stringMatching(/ASSAY_CONNECTOR_LOCAL_PATHS/),
    });
    expect(await check({ url: "ext::sh -c touch% /tmp/pwned" })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not a URL this connector clones/),
    });
    expect(await check({ url: `file://${path.join(root, "missing")}` })).toMatchObject({ ok: false });
    expect(await check({ path: repo })).toMatchObject({ ok: true, message: expect.stringMatching(/^Read /) });
    expect(gitConfig.safeParse({ path: repo, url: "https://x" }).success).toBe(false);
  });
});
