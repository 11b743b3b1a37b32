import okta from "@okta/okta-sdk-nodejs";
import { describe, expect, it } from "vitest";
import { collectRecordingWaits, type Exchange, loadFixture, recorded } from "../identity/recorded.ts";
import { collectAll, evaluateAll, testEnvironment } from "../testing.ts";
import { createOktaConnector, networkExecutor, oktaConfig, oktaSecrets, rateLimitWait } from "./connector.ts";

/**
 * Recorded Okta management API responses (fixtures/) are served through the SDK's RequestExecutor hook: the
 * SDK builds each request, follows Link headers, deserializes models and raises its own error types.
 */
const org = loadFixture(new URL("./fixtures/org.json", import.meta.url));
const errors = loadFixture<Record<string, Exchange>>(new URL("./fixtures/errors.json", import.meta.url));
const ORIGIN = "https://acme.okta.com";
const TOKEN = "00Qm3Xq7Lr2Vb9Kp4Zt6Wy1Nc8Hd5Fs0Jg3Ae7Tu";
const secrets = { apiToken: TOKEN };
const base = { orgUrl: ORIGIN };
const env = testEnvironment();

/** The SDK's transport hook: every request it would send goes to the recorded exchanges instead. */
class RecordedExecutor extends okta.RequestExecutor {
  serve: ReturnType<typeof recorded>["handle"];
  constructor(serve: ReturnType<typeof recorded>["handle"]) {
    super();
    this.serve = serve;
  }
  // biome-ignore lint/suspicious/noExplicitAny: the SDK types this as node-fetch's Response; a WHATWG one serves
  override fetch(request: Parameters<okta.RequestExecutor["fetch"]>[0]): any {
    return this.serve(request as never);
  }
}

function connectorWith(exchanges: readonly Exchange[]) {
  const rec = recorded(ORIGIN, exchanges);
  return { rec, connector: createOktaConnector({ requestExecutor: () => new RecordedExecutor(rec.handle) }) };
}

const IDS = {
  ada: "00u1f96ECLNVOKVMUSEA",
  bob: "00u1f9cMYQZFMPVXIDIZ",
  carol: "00u1fa3rTnBq5vXyZ0h7",
  dan: "00u2b7kLmNoPqRsTuVw1",
  erin: "00u2c8JxYzAbCdEfGh12",
  frank: "00u2d9KlMnOpQrStUv34",
  grace: "00u2e0WxYzAbCdEfGh56",
  heidi: "00u0a1BcDeFgHiJkLm78",
  ivan: "00u0a2NoPqRsTuVwXy90",
};
const byTest = (results: Map<string, { status: string; reason: string }>, testId: string) =>
  Object.fromEntries(
    [...results].filter(([k]) => k.startsWith(`${testId}|`)).map(([k, v]) => [k.slice(testId.length + 1), v.status]),
  );

