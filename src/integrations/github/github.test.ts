import net from "node:net";
import { describe, expect, it } from "vitest";
import { withRetry } from "../retry.ts";
import { collectAll, evaluateAll, testEnvironment } from "../testing.ts";
import { type AnyConnector, ConnectorError, type ResourceInput } from "../types.ts";
import { githubConfig, makeGithubConnector } from "./connector.ts";
import { replay } from "./fixtures/replay.ts";

/** Everything runs against recorded responses through Octokit's own transport hook (request.fetch): no network. */
const TOKEN = "ghp_TESTonly0000aaaaBBBBccccDDDDeeee1234";
const secrets = { token: TOKEN };
const base = { organization: "acme-corp" };
const env = testEnvironment();
const NOW = new Date("2026-06-01T12:00:00Z");

function setup(apiBase?: string) {
  const fake = replay(apiBase);
  const connector = makeGithubConnector({ fetch: fake.fetch, now: () => NOW });
  return { fake, connector };
}

/** Like collectAll, but with the waits recorded instead of slept (to see what a throttled call waited). */
async function collectWithWaits(connector: AnyConnector, config: unknown) {
  const waits: number[] = [];
  const warnings: string[] = [];
  const resources: ResourceInput[] = [];
  for await (const batch of connector.collect({
    config: connector.configSchema.parse(config),
    secrets: connector.secretSchema.parse(secrets),
    env,
    signal: new AbortController().signal,
    retry: (what, call) => withRetry(what, call, { sleep: async (ms) => void waits.push(ms), random: () => 0 }),
    progress: async () => {},
    warn: (m) => void warnings.push(m),
  }))
    resources.push(...batch);
  return { resources, warnings, waits };
}

const ids = (rs: ResourceInput[], type: string) => rs.filter((r) => r.type === type).map((r) => r.name);
const noToken = (...texts: unknown[]) => {
  for (const t of texts) expect(JSON.stringify(t)).not.toContain(TOKEN);
};

