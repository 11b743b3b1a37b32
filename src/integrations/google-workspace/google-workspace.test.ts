import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { collectRecordingWaits, type Exchange, loadFixture, recorded } from "../identity/recorded.ts";
import { collectAll, evaluateAll, testEnvironment } from "../testing.ts";
import {
  createGoogleWorkspaceConnector,
  googleWorkspaceConfig,
  googleWorkspaceSecrets,
  USER_READONLY_SCOPE,
  USER_SECURITY_SCOPE,
} from "./connector.ts";

/**
 * Recorded Directory API and OAuth token responses (fixtures/) are served to gaxios through its
 * fetchImplementation hook: the SDK signs a real JWT with a key made here, exchanges it for a token and pages
 * through users exactly as it would against Google.
 */
const directory = loadFixture(new URL("./fixtures/directory.json", import.meta.url));
const errors = loadFixture<Record<string, Exchange>>(new URL("./fixtures/errors.json", import.meta.url));

const { privateKey } = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const KEY = {
  type: "service_account",
  project_id: "assay-monitoring-431200",
  private_key_id: "3f1c9a7e52b04d6f8e2a1b0c9d8e7f6a5b4c3d2e",
  private_key: privateKey,
  client_email: "assay-directory@assay-monitoring-431200.iam.gserviceaccount.com",
  client_id: "109876543210987654321",
  auth_uri: "https://accounts.google.com/o/oauth2/auth",
  token_uri: "https://oauth2.googleapis.com/token",
};
const secrets = { serviceAccountKey: JSON.stringify(KEY) };
const base = { adminEmail: "ada@example.com" };
const ORIGIN = "https://admin.googleapis.com";

function connectorWith(exchanges: readonly Exchange[]) {
  const rec = recorded(ORIGIN, exchanges);
  return { rec, connector: createGoogleWorkspaceConnector({ fetch: rec.fetch }) };
}

/** The claims of the JWT the SDK sent to the token endpoint. */
function assertionClaims(body: string | null) {
  const assertion = new URLSearchParams(body ?? "").get("assertion") ?? "";
  return JSON.parse(Buffer.from(assertion.split(".")[1] ?? "", "base64url").toString()) as Record<string, unknown>;
}

const byTest = (results: Map<string, { status: string; reason: string }>, testId: string) =>
  Object.fromEntries(
    [...results].filter(([k]) => k.startsWith(`${testId}|`)).map(([k, v]) => [k.slice(testId.length + 1), v.status]),
  );

const IDS = {
  ada: "104766412385011283746",
  bob: "108273645501928374651",
  carol: "112093847561029384756",
  dan: "103847561920384756102",
  erin: "117465839201928374650",
  frank: "109283746510293847561",
  grace: "115647382910293847565",
  heidi: "101928374650192837465",
};

