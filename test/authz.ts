import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Role } from "../src/core/roles.ts";
import type { Db } from "../src/db/client.ts";
import type { AppContext } from "../src/kernel/context.ts";
import type { ApiApp } from "../src/kernel/http/api-app.ts";
import { member } from "./people.ts";
import { seedOrg } from "./seed.ts";

/**
 * Authorization fixtures that modules contribute in `src/modules/<module>/authz.cases.ts`:
 * - `cases`: for every action in a policy.ts, at least one request that exercises it. The role × action matrix
 *   test (test/authz-matrix.test.ts) runs each case as every role and fails when an action has no case.
 * - `isolation`: for every /api/v1 route with a path parameter, how to make a real record in organization A to
 *   aim at it (test/org-isolation.test.ts calls it as organization B and expects 404), or why it is exempt.
 */

export interface Person {
  userId: string;
  membershipId: string;
  email: string;
}

/** A fresh organization with a signed-in actor; cases set up what they need in it. */
export interface AuthzFixture {
  ctx: AppContext;
  db: Db;
  app: ApiApp;
  org: { id: string; name: string };
  /** Who sends the request: the role under test (the owner, for isolation fixtures). */
  actor: Person & { role: Role };
  /** Adds another member with `role` to the organization. */
  addMember(role: Role): Promise<Person>;
}

export interface AuthzRequest {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
  body?: unknown;
}

export interface AuthzCase {
  /** The action from a policy.ts that this request needs. */
  action: string;
  /** What the request does, for failure messages. */
  name: string;
  /**
   * Prepares records and returns a request that any role holding the action would get past authorization
   * with (a 2xx, or a 4xx other than 401/403); every other role must get 403 `forbidden`.
   */
  request(f: AuthzFixture): AuthzRequest | Promise<AuthzRequest>;
}

export interface IsolationFixture {
  /** The route exactly as registered: "DELETE /api/v1/members/:id". */
  route: string;
  /**
   * Creates records in organization A (`f`, acting as its owner) and returns the path parameters that point
   * at them, plus a body valid enough to reach the lookup. Parameters left out get a random UUID.
   */
  prepare?(f: AuthzFixture): Promise<{ params: Record<string, string>; body?: unknown }>;
  /** Instead of prepare: why this parameter is not an organization-scoped id (e.g. a public link's secret). */
  exempt?: string;
}

export interface ModuleCases {
  cases?: AuthzCase[];
  isolation?: IsolationFixture[];
}

const MODULES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src/modules");

/** Every module's authz.cases.ts (no import.meta.glob outside vite: read the folder). */
export async function loadModuleCases() {
  const cases: (AuthzCase & { module: string })[] = [];
  const isolation: (IsolationFixture & { module: string })[] = [];
  for (const module of fs.readdirSync(MODULES_DIR).sort()) {
    const file = path.join(MODULES_DIR, module, "authz.cases.ts");
    if (!fs.existsSync(file)) continue;
    const mod = (await import(pathToFileURL(file).href)) as ModuleCases;
    for (const c of mod.cases ?? []) cases.push({ ...c, module });
    for (const i of mod.isolation ?? []) isolation.push({ ...i, module });
  }
  return { cases, isolation };
}

/** A new organization with a signed-in member of `role`, as the fixture cases receive it. */
export async function fixtureFor(app: ApiApp, ctx: AppContext, role: Role) {
  const org = await seedOrg(ctx.db);
  const me = await member(app, ctx.db, org.id, role);
  const fixture: AuthzFixture = {
    ctx,
    db: ctx.db,
    app,
    org: { id: org.id, name: org.name },
    actor: { userId: me.user.id, membershipId: me.membershipId, email: me.user.email, role },
    addMember: async (r) => {
      const m = await member(app, ctx.db, org.id, r);
      return { userId: m.user.id, membershipId: m.membershipId, email: m.user.email };
    },
  };
  return { fixture, client: me.client };
}
