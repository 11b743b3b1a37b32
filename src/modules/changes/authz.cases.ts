import type { AuthzCase, AuthzFixture, IsolationFixture } from "../../../test/authz.ts";
import { seedChange } from "./testing.ts";

const seedUrl = async (f: AuthzFixture, over = {}) => `/api/v1/changes/${(await seedChange(f.db, f.org.id, over)).id}`;

export const cases: AuthzCase[] = [
  { action: "changes.read", name: "list", request: () => ({ method: "GET", url: "/api/v1/changes" }) },
  { action: "changes.read", name: "export", request: () => ({ method: "GET", url: "/api/v1/changes/export.csv" }) },
  {
    action: "changes.read",
    name: "population",
    request: () => ({ method: "GET", url: "/api/v1/changes/population?from=2026-01-01&to=2026-12-31" }),
  },
  {
    action: "changes.read",
    name: "population CSV",
    request: () => ({ method: "GET", url: "/api/v1/changes/population.csv?from=2026-01-01&to=2026-12-31" }),
  },
  { action: "changes.read", name: "sources", request: () => ({ method: "GET", url: "/api/v1/changes/sources" }) },
  { action: "changes.read", name: "one change", request: async (f) => ({ method: "GET", url: await seedUrl(f) }) },
  {
    action: "changes.read",
    name: "linked controls",
    request: async (f) => ({ method: "GET", url: `${await seedUrl(f)}/controls` }),
  },
  {
    action: "changes.manage",
    name: "record",
    request: () => ({ method: "POST", url: "/api/v1/changes", body: { title: "Rotate the TLS certificate" } }),
  },
  {
    action: "changes.manage",
    name: "edit",
    request: async (f) => ({ method: "PATCH", url: await seedUrl(f), body: { risk: "low" } }),
  },
  { action: "changes.manage", name: "remove", request: async (f) => ({ method: "DELETE", url: await seedUrl(f) }) },
  {
    action: "changes.manage",
    name: "sync (unknown connection: 404 past authorization)",
    request: () => ({
      method: "POST",
      url: "/api/v1/changes/sync",
      body: { connectionId: "00000000-0000-4000-8000-000000000000" },
    }),
  },
  {
    action: "changes.manage",
    name: "import preview",
    request: () => ({ method: "POST", url: "/api/v1/changes/import/preview", body: { csv: "title\nA change\n" } }),
  },
  {
    action: "changes.manage",
    name: "import",
    request: () => ({ method: "POST", url: "/api/v1/changes/import", body: { csv: "title\nA change\n" } }),
  },
  {
    action: "changes.manage",
    name: "link controls",
    request: async (f) => ({ method: "PUT", url: `${await seedUrl(f)}/controls`, body: { keys: [] } }),
  },
  { action: "changes.read", name: "settings", request: () => ({ method: "GET", url: "/api/v1/changes/settings" }) },
  {
    action: "changes.manage_settings",
    name: "set the emergency approval window",
    request: () => ({ method: "PUT", url: "/api/v1/changes/settings", body: { emergencyApprovalDays: 5 } }),
  },
  {
    action: "changes.approve",
    name: "approve an emergency change after the fact",
    request: async (f) => ({
      method: "POST",
      url: `${await seedUrl(f, { emergency: true })}/emergency-approval`,
      body: { justification: "Outage fix; diff reviewed the next morning." },
    }),
  },
];

const seeded = async (f: AuthzFixture) => ({
  params: { id: (await seedChange(f.db, f.org.id, { emergency: true })).id },
});

export const isolation: IsolationFixture[] = [
  { route: "GET /api/v1/changes/:id", prepare: seeded },
  { route: "PATCH /api/v1/changes/:id", prepare: async (f) => ({ ...(await seeded(f)), body: { risk: "x" } }) },
  { route: "DELETE /api/v1/changes/:id", prepare: seeded },
  {
    route: "POST /api/v1/changes/:id/emergency-approval",
    prepare: async (f) => ({ ...(await seeded(f)), body: { justification: "ok" } }),
  },
  { route: "GET /api/v1/changes/:id/controls", prepare: seeded },
  { route: "PUT /api/v1/changes/:id/controls", prepare: async (f) => ({ ...(await seeded(f)), body: { keys: [] } }) },
];