describe("Google Workspace connector (recorded responses through gaxios)", () => {
  it("exchanges a delegated JWT for a token, reads all three pages of users and evaluates each", async () => {
    const { rec, connector } = connectorWith(directory);
    const { resources, warnings } = await collectAll(connector, base, secrets);
    expect(rec.unmatched).toEqual([]);
    expect(warnings).toEqual([]);

    const token = rec.calls.filter((c) => c.url.startsWith("https://oauth2.googleapis.com/token"));
    expect(token).toHaveLength(1); // one token for all pages
    expect(assertionClaims(token[0]!.body)).toMatchObject({
      iss: KEY.client_email,
      sub: "ada@example.com",
      scope: USER_READONLY_SCOPE,
    });
    const pages = rec.calls.filter((c) => c.url.includes("/admin/directory/v1/users?"));
    expect(pages.map((c) => new URL(c.url).searchParams.get("pageToken"))).toEqual([
      null,
      "Cg9oZWlkaUBleGFtcGxlLmNvbRIB",
      "Cg9mcmFua0BleGFtcGxlLmNvbRID",
    ]);
    for (const p of pages) expect(p.headers.get("authorization")).toBe("Bearer ya29.c.b0AXv0zTN3fixture-access-token");

    const users = resources.filter((r) => r.type === "user");
    expect(users.map((u) => u.attributes.email)).toEqual([
      "ada@example.com",
      "bob@example.com",
      "carol@example.com",
      "dan@example.com",
      "erin@example.com",
      "frank@example.com",
      "grace@example.com",
      "heidi.park@example.com",
    ]);
    const carol = users.find((u) => u.externalId === IDS.carol)!;
    expect(carol.attributes).toMatchObject({
      status: "active",
      mfa_enrolled: false,
      last_login_time: null, // Google's "never" (1970-01-01) is not a login
      org_unit_path: "/Sales",
      access_held: null,
    });
    const dir = resources.find((r) => r.type === "directory")!;
    expect(dir).toMatchObject({
      externalId: "C03az79cb",
      attributes: {
        admins: ["ada@example.com", "dan@example.com", "heidi.park@example.com"],
        suspended_super_admins: ["erin@example.com"],
        delegated_admins: ["bob@example.com"],
        user_count: 8,
        active_user_count: 5,
        suspended_user_count: 2,
        archived_user_count: 1,
      },
    });

    const results = evaluateAll(connector, resources, googleWorkspaceConfig.parse(base));
    expect(byTest(results, "google.user_2sv_enrolled")).toEqual({
      [IDS.ada]: "pass",
      [IDS.bob]: "pass",
      [IDS.carol]: "fail",
      [IDS.dan]: "fail",
      [IDS.erin]: "not_applicable",
      [IDS.frank]: "not_applicable",
      [IDS.grace]: "not_applicable",
      [IDS.heidi]: "pass",
    });
    expect(results.get(`google.user_2sv_enrolled|${IDS.carol}`)!.reason).toBe(
      "carol@example.com can sign in with a password alone: not enrolled in 2-Step Verification.",
    );
    expect(byTest(results, "google.admin_2sv_enforced")).toEqual({
      [IDS.ada]: "pass",
      [IDS.bob]: "fail",
      [IDS.carol]: "not_applicable",
      [IDS.dan]: "fail",
      [IDS.erin]: "not_applicable",
      [IDS.frank]: "not_applicable",
      [IDS.grace]: "not_applicable",
      [IDS.heidi]: "pass",
    });
    expect(results.get(`google.admin_2sv_enforced|${IDS.bob}`)!.reason).toBe(
      "bob@example.com (delegated admin) is enrolled, but 2-Step Verification is not enforced: they could turn it off.",
    );
    expect(results.get(`google.admin_2sv_enforced|${IDS.dan}`)!.reason).toBe(
      "dan@example.com (super admin) is not enrolled in 2-Step Verification.",
    );
    expect(results.get("google.super_admin_count|C03az79cb")).toEqual({
      status: "pass",
      reason: "3 super admins (ada@example.com, dan@example.com, heidi.park@example.com); at most 3 allowed.",
    });
    expect(byTest(results, "google.suspended_user_access")).toMatchObject({
      [IDS.erin]: "fail",
      [IDS.frank]: "pass",
      [IDS.grace]: "pass",
      [IDS.ada]: "not_applicable",
    });
    expect(results.get(`google.suspended_user_access|${IDS.erin}`)!.reason).toBe(
      "erin@example.com is suspended but still holds: super admin privileges.",
    );
    expect(results.get(`google.suspended_user_access|${IDS.frank}`)!.reason).toBe(
      "frank@example.com is suspended and holds nothing of what was checked (admin privileges).",
    );

    const strict = evaluateAll(connector, [dir], googleWorkspaceConfig.parse({ ...base, maxAdmins: 2 }));
    expect(strict.get("google.super_admin_count|C03az79cb")).toMatchObject({
      status: "fail",
      reason: "3 super admins (ada@example.com, dan@example.com, heidi.park@example.com); at most 2 allowed.",
    });
  });

  it("with checkTokens, reads suspended users' OAuth tokens and app passwords; a refused user is a warning", async () => {
    const { rec, connector } = connectorWith(directory);
    const config = { ...base, checkTokens: true };
    const { resources, warnings } = await collectAll(connector, config, secrets);
    expect(rec.unmatched).toEqual([]);
    const token = rec.calls.find((c) => c.url.startsWith("https://oauth2.googleapis.com/token"))!;
    expect(assertionClaims(token.body).scope).toBe(`${USER_READONLY_SCOPE} ${USER_SECURITY_SCOPE}`);
    // Only the offboarded users are looked at.
    const perUser = rec.calls.filter((c) => /\/users\/\d+\/(tokens|asps)$/.test(new URL(c.url).pathname));
    expect(new Set(perUser.map((c) => new URL(c.url).pathname.split("/")[5]))).toEqual(
      new Set([IDS.erin, IDS.frank, IDS.grace]),
    );
    expect(warnings).toEqual([
      expect.stringMatching(/^reading the OAuth tokens of erin@example.com: ada@example.com may not read this/),
    ]);

    const frank = resources.find((r) => r.externalId === IDS.frank)!;
    expect(frank.attributes).toMatchObject({
      oauth_tokens: ["Slack", "Google Drive for desktop"],
      app_passwords: ["Thunderbird on old laptop"],
    });
    const erin = resources.find((r) => r.externalId === IDS.erin)!;
    expect(erin.attributes).toMatchObject({ oauth_tokens: null, app_passwords: [] });

    const results = evaluateAll(connector, resources, googleWorkspaceConfig.parse(config));
    expect(results.get(`google.suspended_user_access|${IDS.frank}`)).toMatchObject({
      status: "fail",
      reason:
        'frank@example.com is suspended but still holds: an OAuth token for Slack; an OAuth token for Google Drive for desktop; the app password "Thunderbird on old laptop".',
    });
    expect(results.get(`google.suspended_user_access|${IDS.grace}`)).toMatchObject({
      status: "pass",
      reason:
        "grace@example.com is archived and holds nothing of what was checked (admin privileges, OAuth tokens, app passwords).",
    });
    expect(results.get(`google.suspended_user_access|${IDS.erin}`)!.status).toBe("fail");
  });

  it("waits out throttling (honouring Retry-After) and transient errors, with gaxios' own retries off", async () => {
    const exchanges = [errors.user_rate_limited!, errors.rate_limited!, errors.backend_error!, ...directory];
    const rec = recorded(ORIGIN, exchanges);
    const connector = createGoogleWorkspaceConnector({ fetch: rec.fetch });
    const { resources, waits, warnings } = await collectRecordingWaits(connector, base, secrets);
    expect(rec.unmatched).toEqual([]);
    expect(warnings).toEqual([]);
    expect(resources.filter((r) => r.type === "user")).toHaveLength(8);
    // 403 userRateLimitExceeded with Retry-After: 7 s; 429 without: backoff (1 s); 503 on page 2: backoff (0.5 s).
    expect(waits).toEqual([7000, 1000, 500]);
    const page1 = rec.calls.filter((c) => c.url.endsWith("orderBy=email"));
    expect(page1).toHaveLength(3); // each answer seen once by the connector: gaxios retried nothing itself
  });

  it("tests the connection: one user read, or what is wrong and what to do", async () => {
    const check = async (exchanges: Exchange[], config: Record<string, unknown> = base) => {
      const { rec, connector } = connectorWith(exchanges);
      const result = await connector.testConnection(
        googleWorkspaceConfig.parse(config),
        googleWorkspaceSecrets.parse(secrets),
        testEnvironment(),
      );
      expect(rec.unmatched).toEqual([]);
      return result;
    };
    const ok = await check([errors.token!, errors.one_user!]);
    expect(ok).toMatchObject({
      ok: true,
      message: `Signed in as ada@example.com through ${KEY.client_email} and read the users of my_customer (customer C03az79cb).`,
    });

    const delegation = await check([errors.unauthorized_client!]);
    expect(delegation).toMatchObject({ ok: false });
    if (!delegation.ok) {
      expect(delegation.error).toMatch(/domain-wide delegation is not granted/);
      expect(delegation.guidance).toContain(`client ID ${KEY.client_id} with the scopes ${USER_READONLY_SCOPE}`);
    }
    const withTokens = await check([errors.unauthorized_client!], { ...base, checkTokens: true });
    if (!withTokens.ok) expect(withTokens.guidance).toContain(`${USER_READONLY_SCOPE},${USER_SECURITY_SCOPE}`);

    expect(await check([errors.unknown_admin!])).toMatchObject({
      ok: false,
      error: "Google does not know the admin user ada@example.com.",
    });
    const notAdmin = await check([errors.token!, errors.not_admin!]);
    expect(notAdmin).toMatchObject({
      ok: false,
      error: 'ada@example.com may not read this: Google answered "Not Authorized to access this resource/api".',
    });
    if (!notAdmin.ok) expect(notAdmin.guidance).toMatch(/Users → Read/);
    const disabled = await check([errors.token!, errors.api_disabled!]);
    expect(disabled).toMatchObject({
      ok: false,
      error: "The Admin SDK API is not enabled in the service account's Google Cloud project assay-monitoring-431200.",
    });
    if (!disabled.ok) expect(disabled.guidance).toContain("admin.googleapis.com?project=assay-monitoring-431200");
  });

  it("refuses a malformed key with a clear message that never quotes it", async () => {
    const pem = privateKey.split("\n")[1]!; // a line of the key's body
    const bad = {
      notJson: `{"private_key": "${pem}`,
      noKey: JSON.stringify({ ...KEY, private_key: undefined }),
      badPem: JSON.stringify({
        ...KEY,
        private_key: `-----BEGIN PRIVATE KEY-----\n${pem}\n-----END PRIVATE KEY-----\n`,
      }),
      p12: "MIIJqQIBAzCCCW8GCSqGSIb3DQEHAaCCCWAEgglcMIIJWDCCBA8GCSqGSIb3DQEHBqCCBAAwggP8AgEA",
    };
    const messages: Record<string, string> = {};
    for (const [name, serviceAccountKey] of Object.entries(bad)) {
      const parsed = googleWorkspaceSecrets.safeParse({ serviceAccountKey });
      expect(parsed.success, name).toBe(false);
      messages[name] = parsed.error!.issues.map((i) => i.message).join(" ");
      const { connector } = connectorWith([]);
      const result = await connector.testConnection(
        googleWorkspaceConfig.parse(base),
        { serviceAccountKey },
        testEnvironment(),
      );
      expect(result.ok, name).toBe(false);
      const text = JSON.stringify({ result, issues: parsed.error!.issues });
      expect(text).not.toContain(pem.slice(0, 24));
      expect(text).not.toContain("MIIJqQIBAzCC");
    }
    expect(messages.notJson).toMatch(/^The service account key is not valid JSON\. Paste the whole content/);
    expect(messages.noKey).toMatch(/^The service account key has no private_key\./);
    expect(messages.badPem).toMatch(/^The service account key's private_key is not a readable PEM private key\./);
  });

  it("never puts the key in errors, whatever fails", async () => {
    const body = privateKey.split("\n").slice(1, -2).join("");
    for (const x of [errors.unauthorized_client!, errors.unknown_admin!, errors.not_admin!, errors.api_disabled!]) {
      const { connector } = connectorWith(x.request.startsWith("POST") ? [x] : [errors.token!, x]);
      const result = await connector.testConnection(
        googleWorkspaceConfig.parse(base),
        googleWorkspaceSecrets.parse(secrets),
        testEnvironment(),
      );
      const text = JSON.stringify(result);
      expect(result.ok).toBe(false);
      for (const line of body.match(/.{1,40}/g)!) expect(text).not.toContain(line);
      expect(text).not.toContain("ya29.");
    }
    // A sync that fails on the first page says why, without the key either.
    const { connector } = connectorWith([errors.token!, { ...errors.not_admin!, request: directory[1]!.request }]);
    const failure = await collectAll(connector, base, secrets).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/ada@example.com may not read this/);
    expect((failure as Error).message).not.toContain(body.slice(0, 40));
  });
});
