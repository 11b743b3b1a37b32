import type { AuthzCase, IsolationFixture } from "../../../test/authz.ts";
import { seedAsset } from "../assets/testing.ts";
import { seedObjective, seedPlan, seedTest } from "./testing.ts";

const base = "/api/v1/continuity";
type F = Parameters<AuthzCase["request"]>[0];

export const cases: AuthzCase[] = [
  { action: "continuity.read", name: "checks", request: () => ({ method: "GET", url: `${base}/checks` }) },
  { action: "continuity.read", name: "plans", request: () => ({ method: "GET", url: `${base}/plans` }) },
  {
    action: "continuity.read",
    name: "one plan",
    request: async (f) => ({ method: "GET", url: `${base}/plans/${(await seedPlan(f.db, f.org.id)).id}` }),
  },
  { action: "continuity.read", name: "objectives", request: () => ({ method: "GET", url: `${base}/objectives` }) },
  { action: "continuity.read", name: "tests", request: () => ({ method: "GET", url: `${base}/tests` }) },
  {
    action: "continuity.read",
    name: "an asset's recovery",
    request: async (f) => ({
      method: "GET",
      url: `/api/v1/assets/${(await seedAsset(f.db, f.org.id, { kind: "data_store" })).id}/recovery`,
    }),
  },
  {
    action: "continuity.read",
    name: "export tests",
    request: () => ({ method: "GET", url: `${base}/tests/export.csv` }),
  },
  {
    action: "continuity.read",
    name: "one test",
    request: async (f) => ({ method: "GET", url: `${base}/tests/${(await seedTest(f.db, f.org.id)).id}` }),
  },
  {
    action: "continuity.manage",
    name: "create plan",
    request: () => ({ method: "POST", url: `${base}/plans`, body: { name: "DR plan", kind: "disaster_recovery" } }),
  },
  {
    action: "continuity.manage",
    name: "update plan",
    request: async (f: F) => ({
      method: "PATCH",
      url: `${base}/plans/${(await seedPlan(f.db, f.org.id)).id}`,
      body: { description: "Regions" },
    }),
  },
  {
    action: "continuity.manage",
    name: "review plan",
    request: async (f: F) => ({
      method: "POST",
      url: `${base}/plans/${(await seedPlan(f.db, f.org.id)).id}/review`,
      body: {},
    }),
  },
  {
    action: "continuity.manage",
    name: "delete plan",
    request: async (f: F) => ({ method: "DELETE", url: `${base}/plans/${(await seedPlan(f.db, f.org.id)).id}` }),
  },
  {
    action: "continuity.manage",
    name: "create objective",
    // An unknown asset: allowed roles get past authorization to 400 unknown_asset.
    request: () => ({
      method: "POST",
      url: `${base}/objectives`,
      body: { assetId: "0190a1b2-0000-7000-8000-000000000001", rto: { value: 4, unit: "hours" } },
    }),
  },
  {
    action: "continuity.manage",
    name: "update objective",
    request: async (f: F) => ({
      method: "PATCH",
      url: `${base}/objectives/${(await seedObjective(f.db, f.org.id)).id}`,
      body: { rto: { value: 2, unit: "hours" } },
    }),
  },
  {
    action: "continuity.manage",
    name: "delete objective",
    request: async (f: F) => ({
      method: "DELETE",
      url: `${base}/objectives/${(await seedObjective(f.db, f.org.id)).id}`,
    }),
  },
  {
    action: "continuity.manage",
    name: "record test",
    request: () => ({
      method: "POST",
      url: `${base}/tests`,
      body: { kind: "failover_drill", performedOn: "2026-01-10", scenario: "Region failover", result: "pass" },
    }),
  },
  ...(["preview", ""] as const).map(
    (step): AuthzCase => ({
      action: "continuity.manage",
      name: `import objectives ${step || "apply"}`,
      request: () => ({
        method: "POST",
        url: `${base}/objectives/import${step ? `/${step}` : ""}`,
        body: { csv: "system,rto\nUnknown system,4 h" },
      }),
    }),
  ),
  ...(["preview", ""] as const).map(
    (step): AuthzCase => ({
      action: "continuity.manage",
      name: `import tests ${step || "apply"}`,
      request: () => ({
        method: "POST",
        url: `${base}/tests/import${step ? `/${step}` : ""}`,
        body: { csv: "date,kind,scenario,result\n2026-01-10,failover drill,Region failover,pass" },
      }),
    }),
  ),
  {
    action: "continuity.manage",
    name: "update test",
    request: async (f: F) => ({
      method: "PATCH",
      url: `${base}/tests/${(await seedTest(f.db, f.org.id)).id}`,
      body: { findings: "Took longer than planned" },
    }),
  },
  {
    action: "continuity.manage",
    name: "delete test",
    request: async (f: F) => ({ method: "DELETE", url: `${base}/tests/${(await seedTest(f.db, f.org.id)).id}` }),
  },
  ...(["plans", "tests"] as const).flatMap((kind): AuthzCase[] => {
    const seed = (f: F) => (kind === "plans" ? seedPlan(f.db, f.org.id) : seedTest(f.db, f.org.id));
    return [
      {
        action: "continuity.read",
        name: `a ${kind.slice(0, -1)}'s controls`,
        request: async (f) => ({ method: "GET", url: `${base}/${kind}/${(await seed(f)).id}/controls` }),
      },
      {
        action: "continuity.manage",
        name: `link a ${kind.slice(0, -1)} to controls`,
        request: async (f) => ({
          method: "PUT",
          url: `${base}/${kind}/${(await seed(f)).id}/controls`,
          body: { keys: [] },
        }),
      },
    ];
  }),
];

const plan = async (f: F) => ({ params: { id: (await seedPlan(f.db, f.org.id)).id }, body: { description: "x" } });
const objective = async (f: F) => ({
  params: { id: (await seedObjective(f.db, f.org.id)).id },
  body: { rto: { value: 1, unit: "hours" } },
});
const test = async (f: F) => ({ params: { id: (await seedTest(f.db, f.org.id)).id } });

export const isolation: IsolationFixture[] = [
  {
    route: "GET /api/v1/assets/:id/recovery",
    prepare: async (f) => ({ params: { id: (await seedObjective(f.db, f.org.id)).assetId } }),
  },
  { route: "GET /api/v1/continuity/plans/:id", prepare: plan },
  { route: "PATCH /api/v1/continuity/plans/:id", prepare: plan },
  { route: "DELETE /api/v1/continuity/plans/:id", prepare: plan },
  { route: "POST /api/v1/continuity/plans/:id/review", prepare: async (f) => ({ ...(await plan(f)), body: {} }) },
  { route: "PATCH /api/v1/continuity/objectives/:id", prepare: objective },
  { route: "DELETE /api/v1/continuity/objectives/:id", prepare: objective },
  { route: "GET /api/v1/continuity/tests/:id", prepare: test },
  { route: "DELETE /api/v1/continuity/tests/:id", prepare: test },
  {
    route: "PATCH /api/v1/continuity/tests/:id",
    prepare: async (f) => ({ ...(await test(f)), body: { result: "fail" } }),
  },
  { route: "GET /api/v1/continuity/plans/:id/controls", prepare: plan },
  {
    route: "PUT /api/v1/continuity/plans/:id/controls",
    prepare: async (f) => ({ ...(await plan(f)), body: { keys: [] } }),
  },
  { route: "GET /api/v1/continuity/tests/:id/controls", prepare: test },
  {
    route: "PUT /api/v1/continuity/tests/:id/controls",
    prepare: async (f) => ({ ...(await test(f)), body: { keys: [] } }),
  },
];
