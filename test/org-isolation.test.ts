import { beforeAll, describe, expect, it } from "vitest";
import { withTestApp } from "./app.ts";
import { fixtureFor, type IsolationFixture, loadModuleCases } from "./authz.ts";
import { TestClient } from "./client.ts";
import { seedApiToken } from "./people.ts";
import { snapshotOrg } from "./snapshot.ts";

/**
 * One organization can never reach another's records: every /api/v1 route with a path parameter is called by
 * an owner of organization B (session and write token) with the ids of real records of organization A, and
 * must answer 404 `not_found` without changing anything in A. A new route with a parameter fails this test
 * until its module registers a fixture in src/modules/<module>/authz.cases.ts (`isolation`, see test/authz.ts).
 */

const routes: string[] = [];
const { ctx, app } = withTestApp({
  config: { ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 10_000 },
  onRoute: (r) => {
    const methods = Array.isArray(r.method) ? r.method : [r.method];
    for (const m of methods)
      if (m !== "HEAD" && r.url.startsWith("/api/v1/") && r.url.includes(":")) routes.push(`${m} ${r.url}`);
  },
});
let fixtures: (IsolationFixture & { module: string })[];
beforeAll(async () => {
  fixtures = (await loadModuleCases()).isolation;
});

// One request per parameterized route of every module: minutes on a busy machine, so no per-test 30 s limit.
describe("organization isolation", { timeout: 300_000 }, () => {
  it("finds the parameterized routes", () => {
    expect(routes).toContain("DELETE /api/v1/members/:id");
    expect(routes.length).toBeGreaterThanOrEqual(5);
  });

  it("has a fixture (or a stated exemption) for every route with a path parameter", () => {
    const known = new Set(fixtures.map((f) => f.route));
    const missing = routes.filter((r) => !known.has(r));
    expect(
      missing,
      `Register these routes in their module's authz.cases.ts \`isolation\` list (see test/authz.ts): ${missing.join(", ")}`,
    ).toEqual([]);
    const stale = fixtures.filter((f) => !routes.includes(f.route)).map((f) => `${f.module}: ${f.route}`);
    expect(stale, "isolation fixtures for routes that do not exist").toEqual([]);
    for (const f of fixtures) expect(!!f.prepare !== !!f.exempt, `${f.route}: give prepare or exempt`).toBe(true);
  });

  it("answers 404 to another organization's owner on every such route and changes nothing", async () => {
    const a = await fixtureFor(app, ctx, "owner");
    const b = await fixtureFor(app, ctx, "owner");
    const bToken = new TestClient(app);
    bToken.bearer = (await seedApiToken(ctx.db, b.fixture.actor.userId, b.fixture.org.id, { scope: "write" })).secret;

    // Each request gets its own record in A, prepared up front, so one call cannot hide another's effect.
    const plans: { route: string; as: string; method: string; url: string; body?: unknown }[] = [];
    for (const route of routes) {
      const f = fixtures.find((x) => x.route === route);
      if (!f?.prepare) continue;
      const [method, pattern] = route.split(" ") as [string, string];
      for (const as of ["session", "token"]) {
        const { params, body } = await f.prepare(a.fixture);
        const url = pattern.replace(/:([A-Za-z0-9_]+)/g, (_, p: string) =>
          encodeURIComponent(params[p] ?? crypto.randomUUID()),
        );
        plans.push({ route, as, method, url, body });
      }
    }
    expect(plans.length).toBeGreaterThan(0);
    const before = await snapshotOrg(ctx.db, a.fixture.org.id);

    const problems: string[] = [];
    for (const p of plans) {
      const client = p.as === "session" ? b.client : bToken;
      const body = p.body ?? (p.method === "GET" || p.method === "DELETE" ? undefined : {});
      const res = await client.request(p.method as "GET", p.url, body);
      const code = res.headers["content-type"]?.toString().includes("json") ? res.json().code : undefined;
      if (res.statusCode !== 404 || code !== "not_found")
        problems.push(`${p.route} as B's ${p.as}: ${res.statusCode} ${code ?? res.body.slice(0, 80)}`);
    }
    expect(problems).toEqual([]);
    expect(await snapshotOrg(ctx.db, a.fixture.org.id)).toEqual(before);

    // The same requests by A's own owner reach the records (the fixtures really point at A's data).
    const reached: string[] = [];
    for (const p of plans.filter((x) => x.as === "session")) {
      const res = await a.client.request(
        p.method as "GET",
        p.url,
        p.body ?? (p.method === "GET" || p.method === "DELETE" ? undefined : {}),
      );
      if (res.statusCode === 404) reached.push(`${p.route}: 404 for its own organization`);
    }
    expect(reached).toEqual([]);
  });
});
