import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import type { TestClient } from "../../../test/client.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { alertRecording, replay } from "../../integrations/github/fixtures/replay.ts";
import { makeGithubVulnerabilityCollector } from "../../integrations/github/vulnerabilities.ts";
import { withRetry } from "../../integrations/retry.ts";
import { registerVulnerabilityCollector } from "../../integrations/vulnerabilities.ts";

const { ctx, app } = withTestApp();

// GitHub on recorded responses through Octokit's transport (no network), in place of the real collector. `later`
// switches the recording to a week on; `refuse` makes Dependabot answer 403.
const recording = alertRecording();
let fake = replay(undefined, recording.first);
registerVulnerabilityCollector("github", (c) =>
  makeGithubVulnerabilityCollector({ fetch: fake.fetch })({
    ...c,
    retry: (what, call) => withRetry(what, call, { baseMs: 1 }),
  }),
);
const first = () => {
  fake = replay(undefined, recording.first);
};
const later = () => {
  for (const e of recording.later) fake.record(e.request, e);
};
const DEPENDABOT = "GET /orgs/acme-corp/dependabot/alerts?per_page=100&state=open";

const V = "/api/v1/vulnerabilities";
type Item = { ruleId: string; status: string; target: string; scanner: string; severity: string; dueDate: string };

async function githubConnection(client: TestClient, name = "GitHub (acme)") {
  const made = await client.post("/api/v1/monitoring/connections", {
    type: "github",
    name,
    config: { organization: "acme-corp" },
    secrets: { token: "ghp_TESTonly0000aaaaBBBBccccDDDDeeee1234" },
  });
  expect(made.statusCode, made.body).toBe(201);
  return made.json().id as string;
}

const byRule = async (client: TestClient) =>
  new Map<string, Item>(
    ((await client.get(`${V}?pageSize=100`)).json().items as Item[]).map((i) => [`${i.target} ${i.ruleId}`, i]),
  );

