import { describe, expect, it } from "vitest";
import { withRetry } from "../retry.ts";
import { testEnvironment } from "../testing.ts";
import { githubConfig } from "./definition.ts";
import { alertRecording, replay } from "./fixtures/replay.ts";
import { CODE_SCANNING, DEPENDABOT, makeGithubVulnerabilityCollector } from "./vulnerabilities.ts";

/** Open security alerts through Octokit's own transport hook (request.fetch), on recorded responses: no network. */
const TOKEN = "ghp_TESTonly0000aaaaBBBBccccDDDDeeee1234";
const CS = "GET /orgs/acme-corp/code-scanning/alerts?per_page=100&state=open";
const DB = "GET /orgs/acme-corp/dependabot/alerts?per_page=100&state=open";

function setup(config: Record<string, unknown> = {}) {
  const fake = replay(undefined, alertRecording().first);
  const collect = makeGithubVulnerabilityCollector({ fetch: fake.fetch });
  const warnings: string[] = [];
  const run = () =>
    collect({
      config: githubConfig.parse({ organization: "acme-corp", ...config }),
      secrets: { token: TOKEN },
      env: testEnvironment(),
      signal: new AbortController().signal,
      retry: (what, call) => withRetry(what, call, { baseMs: 1 }),
      warn: (m) => void warnings.push(m),
    });
  return { fake, run, warnings };
}

describe("GitHub security alerts (recorded responses)", () => {
  it("maps open code scanning and Dependabot alerts of the repositories in scope, over every page", async () => {
    const { fake, run, warnings } = setup();
    const got = await run();
    expect(fake.unmatched).toEqual([]);
    expect(warnings).toEqual([]);
    // The archived legacy repository is out of scope: neither its alerts nor its scope.
    expect(got.findings.map((f) => `${f.scanner} ${f.target} ${f.ruleId}`)).toEqual([
      `${CODE_SCANNING} acme-corp/api js/sql-injection`,
      `${CODE_SCANNING} acme-corp/web js/xss-through-dom`,
      `${CODE_SCANNING} acme-corp/api js/unused-local-variable`,
      `${DEPENDABOT} acme-corp/api CVE-2021-23337`,
      `${DEPENDABOT} acme-corp/api CVE-2023-32681`,
      `${DEPENDABOT} acme-corp/web GHSA-7c2h-9mvq-4f8w`,
    ]);
    const [sqli, , unused, lodash, requests, noCve] = got.findings;
    expect(sqli).toEqual({
      scanner: CODE_SCANNING,
      ruleId: "js/sql-injection",
      title: "Database query built from user-controlled sources",
      severity: "high",
      target: "acme-corp/api",
      location: "src/db/users.ts:42",
      key: "alert 1",
      url: "https://github.com/acme-corp/api/security/code-scanning/1",
      description: "Found by CodeQL 2.17.4.\n\nThis query string depends on a [user-provided value](1).",
    });
    // No security severity: the rule's level decides (note → low).
    expect(unused).toMatchObject({ severity: "low", key: "alert 3" });
    expect(lodash).toMatchObject({
      title: "Command Injection in lodash",
      severity: "high",
      score: 7.2,
      package: "lodash",
      fixedVersion: "4.17.21",
      location: "package-lock.json",
      key: "package-lock.json",
      url: "https://github.com/acme-corp/api/security/dependabot/7",
    });
    expect(lodash!.description).toMatch(/^npm package lodash in package-lock\.json; vulnerable versions < 4\.17\.21/);
    expect(requests).toMatchObject({
      severity: "medium",
      package: "requests",
      location: "services/worker/requirements.txt",
    });
    // No CVE: the GHSA id; no score and no patched version.
    expect(noCve).toMatchObject({ ruleId: "GHSA-7c2h-9mvq-4f8w", severity: "low", package: "markdown-preview-kit" });
    expect(noCve).not.toHaveProperty("score");
    expect(noCve).not.toHaveProperty("fixedVersion");

    const repos = ["acme-corp/api", "acme-corp/web", "acme-corp/docs", "acme-corp/infra"];
    expect(got.scopes).toEqual([
      ...repos.map((target) => ({ scanner: CODE_SCANNING, target })),
      ...repos.map((target) => ({ scanner: DEPENDABOT, target })),
    ]);
    expect(got.skipped).toEqual([]);
    // The second page came through the Link header; every request carried the token in its header only.
    expect(fake.count("GET /organizations/98765432/code-scanning/alerts?page=2&per_page=100&state=open")).toBe(1);
    for (const s of fake.seen) {
      expect(s.headers.authorization).toBe(`token ${TOKEN}`);
      expect(s.url).not.toContain(TOKEN);
    }
  });

  it("keeps to the configured repositories (spelled as configured) and lists no repositories then", async () => {
    const { fake, run } = setup({ repositories: ["API"] });
    const got = await run();
    expect(got.findings.map((f) => f.target)).toEqual(Array(4).fill("acme-corp/API"));
    expect(got.scopes).toEqual([
      { scanner: CODE_SCANNING, target: "acme-corp/API" },
      { scanner: DEPENDABOT, target: "acme-corp/API" },
    ]);
    expect(fake.count("GET /orgs/acme-corp/repos?per_page=100&type=all")).toBe(0);
  });

  it("imports code scanning with a warning when Dependabot alerts are refused, and covers only what it read", async () => {
    const { fake, run, warnings } = setup();
    fake.record(DB, {
      status: 403,
      headers: { "content-type": "application/json" },
      body: { message: "Resource not accessible by personal access token" },
    });
    const got = await run();
    expect(got.findings.every((f) => f.scanner === CODE_SCANNING)).toBe(true);
    expect(got.findings).toHaveLength(3);
    expect(got.scopes.every((s) => s.scanner === CODE_SCANNING)).toBe(true);
    expect(got.skipped).toEqual([{ source: DEPENDABOT, reason: warnings[0] }]);
    expect(warnings[0]).toMatch(/refused to list the Dependabot alerts of acme-corp \(403 Resource not accessible/);
    expect(warnings[0]).toMatch(/Dependabot alerts: read/);
  });

  it("fails with an explanation when neither kind can be read, and on a rejected token", async () => {
    const { fake, run } = setup();
    fake.record(DB, { status: 404, headers: { "content-type": "application/json" }, body: { message: "Not Found" } });
    fake.record(CS, {
      status: 403,
      headers: { "content-type": "application/json" },
      body: { message: "Advanced Security must be enabled for this repository to use code scanning." },
    });
    await expect(run()).rejects.toThrow(/Neither the code scanning nor the Dependabot alerts of acme-corp/);

    const again = setup();
    again.fake.record(CS, {
      status: 401,
      headers: { "content-type": "application/json" },
      body: { message: "Bad credentials" },
    });
    await expect(again.run()).rejects.toThrow(/GitHub rejected the token \(401 Bad credentials\)/);
  });

  it("survives throttling on a page", async () => {
    const { fake, run } = setup();
    fake.queue(DB, {
      status: 429,
      headers: { "retry-after": "0", "content-type": "application/json" },
      body: { message: "You have exceeded a secondary rate limit." },
    });
    expect((await run()).findings).toHaveLength(6);
    expect(fake.count(DB)).toBe(2);
  });
});