describe("GitHub settings", () => {
  it("fills defaults and refuses bad values with what to do", () => {
    expect(githubConfig.parse({ organization: "acme-corp", apiUrl: "https://ghe.example.test/api/v3/" })).toEqual({
      organization: "acme-corp",
      apiUrl: "https://ghe.example.test/api/v3",
      maxAdmins: 3,
      includeArchived: false,
    });
    const issue = (v: unknown) => githubConfig.safeParse(v).error?.issues[0]?.message;
    expect(issue({ organization: "acme corp" })).toMatch(/organization's login as in https:\/\/github.com\/<login>/);
    expect(issue({ ...base, apiUrl: "http://ghe.example.test/api/v3" })).toMatch(/must use https/);
    expect(issue({ ...base, apiUrl: "https://github.com" })).toMatch(/use https:\/\/api.github.com/);
    expect(issue({ ...base, apiUrl: "https://x:y@ghe.example.test" })).toMatch(/credentials/);
    expect(issue({ ...base, repositories: ["acme-corp/api"] })).toMatch(/without the owner/);
    expect(issue({ ...base, maxAdmins: 0 })).toBeTruthy();
    expect(githubConfig.safeParse({ ...base, token: TOKEN }).success).toBe(false);
  });
});

describe("GitHub collection (recorded responses)", () => {
  it("reads every page, sends the token only as Authorization, and warns about forbidden per-repository calls", async () => {
    const { fake, connector } = setup();
    const { resources, warnings } = await collectAll(connector, base, secrets);

    expect(fake.unmatched).toEqual([]);
    // Both pages of members and of repositories, each through its Link header.
    expect(fake.count("GET /organizations/98765432/members?per_page=100&page=2")).toBe(1);
    expect(fake.count("GET /organizations/98765432/repos?type=all&per_page=100&page=2")).toBe(1);
    expect(fake.seen[0]!.url).toBe("https://api.github.com/orgs/acme-corp");
    for (const s of fake.seen) {
      expect(s.headers.authorization).toBe(`token ${TOKEN}`);
      expect(s.headers["x-github-api-version"]).toBe("2022-11-28");
      expect(s.url).not.toContain(TOKEN);
      if (/\/(members|repos|collaborators|outside_collaborators)\?/.test(s.url))
        expect(s.url).toContain("per_page=100");
    }
    // Archived repositories are skipped by default: none of legacy's endpoints was asked.
    expect(fake.seen.some((s) => s.key.includes("/legacy"))).toBe(false);

    expect(ids(resources, "github_organization")).toEqual(["acme-corp"]);
    expect(ids(resources, "user").sort()).toEqual(
      ["ada-admin", "dev-dan", "dev-erin", "grace-ops", "linus-sec", "root-bot"].sort(),
    );
    const roles = Object.fromEntries(
      resources.filter((r) => r.type === "user").map((r) => [r.name, r.attributes.role]),
    );
    expect(roles).toEqual({
      "ada-admin": "admin",
      "grace-ops": "admin",
      "linus-sec": "admin",
      "root-bot": "admin",
      "dev-dan": "member",
      "dev-erin": "member",
    });
    expect(ids(resources, "repository")).toEqual([
      "acme-corp/api",
      "acme-corp/web",
      "acme-corp/docs",
      "acme-corp/infra",
    ]);
    expect(ids(resources, "outside_collaborator").sort()).toEqual(["auditor-alice", "contractor-carl"]);

    const org = resources.find((r) => r.type === "github_organization")!;
    expect(org.externalId).toBe("98765432");
    expect(org.attributes).toMatchObject({
      two_factor_requirement_enabled: false,
      default_repository_permission: "read",
      admin_count: 4,
      outside_collaborator_count: 2,
      plan: { name: "team" },
    });
    expect(org.attributes).not.toHaveProperty("repos_url");
    const api = resources.find((r) => r.name === "acme-corp/api")!;
    expect(api.attributes).toMatchObject({
      visibility: "private",
      default_branch: "main",
      archived: false,
      default_branch_protected: true,
      required_approving_review_count: 2,
      dismiss_stale_reviews: true,
      enforce_admins: true,
      dependabot_alerts_enabled: true,
      secret_scanning: "enabled",
      outside_collaborators: [{ login: "contractor-carl", permission: "write" }],
    });
    expect(api.attributes.html_url).toBe("https://github.com/acme-corp/api");
    expect(resources.find((r) => r.name === "acme-corp/infra")!.attributes).toMatchObject({
      default_branch_protected: null,
      dependabot_alerts_enabled: true,
      secret_scanning: "unavailable",
    });

    expect(warnings).toEqual([
      "Reading whether Dependabot alerts are on for acme-corp/docs was refused (403 Must have admin rights to Repository.): the token needs admin access to the repository (fine-grained: Administration: read).",
      "Reading the protection of acme-corp/infra@main was refused (403 Must have admin rights to Repository.): the token needs admin access to the repository (fine-grained: Administration: read).",
    ]);
    noToken(resources, warnings);
  });

  it("evaluates every test on every resource, with its reason", async () => {
    const { connector } = setup();
    const { resources } = await collectAll(connector, base, secrets);
    const results = evaluateAll(connector, resources, githubConfig.parse(base));
    const byName = new Map(resources.map((r) => [r.externalId, r.name]));
    const got = Object.fromEntries(
      [...results].map(([k, v]) => {
        const [test, ext] = k.split("|");
        return [`${test}|${byName.get(ext!)}`, `${v.status}: ${v.reason}`];
      }),
    );
    expect(got).toEqual({
      "github.org_two_factor_required|acme-corp":
        "fail: acme-corp does not require two-factor authentication: members may sign in with a password alone.",
      "github.org_admin_count|acme-corp":
        "fail: 4 owners (ada-admin, grace-ops, linus-sec, root-bot); at most 3 allowed.",
      "github.default_branch_protected|acme-corp/api":
        "pass: main requires 2 approving reviews (stale approvals are dismissed; administrators included).",
      "github.default_branch_protected|acme-corp/web":
        "fail: main is not protected (GitHub: “Branch not protected”): anyone with write access can push to it directly.",
      "github.default_branch_protected|acme-corp/docs":
        "fail: main is protected, but requires no approving review before merge.",
      "github.default_branch_protected|acme-corp/infra":
        "error: The protection of main could not be read (see the sync's warnings).",
      "github.dependabot_alerts_enabled|acme-corp/api": "pass: Dependabot alerts are on.",
      "github.dependabot_alerts_enabled|acme-corp/web":
        "fail: Dependabot alerts are off: vulnerable dependencies go unnoticed.",
      "github.dependabot_alerts_enabled|acme-corp/docs":
        "error: Whether Dependabot alerts are on could not be read (see the sync's warnings).",
      "github.dependabot_alerts_enabled|acme-corp/infra": "pass: Dependabot alerts are on.",
      "github.secret_scanning_enabled|acme-corp/api": "pass: Secret scanning is on.",
      "github.secret_scanning_enabled|acme-corp/web":
        "fail: Secret scanning is off: credentials committed to the repository are not detected.",
      "github.secret_scanning_enabled|acme-corp/docs": "pass: Secret scanning is on.",
      "github.secret_scanning_enabled|acme-corp/infra":
        "not_applicable: GitHub reports no secret scanning setting for acme-corp/infra: the organization's plan does not include it for private repositories.",
      "github.outside_collaborator_access|contractor-carl":
        "fail: contractor-carl can push to 1 repository: api (write).",
      "github.outside_collaborator_access|auditor-alice":
        "pass: auditor-alice has read-only access to 1 repository: web (read).",
    });
    const lenient = evaluateAll(connector, resources, githubConfig.parse({ ...base, maxAdmins: 4 }));
    expect(lenient.get("github.org_admin_count|98765432")!.status).toBe("pass");
  });

  it("collects archived repositories when asked (their protection and alerts are not applicable)", async () => {
    const { fake, connector } = setup();
    const { resources } = await collectAll(connector, { ...base, includeArchived: true }, secrets);
    expect(fake.unmatched).toEqual([]);
    expect(fake.count("GET /repos/acme-corp/legacy/collaborators?affiliation=outside&per_page=100")).toBe(1);
    expect(fake.seen.some((s) => s.key.includes("legacy/branches") || s.key.includes("legacy/vulnerability"))).toBe(
      false,
    );
    const results = evaluateAll(connector, resources, githubConfig.parse(base));
    for (const t of ["default_branch_protected", "dependabot_alerts_enabled", "secret_scanning_enabled"])
      expect(results.get(`github.${t}|812340015`)).toEqual({
        status: "not_applicable",
        reason: "acme-corp/legacy is archived (read-only).",
      });
    expect(results.get("github.outside_collaborator_access|2200301")!.reason).toBe(
      "contractor-carl can push to 2 repositories: api (write), legacy (admin).",
    );
  });

  it("checks only the listed repositories, and warns about one that does not exist", async () => {
    const { fake, connector } = setup();
    const { resources, warnings } = await collectAll(connector, { ...base, repositories: ["api", "gone"] }, secrets);
    expect(fake.seen.some((s) => s.key.includes("/repos?"))).toBe(false);
    expect(fake.seen.some((s) => /\/repos\/acme-corp\/(web|docs|infra)/.test(s.key))).toBe(false);
    expect(ids(resources, "repository")).toEqual(["acme-corp/api"]);
    expect(warnings).toEqual([
      "Repository acme-corp/gone is listed in the connection's settings, but it does not exist or the token cannot see it.",
    ]);
    const results = evaluateAll(connector, resources, githubConfig.parse(base));
    expect(results.get("github.outside_collaborator_access|2200302")).toEqual({
      status: "pass",
      reason: "auditor-alice has no access to the repositories checked.",
    });
  });

  it("keeps going when the owner list is forbidden: a warning, and the admin test says it could not tell", async () => {
    const { fake, connector } = setup();
    fake.queue("GET /orgs/acme-corp/members?per_page=100&role=admin", {
      status: 403,
      headers: { "content-type": "application/json", "x-oauth-scopes": "repo", "x-accepted-oauth-scopes": "read:org" },
      body: { message: "Resource not accessible by personal access token" },
    });
    const { resources, warnings } = await collectAll(connector, base, secrets);
    expect(warnings[0]).toMatch(
      /^GitHub refused listing the owners of acme-corp: .* accepts the scope\(s\) read:org; the token has repo\. A classic token needs/,
    );
    expect(resources.filter((r) => r.type === "user").every((r) => r.attributes.role === "member")).toBe(true);
    const results = evaluateAll(connector, resources, githubConfig.parse(base));
    expect(results.get("github.org_admin_count|98765432")).toEqual({
      status: "error",
      reason: "The list of organization owners could not be read (see the sync's warnings).",
    });
  });

  it("works against a GitHub Enterprise Server API URL, following its own page links", async () => {
    const { fake, connector } = setup("https://ghe.example.test/api/v3");
    const { resources } = await collectAll(connector, { ...base, apiUrl: "https://ghe.example.test/api/v3" }, secrets);
    expect(fake.unmatched).toEqual([]);
    expect(fake.seen.every((s) => s.url.startsWith("https://ghe.example.test/api/v3/"))).toBe(true);
    expect(ids(resources, "user")).toHaveLength(6);
  });

  it("never follows a page link to another host (the token would go with it)", async () => {
    const { fake, connector } = setup();
    const page1 = fake.recorded("GET /orgs/acme-corp/members?per_page=100");
    fake.record("GET /orgs/acme-corp/members?per_page=100", {
      ...page1,
      headers: { ...page1.headers, link: '<https://evil.example.test/members?page=2>; rel="next"' },
    });
    const err = await collectAll(connector, base, secrets).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).message).toMatch(/points outside https:\/\/api.github.com .*not followed/);
    expect(fake.seen.some((s) => s.url.includes("evil"))).toBe(false);
  });
});

