import type { AuthzCase, IsolationFixture } from "../../../test/authz.ts";
import { seedFinding } from "./testing.ts";

export const cases: AuthzCase[] = [
  {
    action: "vulnerabilities.import",
    name: "import a report",
    // JSON instead of the multipart form: allowed roles get past authorization to 415 multipart_required.
    request: () => ({ method: "POST", url: "/api/v1/vulnerabilities/imports", body: {} }),
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
];

export const isolation: IsolationFixture[] = [
  {
    route: "GET /api/v1/vulnerabilities/:id",
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
