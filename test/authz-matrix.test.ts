import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { PERMISSIONS_DOC, renderPermissionsDoc } from "../scripts/permissions-doc.ts";
import { ROLES, type Role } from "../src/core/roles.ts";
import { POLICY } from "../src/kernel/policies.ts";
import { MANIFESTS as MODULES } from "../src/modules/manifests.ts";
import { withTestApp } from "./app.ts";
import { type AuthzCase, fixtureFor, loadModuleCases } from "./authz.ts";
import { TestClient } from "./client.ts";
import { seedApiToken } from "./people.ts";

/**
 * The whole role × action matrix, one table: every action declared in a policy.ts has at least one request
 * (src/modules/<module>/authz.cases.ts) and, run as each role, that request is refused with 403 `forbidden`
 * exactly when the role lacks the action. Read-scoped tokens are refused exactly the write actions.
 */

const { ctx, app } = withTestApp({ config: { ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 10_000 } });
let cases: (AuthzCase & { module: string })[];
beforeAll(async () => {
  cases = (await loadModuleCases()).cases;
});

interface Outcome {
  status: number;
  code?: string;
}
async function run(c: AuthzCase, role: Role, as: "session" | "read token" | "write token"): Promise<Outcome> {
  const { fixture, client } = await fixtureFor(app, ctx, role);
  const req = await c.request(fixture);
  let caller = client;
  if (as !== "session") {
    const scope = as === "read token" ? "read" : "write";
    caller = new TestClient(app);
    caller.bearer = (await seedApiToken(ctx.db, fixture.actor.userId, fixture.org.id, { scope })).secret;
  }
  const res = await caller.request(req.method, req.url, req.body ?? (req.method === "GET" ? undefined : {}));
  // JSON and problem+json carry a code; exports (CSV, JSON Lines) do not.
  const body = /[/+]json\s*(;|$)/.test(res.headers["content-type"]?.toString() ?? "") ? res.json() : {};
  return { status: res.statusCode, code: body.code };
}

/** Allowed: got past authorization (not 401/403, and no server error). Denied: exactly 403 `forbidden`. */
function judge(o: Outcome, allowed: boolean): string | null {
  if (allowed)
    return o.status === 401 || o.status === 403 || o.status >= 500 ? `allowed but got ${o.status} ${o.code}` : null;
  return o.status === 403 && o.code === "forbidden" ? null : `denied but got ${o.status} ${o.code}`;
}

// Table-driven over every module's cases: minutes on a busy two-core machine, so no per-test 30 s limit.
describe("role × action matrix", { timeout: 300_000 }, () => {
  it("has a case for every declared action", () => {
    const covered = new Set(cases.map((c) => c.action));
    const missing = Object.keys(POLICY).filter((a) => !covered.has(a));
    expect(
      missing,
      `Add a case for these actions in src/modules/<module>/authz.cases.ts (see test/authz.ts): ${missing.join(", ")}`,
    ).toEqual([]);
    const unknown = cases.filter((c) => !POLICY[c.action]).map((c) => `${c.module}: ${c.action}`);
    expect(unknown, "cases name actions that no policy.ts declares").toEqual([]);
  });

  it("is the same POLICY the modules declare", () => {
    const declared = MODULES.flatMap((m) => Object.keys(m.policy)).sort();
    expect(Object.keys(POLICY).sort()).toEqual(declared);
  });

  for (const role of ROLES) {
    it(`refuses ${role} exactly the actions it lacks`, async () => {
      const problems: string[] = [];
      for (const c of cases) {
        const rule = POLICY[c.action];
        if (!rule) continue;
        const problem = judge(await run(c, role, "session"), rule.roles.includes(role));
        if (problem) problems.push(`${c.action} (${c.module}: ${c.name}): ${problem}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it("lets read-scoped tokens do exactly the read actions, and write tokens everything their role allows", async () => {
    const problems: string[] = [];
    for (const c of cases) {
      const rule = POLICY[c.action];
      if (!rule) continue;
      const role = rule.roles[0]!;
      const read = judge(await run(c, role, "read token"), !rule.write);
      if (read) problems.push(`${c.action} (${c.name}) with a read token: ${read}`);
      const write = judge(await run(c, role, "write token"), true);
      if (write) problems.push(`${c.action} (${c.name}) with a write token: ${write}`);
    }
    expect(problems).toEqual([]);
  });
});

describe("docs/permissions.md", () => {
  it("matches the policies (regenerate with `npx node scripts/permissions-doc.ts`)", () => {
    const current = fs.existsSync(PERMISSIONS_DOC) ? fs.readFileSync(PERMISSIONS_DOC, "utf8") : "";
    expect(
      current === renderPermissionsDoc(),
      "docs/permissions.md is out of date: run `npx node scripts/permissions-doc.ts`",
    ).toBe(true);
  });
});