describe("GitHub throttling and failures", () => {
  it("waits for Retry-After on a 429, then reads the same page again (Octokit does not retry on its own)", async () => {
    const { fake, connector } = setup();
    const page2 = "GET /organizations/98765432/members?per_page=100&page=2";
    fake.queue(page2, {
      status: 429,
      headers: { "content-type": "application/json", "retry-after": "7" },
      body: { message: "API rate limit exceeded" },
    });
    const { resources, waits } = await collectWithWaits(connector, base);
    expect(waits).toEqual([7000]);
    expect(fake.count(page2)).toBe(2);
    expect(fake.count("GET /orgs/acme-corp/members?per_page=100")).toBe(1);
    expect(ids(resources, "user")).toHaveLength(6);
  });

  it("waits until x-ratelimit-reset when the primary rate limit is used up (403, remaining 0)", async () => {
    const { fake, connector } = setup();
    const reset = Math.floor(NOW.getTime() / 1000) + 90;
    fake.queue("GET /orgs/acme-corp/outside_collaborators?per_page=100", {
      status: 403,
      headers: {
        "content-type": "application/json",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(reset),
      },
      body: { message: "API rate limit exceeded for user ID 1100201." },
    });
    const { waits, warnings } = await collectWithWaits(connector, base);
    expect(waits).toEqual([90_000]);
    expect(warnings).toHaveLength(2); // only the recorded per-repository refusals
  });

  it("stops with the wait said when the rate limit resets too far ahead", async () => {
    const { fake, connector } = setup();
    fake.queue("GET /orgs/acme-corp", {
      status: 403,
      headers: {
        "content-type": "application/json",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(Math.floor(NOW.getTime() / 1000) + 3600),
      },
      body: { message: "API rate limit exceeded" },
    });
    await expect(collectWithWaits(connector, base)).rejects.toThrow(
      /reading organization acme-corp: the service asked to wait 3600 s before retrying/,
    );
  });

  it("retries 5xx answers and dropped connections, then continues", async () => {
    const { fake, connector } = setup();
    fake.queue(
      "GET /repos/acme-corp/api/branches/main/protection",
      { status: 502, headers: { "content-type": "text/html" }, body: "Bad Gateway" },
      new TypeError("fetch failed", { cause: new Error("read ECONNRESET") }),
    );
    const { resources, waits } = await collectWithWaits(connector, base);
    expect(waits).toHaveLength(2);
    expect(fake.count("GET /repos/acme-corp/api/branches/main/protection")).toBe(3);
    expect(resources.find((r) => r.name === "acme-corp/api")!.attributes.default_branch_protected).toBe(true);
  });

  it("fails with a clear error when a page keeps failing, after retrying that page alone", async () => {
    const { fake, connector } = setup();
    const page2 = "GET /organizations/98765432/repos?type=all&per_page=100&page=2";
    const bad = {
      status: 503,
      headers: { "content-type": "application/json" },
      body: { message: "Service Unavailable" },
    };
    fake.queue(page2, bad, bad, bad, bad, bad, bad);
    const err = (await collectAll(connector, base, secrets).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe(
      "listing the repositories of acme-corp (page 2): still failing after 6 attempts (listing the repositories of acme-corp: GitHub answered HTTP 503 (Service Unavailable).).",
    );
    expect(fake.count(page2)).toBe(6);
    expect(fake.count("GET /orgs/acme-corp/repos?per_page=100&type=all")).toBe(1);
    noToken(err.message);
  });

  it("fails the sync when the token is rejected, without retrying and without the token in the message", async () => {
    const { fake, connector } = setup();
    fake.queue("GET /orgs/acme-corp", {
      status: 401,
      headers: { "content-type": "application/json" },
      body: { message: "Bad credentials", documentation_url: "https://docs.github.com/rest", status: "401" },
    });
    const err = await collectAll(connector, base, secrets).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).message).toBe(
      "GitHub rejected the token (401 Bad credentials) while reading organization acme-corp.",
    );
    expect(fake.count("GET /orgs/acme-corp")).toBe(1);
    noToken((err as ConnectorError).message, (err as ConnectorError).guidance);
  });
});

