import type { AuthzCase, IsolationFixture } from "../../../test/authz.ts";
import { seedJob } from "../../../test/people.ts";

export const cases: AuthzCase[] = [
  { action: "jobs.read", name: "list", request: () => ({ method: "GET", url: "/api/v1/jobs" }) },
  {
    action: "jobs.read",
    name: "one job",
    request: async (f) => ({ method: "GET", url: `/api/v1/jobs/${(await seedJob(f.db, f.org.id)).id}` }),
  },
  {
    action: "jobs.manage",
    name: "retry a failed job",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/jobs/${(await seedJob(f.db, f.org.id)).id}/retry`,
      body: {},
    }),
  },
];

export const isolation: IsolationFixture[] = [
  {
    route: "GET /api/v1/jobs/:id",
    prepare: async (f) => ({ params: { id: (await seedJob(f.db, f.org.id)).id } }),
  },
  {
    route: "POST /api/v1/jobs/:id/retry",
    prepare: async (f) => ({ params: { id: (await seedJob(f.db, f.org.id)).id }, body: {} }),
  },
];
