import type { AuthzCase, IsolationFixture } from "../../../test/authz.ts";
import { seedAsset } from "./testing.ts";

const base = "/api/v1/assets";
const one = async (f: Parameters<AuthzCase["request"]>[0]) => `${base}/${(await seedAsset(f.db, f.org.id)).id}`;

export const cases: AuthzCase[] = [
  { action: "assets.read", name: "list", request: () => ({ method: "GET", url: base }) },
  { action: "assets.read", name: "export", request: () => ({ method: "GET", url: `${base}/export.csv` }) },
  { action: "assets.read", name: "in scope", request: () => ({ method: "GET", url: `${base}/in-scope` }) },
  { action: "assets.read", name: "checks", request: () => ({ method: "GET", url: `${base}/checks` }) },
  { action: "assets.read", name: "reviews", request: () => ({ method: "GET", url: `${base}/reviews` }) },
  { action: "assets.read", name: "discover", request: () => ({ method: "POST", url: `${base}/discover`, body: {} }) },
  { action: "assets.read", name: "one asset", request: async (f) => ({ method: "GET", url: await one(f) }) },
  {
    action: "assets.manage",
    name: "create",
    request: () => ({ method: "POST", url: base, body: { name: "Billing API", kind: "system" } }),
  },
  {
    action: "assets.manage",
    name: "update",
    request: async (f) => ({ method: "PATCH", url: await one(f), body: { inScope: true } }),
  },
  { action: "assets.manage", name: "delete", request: async (f) => ({ method: "DELETE", url: await one(f) }) },
  {
    action: "assets.manage",
    name: "import preview",
    request: () => ({ method: "POST", url: `${base}/import/preview`, body: { csv: "name,kind\nweb,system\n" } }),
  },
  {
    action: "assets.manage",
    name: "import",
    request: () => ({ method: "POST", url: `${base}/import`, body: { csv: "name,kind\nweb,system\n" } }),
  },
  {
    action: "assets.manage",
    name: "from resources",
    // An unknown resource: allowed roles get past authorization to 400 unknown_resource.
    request: () => ({
      method: "POST",
      url: `${base}/from-resources`,
      body: { resourceIds: ["0190a1b2-0000-7000-8000-000000000001"] },
    }),
  },
  { action: "assets.manage", name: "review", request: () => ({ method: "POST", url: `${base}/reviews`, body: {} }) },
  {
    action: "assets.read",
    name: "an asset's controls",
    request: async (f) => ({ method: "GET", url: `${await one(f)}/controls` }),
  },
  {
    action: "assets.manage",
    name: "link an asset to controls",
    request: async (f) => ({ method: "PUT", url: `${await one(f)}/controls`, body: { keys: [] } }),
  },
];

export const isolation: IsolationFixture[] = [
  ...["GET", "PATCH", "DELETE"].map((method) => ({
    route: `${method} /api/v1/assets/:id`,
    prepare: async (f: Parameters<AuthzCase["request"]>[0]) => ({
      params: { id: (await seedAsset(f.db, f.org.id)).id },
      body: { inScope: true },
    }),
  })),
  {
    route: "GET /api/v1/assets/:id/controls",
    prepare: async (f) => ({ params: { id: (await seedAsset(f.db, f.org.id)).id } }),
  },
  {
    route: "PUT /api/v1/assets/:id/controls",
    prepare: async (f) => ({ params: { id: (await seedAsset(f.db, f.org.id)).id }, body: { keys: [] } }),
  },
];