describe(`vulnerabilities synced from GitHub on ${dbKind}`, () => {
  it("adds open alerts, sees them again, resolves fixed ones and reopens those that come back", async () => {
    first();
    const { org, client } = await orgWithOwner(app, ctx.db);
    const connectionId = await githubConnection(client);
    expect((await client.get(`${V}/sources`)).json().items).toEqual([
      { id: connectionId, name: "GitHub (acme)", type: "github" },
    ]);

    const one = await client.post(`${V}/sync`, { connectionId });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({
      format: "github",
      fileName: "GitHub: GitHub (acme)",
      findings: 6,
      created: 6,
      reseen: 0,
      resolved: 0,
      unavailable: [],
      warnings: [],
    });
    const found = await byRule(client);
    expect(found.get("acme-corp/api CVE-2021-23337")).toMatchObject({
      scanner: "github-dependabot",
      severity: "high",
      status: "open",
    });
    // High findings are due 30 days after they were first seen: the SLA applies as to any report.
    expect(found.get("acme-corp/api js/sql-injection")!.dueDate).toBe(
      new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    );

    // The same alerts again: nothing new, nothing resolved, and the same content hash.
    const two = await client.post(`${V}/sync`, { connectionId });
    expect(two.json()).toMatchObject({ created: 0, reseen: 6, reopened: 0, resolved: 0, sha256: one.json().sha256 });

    // A week on, GitHub no longer lists the lodash alert and api#3 as open: both resolve.
    later();
    const three = await client.post(`${V}/sync`, { connectionId });
    expect(three.json()).toMatchObject({ findings: 4, created: 0, reseen: 4, resolved: 2 });
    const afterFix = await byRule(client);
    expect(afterFix.get("acme-corp/api CVE-2021-23337")!.status).toBe("resolved");
    expect(afterFix.get("acme-corp/api js/unused-local-variable")!.status).toBe("resolved");
    expect(afterFix.get("acme-corp/web js/xss-through-dom")!.status).toBe("open");

    // The alerts are open again: the findings reopen.
    first();
    const four = await client.post(`${V}/sync`, { connectionId });
    expect(four.json()).toMatchObject({ created: 0, reseen: 4, reopened: 2, resolved: 0 });
    expect((await client.get(`${V}?status=open`)).json().total).toBe(6);

    // One ledger entry per sync, in words; the imports list shows them.
    const entries = (await ledgerOf(ctx.db, org.id)).filter((e) => e.action === "vulnerabilities.imported");
    expect(entries).toHaveLength(4);
    expect(entries[2]!.changes.after).toMatchObject({ format: "github", connectionId, resolved: 2 });
    const imports = (await client.get(`${V}/imports`)).json();
    expect(imports.items.map((i: { format: string; resolved: number }) => [i.format, i.resolved])).toEqual([
      ["github", 0],
      ["github", 2],
      ["github", 0],
      ["github", 0],
    ]);
  });

  it("imports code scanning when Dependabot is refused, and leaves Dependabot findings as they were", async () => {
    first();
    const { client } = await orgWithOwner(app, ctx.db);
    const connectionId = await githubConnection(client);
    await client.post(`${V}/sync`, { connectionId });
    later();
    fake.record(DEPENDABOT, {
      status: 403,
      headers: { "content-type": "application/json" },
      body: { message: "Resource not accessible by personal access token" },
    });
    const res = await client.post(`${V}/sync`, { connectionId });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // api#3 is resolved (code scanning was read); the lodash finding stays open (Dependabot was not).
    expect(body).toMatchObject({ findings: 2, reseen: 2, resolved: 1 });
    expect(body.unavailable).toEqual([{ source: "github-dependabot", reason: expect.stringMatching(/403/) }]);
    expect(body.warnings[0]).toMatch(/Dependabot alerts: read/);
    expect(body.scopes.every((s: { scanner: string }) => s.scanner === "github-code-scanning")).toBe(true);
    expect((await byRule(client)).get("acme-corp/api CVE-2021-23337")!.status).toBe("open");
  });

  it("explains a token GitHub rejects, and refuses connections that are not GitHub", async () => {
    first();
    const { client } = await orgWithOwner(app, ctx.db);
    const connectionId = await githubConnection(client);
    fake.record("GET /orgs/acme-corp/repos?per_page=100&type=all", {
      status: 401,
      headers: { "content-type": "application/json" },
      body: { message: "Bad credentials" },
    });
    const bad = await client.post(`${V}/sync`, { connectionId });
    expect(bad.statusCode).toBe(502);
    expect(bad.json()).toMatchObject({ code: "vulnerability_source_failed" });
    expect(bad.json().detail).toMatch(/GitHub rejected the token/);
    expect((await client.get(V)).json().total).toBe(0);

    const people = await client.post("/api/v1/monitoring/connections", {
      type: "people_csv",
      name: "HR file",
      config: { csv: "email,name\na@example.com,A\n" },
    });
    expect(people.statusCode, people.body).toBe(201);
    const wrong = await client.post(`${V}/sync`, { connectionId: people.json().id });
    expect(wrong.json()).toMatchObject({ status: 400, code: "not_a_vulnerability_source" });
    const unknown = await client.post(`${V}/sync`, { connectionId: "00000000-0000-4000-8000-000000000000" });
    expect(unknown.statusCode).toBe(404);
    expect((await client.post(`${V}/sync`, { connectionId: "nope" })).statusCode).toBe(400);
  });

  it("lets only importers sync, and keeps each organization's connections to itself", async () => {
    first();
    const { org, client } = await orgWithOwner(app, ctx.db);
    const connectionId = await githubConnection(client);
    const auditor = await member(app, ctx.db, org.id, "auditor");
    expect((await auditor.client.get(`${V}/sources`)).statusCode).toBe(200);
    expect((await auditor.client.post(`${V}/sync`, { connectionId })).statusCode).toBe(403);
    const other = await orgWithOwner(app, ctx.db);
    expect((await other.client.post(`${V}/sync`, { connectionId })).statusCode).toBe(404);
    expect((await other.client.get(`${V}/sources`)).json().items).toEqual([]);
    expect((await other.client.get(V)).json().total).toBe(0);
  });

  it("neither lists nor syncs a removed connection", async () => {
    first();
    const { client } = await orgWithOwner(app, ctx.db);
    const connectionId = await githubConnection(client);
    const removed = await client.delete(`/api/v1/monitoring/connections/${connectionId}`);
    expect(removed.statusCode, removed.body).toBe(204);
    expect((await client.get(`${V}/sources`)).json().items).toEqual([]);
    expect((await client.post(`${V}/sync`, { connectionId })).json()).toMatchObject({ status: 404 });
    expect((await client.get(V)).json().total).toBe(0);
  });
});