describe("GitHub testConnection", () => {
  const config = githubConfig.parse(base);

  it("connects and names the organization and the token's scopes", async () => {
    const { fake, connector } = setup();
    const r = await connector.testConnection(config, secrets, env);
    expect(r).toEqual({
      ok: true,
      message:
        "Connected to the GitHub organization acme-corp (Acme Corp) with a classic token (scopes: read:org, repo).",
      details: { organization: "acme-corp", scopes: ["read:org", "repo"] },
    });
    expect(fake.seen.map((s) => s.key)).toEqual(["GET /orgs/acme-corp"]);
    expect(fake.seen[0]!.headers.authorization).toBe(`token ${TOKEN}`);
  });

  it("says which scopes are missing, and when the token cannot see the 2FA setting", async () => {
    const { fake, connector } = setup();
    const org = fake.recorded("GET /orgs/acme-corp");
    const { two_factor_requirement_enabled: _, ...asMember } = org.body as Record<string, unknown>;
    fake.record("GET /orgs/acme-corp", { ...org, headers: { ...org.headers, "x-oauth-scopes": "" }, body: asMember });
    const r = await connector.testConnection(config, secrets, env);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.message).toMatch(/scopes: none\)\. The token lacks the read:org and repo scopes/);
      expect(r.message).toMatch(/2FA requirement only to its owners/);
    }
  });

  const failure = async (response: { status: number; headers?: Record<string, string>; body: unknown }) => {
    const { fake, connector } = setup();
    fake.queue("GET /orgs/acme-corp", {
      status: response.status,
      headers: { "content-type": "application/json", ...response.headers },
      body: response.body,
    });
    const r = await connector.testConnection(config, secrets, env);
    expect(r.ok).toBe(false);
    noToken(r);
    return r as { ok: false; error: string; guidance: string };
  };

  it("explains a bad or expired token (401)", async () => {
    const r = await failure({ status: 401, body: { message: "Bad credentials", status: "401" } });
    expect(r.error).toBe("GitHub rejected the token (401 Bad credentials) while reading organization acme-corp.");
    expect(r.guidance).toMatch(/wrong, expired or revoked: create a new one/);
  });

  it("explains an unknown organization or one the token cannot see (404)", async () => {
    const r = await failure({ status: 404, body: { message: "Not Found" } });
    expect(r.error).toBe(
      'GitHub found no organization "acme-corp" that this token can see (404 while reading organization acme-corp).',
    );
    expect(r.guidance).toMatch(/https:\/\/github.com\/acme-corp.*resource owner/);
  });

  it("names the missing scope and the permissions needed (403)", async () => {
    const r = await failure({
      status: 403,
      headers: { "x-oauth-scopes": "repo", "x-accepted-oauth-scopes": "read:org" },
      body: { message: "Resource not accessible by personal access token" },
    });
    expect(r.error).toBe(
      "GitHub refused reading organization acme-corp: the token lacks a permission (403 Resource not accessible by personal access token). This call accepts the scope(s) read:org; the token has repo.",
    );
    expect(r.guidance).toMatch(/read:org and repo scopes/);
    expect(r.guidance).toMatch(
      /Members: read.*Administration: read.*Dependabot alerts: read.*Secret scanning alerts: read/,
    );
  });

  it("recognizes SAML single sign-on enforcement (403 with x-github-sso)", async () => {
    const r = await failure({
      status: 403,
      headers: { "x-github-sso": "required; url=https://github.com/orgs/acme-corp/sso?authorization_request=abc" },
      body: { message: "Resource protected by organization SAML enforcement." },
    });
    expect(r.error).toMatch(/enforces SAML single sign-on/);
    expect(r.guidance).toMatch(/Configure SSO/);
  });

  it("reports rate limiting and unreachable servers without retrying", async () => {
    const limited = await failure({
      status: 429,
      headers: { "retry-after": "30" },
      body: { message: "You have exceeded a secondary rate limit." },
    });
    expect(limited.error).toBe("reading organization acme-corp: GitHub asked to slow down (HTTP 429).");
    const { fake, connector } = setup();
    fake.queue("GET /orgs/acme-corp", new TypeError("fetch failed", { cause: new Error("getaddrinfo ENOTFOUND") }));
    const down = await connector.testConnection(config, secrets, env);
    expect(down).toMatchObject({
      ok: false,
      error: expect.stringMatching(/could not be reached \(getaddrinfo ENOTFOUND\)/),
    });
    expect(fake.count("GET /orgs/acme-corp")).toBe(1);
  });
});

