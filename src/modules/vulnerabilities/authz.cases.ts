import type { AuthzCase, IsolationFixture } from "../../../test/authz.ts";
import { seedFinding } from "./testing.ts";

export const cases: AuthzCase[] = [
  {
    action: "vulnerabilities.import",
    name: "import a report",
    // JSON instead of the multipart form: allowed roles get past authorization to 415 multipart_required.
    request: () => ({ method: "POST", url: "/api/v1/vulnerabilities/imports", body: {} }),
  },
  {
    action: "vulnerabilities.import",
    name: "sync from GitHub (unknown connection: 404 past authorization)",
    request: () => ({
      method: "POST",
      url: "/api/v1/vulnerabilities/sync",
      body: { connectionId: "00000000-0000-4000-8000-000000000000" },
    }),
  },
  {
    action: "vulnerabilities.read",
    name: "sync sources",
    request: () => ({ method: "GET", url: "/api/v1/vulnerabilities/sources" }),
  },
  { action: "vulnerabilities.read", name: "list", request: () => ({ method: "GET", url: "/api/v1/vulnerabilities" }) },
  {
    action: "vulnerabilities.read",
    name: "dashboard",
    request: () => ({ method: "GET", url: "/api/v1/vulnerabilities/dashboard" }),
  },
  {
    action: "vulnerabilities.read",
    name: "CSV export",
    request: () => ({ method: "GET", url: "/api/v1/vulnerabilities/export.csv?status=open" }),
  },
  {
    action: "vulnerabilities.read",
    name: "imports",
    request: () => ({ method: "GET", url: "/api/v1/vulnerabilities/imports" }),
  },
  {
    action: "vulnerabilities.read",
    name: "one finding",
    request: async (f) => ({ method: "GET", url: `/api/v1/vulnerabilities/${(await seedFinding(f.db, f.org.id)).id}` }),
  },
  {
    action: "vulnerabilities.read",
    name: "a finding's controls",
    request: async (f) => ({
      method: "GET",
      url: `/api/v1/vulnerabilities/${(await seedFinding(f.db, f.org.id)).id}/controls`,
    }),
  },
  {
    action: "vulnerabilities.manage",
    name: "link a finding to controls",
    request: async (f) => ({
      method: "PUT",
      url: `/api/v1/vulnerabilities/${(await seedFinding(f.db, f.org.id)).id}/controls`,
      body: { keys: [] },
    }),
  },
  {
    action: "vulnerabilities.read",
    name: "SLA settings",
    request: () => ({ method: "GET", url: "/api/v1/vulnerabilities/settings" }),
  },
  {
    action: "vulnerabilities.manage_settings",
    name: "set the SLAs",
    request: () => ({
      method: "PUT",
      url: "/api/v1/vulnerabilities/settings",
      body: { critical: 7, high: 30, medium: 90, low: 180, unknown: 90, info: null },
    }),
  },
  {
    action: "vulnerabilities.accept_risk",
    name: "accept a finding's risk",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/vulnerabilities/${(await seedFinding(f.db, f.org.id)).id}/acceptance`,
      body: {
        until: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        reason: "Compensating WAF rule in place",
      },
    }),
  },
  {
    action: "vulnerabilities.accept_risk",
    name: "withdraw an acceptance",
    // Not accepted: allowed roles get past authorization to 409 not_accepted.
    request: async (f) => ({
      method: "DELETE",
      url: `/api/v1/vulnerabilities/${(await seedFinding(f.db, f.org.id)).id}/acceptance`,
    }),
  },
];

export const isolation: IsolationFixture[] = [
  {
    route: "GET /api/v1/vulnerabilities/:id",
    prepare: async (f) => ({ params: { id: (await seedFinding(f.db, f.org.id)).id } }),
  },
  {
    route: "POST /api/v1/vulnerabilities/:id/acceptance",
    prepare: async (f) => ({
      params: { id: (await seedFinding(f.db, f.org.id)).id },
      body: {
        until: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
        reason: "Compensating control",
      },
    }),
  },
  {
    route: "DELETE /api/v1/vulnerabilities/:id/acceptance",
    prepare: async (f) => ({ params: { id: (await seedFinding(f.db, f.org.id)).id } }),
  },
  {
    route: "GET /api/v1/vulnerabilities/:id/controls",
    prepare: async (f) => ({ params: { id: (await seedFinding(f.db, f.org.id)).id } }),
  },
  {
    route: "PUT /api/v1/vulnerabilities/:id/controls",
    prepare: async (f) => ({ params: { id: (await seedFinding(f.db, f.org.id)).id }, body: { keys: [] } }),
  },
];