describe("Okta connector (recorded responses through the SDK's RequestExecutor)", () => {
  it("follows Link headers through every page, reads factors, roles, apps and groups, and evaluates each user", async () => {
    const { rec, connector } = connectorWith(org);
    const { resources, warnings } = await collectAll(connector, base, secrets);
    expect(rec.unmatched).toEqual([]);
    for (const c of rec.calls) expect(c.headers.get("authorization")).toBe(`SSWS ${TOKEN}`);
    const userPages = rec.calls.filter((c) => new URL(c.url).pathname === "/api/v1/users");
    expect(userPages.map((c) => Object.fromEntries(new URL(c.url).searchParams))).toEqual([
      { limit: "200" },
      { after: IDS.carol, limit: "200" },
      { search: 'status eq "DEPROVISIONED"', limit: "200" },
    ]);
    expect(rec.calls.filter((c) => c.url.includes("/iam/assignees/users"))).toHaveLength(2);
    // Ivan's apps are refused: a warning, not a failed sync.
    expect(warnings).toEqual([
      expect.stringMatching(
        /^reading the apps of ivan@example.com: The API token's administrator may not read this \(E0000006: You do not have permission/,
      ),
    ]);

    const users = resources.filter((r) => r.type === "user");
    expect(users.map((u) => [u.attributes.email, u.attributes.status])).toEqual([
      ["ada@example.com", "active"],
      ["bob@example.com", "active"],
      ["carol@example.com", "locked_out"],
      ["dan@example.com", "active"],
      ["erin@example.com", "suspended"],
      ["frank@example.com", "staged"],
      ["grace.hopper@example.com", "active"],
      ["heidi@example.com", "deprovisioned"],
      ["ivan@example.com", "deprovisioned"],
    ]);
    const ada = users.find((u) => u.externalId === IDS.ada)!;
    expect(ada.attributes).toMatchObject({
      mfa_enrolled: true,
      mfa_methods: ["push (OKTA)", "webauthn (FIDO)"],
      admin_roles: ["SUPER_ADMIN"],
      last_login: "2027-03-30T08:12:44.000Z",
    });
    const erin = users.find((u) => u.externalId === IDS.erin)!;
    expect(erin.attributes).toMatchObject({
      apps: ["Slack", "GitHub Enterprise Cloud"],
      groups: ["Engineering"],
      factors: null,
    });
    const dir = resources.find((r) => r.type === "directory")!;
    expect(dir).toMatchObject({
      externalId: "acme.okta.com",
      attributes: {
        admins: ["ada@example.com", "bob@example.com", "dan@example.com"],
        admin_count: 3,
        inactive_admins: ["erin@example.com"],
        user_count: 9,
        users_by_status: { ACTIVE: 4, LOCKED_OUT: 1, SUSPENDED: 1, STAGED: 1, DEPROVISIONED: 2 },
      },
    });

    const results = evaluateAll(connector, resources, oktaConfig.parse(base));
    expect(byTest(results, "okta.user_mfa_enrolled")).toEqual({
      [IDS.ada]: "pass",
      [IDS.bob]: "fail",
      [IDS.carol]: "pass",
      [IDS.dan]: "fail",
      [IDS.erin]: "not_applicable",
      [IDS.frank]: "not_applicable",
      [IDS.grace]: "pass",
      [IDS.heidi]: "not_applicable",
      [IDS.ivan]: "not_applicable",
    });
    // An SMS factor still pending activation is no second factor.
    expect(results.get(`okta.user_mfa_enrolled|${IDS.bob}`)!.reason).toBe(
      "bob@example.com can sign in with a password alone: not enrolled in MFA.",
    );
    expect(results.get(`okta.user_mfa_enrolled|${IDS.carol}`)!.reason).toBe(
      "carol@example.com is enrolled in MFA (token:software:totp (GOOGLE)).",
    );
    expect(results.get(`okta.user_mfa_enrolled|${IDS.frank}`)!.reason).toBe(
      "The account is staged and cannot sign in.",
    );
    expect(byTest(results, "okta.inactive_user_access")).toEqual({
      [IDS.ada]: "not_applicable",
      [IDS.bob]: "not_applicable",
      [IDS.carol]: "not_applicable",
      [IDS.dan]: "not_applicable",
      [IDS.erin]: "fail",
      [IDS.frank]: "not_applicable",
      [IDS.grace]: "not_applicable",
      [IDS.heidi]: "pass",
      [IDS.ivan]: "error",
    });
    expect(results.get(`okta.inactive_user_access|${IDS.erin}`)!.reason).toBe(
      'erin@example.com is suspended but still holds: the app "Slack"; the app "GitHub Enterprise Cloud"; membership of group "Engineering"; the admin role SUPER_ADMIN.',
    );
    expect(results.get(`okta.inactive_user_access|${IDS.heidi}`)!.reason).toBe(
      "heidi@example.com is deprovisioned and holds nothing of what was checked (apps, groups, admin roles).",
    );
    expect(results.get("okta.admin_count|acme.okta.com")).toEqual({
      status: "pass",
      reason: "3 super or org administrators (ada@example.com, bob@example.com, dan@example.com); at most 3 allowed.",
    });
    const strict = evaluateAll(connector, [dir], oktaConfig.parse({ ...base, maxAdmins: 2 }));
    expect(strict.get("okta.admin_count|acme.okta.com")!.status).toBe("fail");
  });

  it("waits until x-rate-limit-reset on a 429 and backs off on a 5xx, then carries on", async () => {
    const { rec, connector } = connectorWith([errors.rate_limited!, errors.server_error!, ...org]);
    const { resources, waits } = await collectRecordingWaits(connector, base, secrets);
    expect(rec.unmatched).toEqual([]);
    expect(resources.filter((r) => r.type === "user")).toHaveLength(9);
    // Reset is 4 s after the response's Date; the 500 backs off 0.5 s (first retry, no jitter in this test).
    expect(waits).toEqual([4000, 500]);
    expect(rec.calls.filter((c) => c.url === `${ORIGIN}/api/v1/users?limit=200`)).toHaveLength(2);
  });

  it("keeps the SDK's own 429 retry off, so throttling reaches the sync's policy", () => {
    const executor = networkExecutor(env.outbound);
    expect(executor.maxRetries).toBe(0);
    const throttled = new Response("{}", {
      status: 429,
      headers: { "x-rate-limit-reset": "1806494404", date: "Wed, 31 Mar 2027 12:00:00 GMT" },
    });
    // With retries on, parseResponse would schedule a new request instead of handing the 429 back.
    expect(executor.parseResponse({ headers: {} } as never, throttled as never)).toBe(throttled);
    expect(rateLimitWait("1806494404", "Wed, 31 Mar 2027 12:00:00 GMT")).toBe(4000);
    expect(rateLimitWait("1806494404", null, new Date("2027-03-31T12:00:03Z"))).toBe(1000);
    expect(rateLimitWait(null, null)).toBeNull();
  });

  it("tests the connection: ok, or an invalid token, missing permission, or a wrong org URL", async () => {
    const check = async (exchanges: Exchange[]) => {
      const { rec, connector } = connectorWith(exchanges);
      const result = await connector.testConnection(oktaConfig.parse(base), oktaSecrets.parse(secrets), env);
      expect(rec.unmatched).toEqual([]);
      return result;
    };
    expect(await check([errors.org!, errors.one_user!])).toEqual({
      ok: true,
      message: "Connected to Acme Corp (https://acme.okta.com) and read its users.",
      details: { org: "Acme Corp", subdomain: "acme" },
    });
    // Org settings hidden from a narrower role: still fine when users can be read.
    expect(await check([errors.org_forbidden!, errors.one_user!])).toMatchObject({
      ok: true,
      message: "Connected to https://acme.okta.com and read its users.",
    });
    const invalid = await check([errors.invalid_token!]);
    expect(invalid).toMatchObject({
      ok: false,
      error: "Okta rejected the API token (E0000011: Invalid token provided).",
    });
    if (!invalid.ok) expect(invalid.guidance).toMatch(/Security → API → Tokens/);
    const forbidden = await check([errors.org!, errors.users_forbidden!]);
    expect(forbidden).toMatchObject({
      ok: false,
      error:
        "The API token's administrator may not read this (E0000006: You do not have permission to perform the requested action).",
    });
    if (!forbidden.ok) expect(forbidden.guidance).toMatch(/Read-Only Administrator/);
    expect(await check([errors.not_okta!])).toMatchObject({
      ok: false,
      error: "https://acme.okta.com does not answer like an Okta org (HTTP 404).",
    });

    // A host that does not exist: node-fetch's FetchError, as the SDK's executor would pass it on.
    const dns = Object.assign(new Error("getaddrinfo ENOTFOUND assay-no-such-org.invalid"), {
      type: "system",
      code: "ENOTFOUND",
      errno: "ENOTFOUND",
    });
    const nowhere = await createOktaConnector({
      requestExecutor: () => new RecordedExecutor(() => Promise.reject(dns)),
    }).testConnection(
      oktaConfig.parse({ orgUrl: "https://assay-no-such-org.invalid" }),
      oktaSecrets.parse(secrets),
      env,
    );
    expect(nowhere).toMatchObject({
      ok: false,
      error: "The host name assay-no-such-org.invalid does not resolve.",
    });
  });

  it("validates the org URL and the token's shape with actionable messages", () => {
    const url = (orgUrl: string) => {
      const r = oktaConfig.safeParse({ orgUrl });
      return r.success ? r.data.orgUrl : r.error.issues[0]!.message;
    };
    expect(url("https://acme.okta.com/")).toBe("https://acme.okta.com");
    expect(url("http://acme.okta.com")).toBe("The org URL must start with https://.");
    expect(url("https://acme-admin.okta.com")).toBe('Use the org URL without "-admin": https://acme.okta.com.');
    expect(url("https://acme.okta.com/app/UserHome")).toBe(
      "Give only the org's address, without a path: https://acme.okta.com.",
    );
    expect(url("acme")).toBe("Give the org's address, like https://acme.okta.com.");
    const token = oktaSecrets.safeParse({ apiToken: `SSWS ${TOKEN}` });
    expect(token.success).toBe(false);
    expect(JSON.stringify(token.error!.issues)).not.toContain(TOKEN);
    expect(token.error!.issues[0]!.message).toMatch(/without the word SSWS/);
  });

  it("never puts the API token in results, errors or warnings", async () => {
    for (const x of [[errors.invalid_token!], [errors.org!, errors.users_forbidden!], [errors.not_okta!]]) {
      const { connector } = connectorWith(x);
      const result = await connector.testConnection(oktaConfig.parse(base), oktaSecrets.parse(secrets), env);
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toContain(TOKEN);
    }
    const { connector } = connectorWith(org);
    const { resources, warnings } = await collectAll(connector, base, secrets);
    expect(JSON.stringify({ resources, warnings })).not.toContain(TOKEN);
    // A sync stopped by a revoked token says so, without the token.
    const revoked = connectorWith([{ ...errors.invalid_token!, request: "GET /api/v1/iam/assignees/users?limit=100" }]);
    const failure = await collectAll(revoked.connector, base, secrets).catch((e: Error) => e);
    expect((failure as Error).message).toBe("Okta rejected the API token (E0000011: Invalid token provided).");
  });
});

describe("Okta org URL destinations", () => {
  it("refuses an org URL on a loopback, private or metadata address unless the installation allows it", async () => {
    const connector = createOktaConnector();
    for (const orgUrl of [
      "https://127.0.0.1:9",
      "https://localhost:9",
      "https://192.168.10.10",
      "https://169.254.169.254",
    ]) {
      const r = await connector.testConnection(oktaConfig.parse({ orgUrl }), oktaSecrets.parse(secrets), env);
      expect(r, orgUrl).toMatchObject({
        ok: false,
        error: expect.stringMatching(/is a (loopback|private-network|cloud metadata) address/),
        guidance: expect.stringMatching(/ASSAY_OUTBOUND_ALLOW/),
      });
    }
  });
});