describe("GitHub API URL destinations", () => {
  it("refuses an API URL on a loopback or private address unless the installation allows it", async () => {
    // A real listener where the API URL points: the refusal comes before any connection.
    let connections = 0;
    const server = net.createServer((s) => s.destroy()).on("connection", () => connections++);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const connector = makeGithubConnector();
      for (const apiUrl of [
        `https://127.0.0.1:${port}/api/v3`,
        `https://localhost:${port}/api/v3`,
        "https://10.0.0.8/api/v3",
      ]) {
        const r = await connector.testConnection(githubConfig.parse({ ...base, apiUrl }), secrets, env);
        expect(r, apiUrl).toMatchObject({
          ok: false,
          error: expect.stringMatching(/is a (loopback|private-network) address/),
        });
        expect(!r.ok && r.guidance, apiUrl).toMatch(/ASSAY_OUTBOUND_ALLOW/);
      }
      expect(connections).toBe(0);
      // Allowed: the connector reaches the listener (which is no GitHub, so the test still fails, over the network).
      const allowed = await connector.testConnection(
        githubConfig.parse({ ...base, apiUrl: `https://127.0.0.1:${port}/api/v3` }),
        secrets,
        testEnvironment({ outboundAllow: "127.0.0.1" }),
      );
      expect(allowed.ok).toBe(false);
      expect(connections).toBeGreaterThan(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
