import type { AuthzCase, AuthzFixture, IsolationFixture } from "../../../test/authz.ts";
import { customTestId } from "../../integrations/definitions.ts";
import { seedConnection, seedCustomTest, seedException, seedResource, seedSync } from "./testing.ts";

const connection = (f: AuthzFixture) => seedConnection(f.db, f.org.id, f.actor.userId);
const customTest = (f: AuthzFixture) => seedCustomTest(f.db, f.org.id, f.actor.userId);
/** An exception someone else asked for, naming the acting person as approver. */
async function exceptionFor(f: AuthzFixture, decision: "pending" | "approved" = "pending") {
  const requester = await f.addMember("compliance_manager");
  return seedException(f.db, f.org.id, {
    testId: "people.manager_known",
    approverUserId: f.actor.userId,
    createdBy: requester.userId,
    decision,
  });
}

export const cases: AuthzCase[] = [
  {
    action: "monitoring.read",
    name: "list connections",
    request: () => ({ method: "GET", url: "/api/v1/monitoring/connections" }),
  },
  {
    action: "monitoring.read",
    name: "list tests",
    request: () => ({ method: "GET", url: "/api/v1/monitoring/tests" }),
  },
  {
    action: "monitoring.read",
    name: "status at a date",
    request: () => ({ method: "GET", url: "/api/v1/monitoring/status-at?date=2027-01-31" }),
  },
  {
    action: "monitoring.manage_connections",
    name: "add a connection",
    request: () => ({
      method: "POST",
      url: "/api/v1/monitoring/connections",
      body: { type: "people_csv", name: "HR export", config: { csv: "name,email\nAda,ada@example.test\n" } },
    }),
  },
  {
    action: "monitoring.manage_connections",
    name: "change a connection",
    request: async (f) => ({
      method: "PATCH",
      url: `/api/v1/monitoring/connections/${(await connection(f)).id}`,
      body: { intervalSeconds: 7200 },
    }),
  },
  {
    action: "monitoring.sync",
    name: "sync now",
    request: async (f) => ({ method: "POST", url: `/api/v1/monitoring/connections/${(await connection(f)).id}/sync` }),
  },
  {
    action: "monitoring.manage_tests",
    name: "write a custom test",
    request: () => ({
      method: "POST",
      url: "/api/v1/monitoring/custom-tests",
      body: {
        key: "has-department",
        title: "People have a department",
        resourceType: "person",
        severity: "low",
        rule: { attr: "department", op: "exists" },
      },
    }),
  },
  {
    action: "monitoring.manage_tests",
    name: "turn a catalogue test off",
    request: () => ({
      method: "POST",
      url: "/api/v1/monitoring/tests/people.manager_known/enabled",
      body: { enabled: false },
    }),
  },
  {
    action: "monitoring.request_exception",
    name: "ask for an exception",
    request: async (f) => {
      const approver = await f.addMember("compliance_manager");
      return {
        method: "POST",
        url: "/api/v1/monitoring/exceptions",
        body: {
          testId: "people.manager_known",
          justification: "The HR system is being replaced this quarter.",
          approverUserId: approver.userId,
          expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        },
      };
    },
  },
  {
    action: "monitoring.approve_exception",
    name: "approve an exception I was named approver of",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/monitoring/exceptions/${(await exceptionFor(f)).id}/approve`,
      body: { note: "Agreed" },
    }),
  },
  {
    action: "monitoring.revoke_exception",
    name: "revoke an exception",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/monitoring/exceptions/${(await exceptionFor(f, "approved")).id}/revoke`,
      body: { reason: "Fixed" },
    }),
  },
];

const conn = async (f: AuthzFixture) => ({ params: { id: (await connection(f)).id } });
const resource = async (f: AuthzFixture) => ({
  params: { id: (await seedResource(f.db, f.org.id, (await connection(f)).id)).id },
});
const custom = async (f: AuthzFixture) => ({ params: { id: (await customTest(f)).id } });
const testParam = async (f: AuthzFixture) => ({ params: { testId: customTestId((await customTest(f)).key) } });
const exception = async (f: AuthzFixture, decision: "pending" | "approved" = "pending") => ({
  params: { id: (await exceptionFor(f, decision)).id },
});

export const isolation: IsolationFixture[] = [
  { route: "GET /api/v1/monitoring/connections/:id", prepare: conn },
  {
    route: "PATCH /api/v1/monitoring/connections/:id",
    prepare: async (f) => ({ ...(await conn(f)), body: { name: "x" } }),
  },
  { route: "DELETE /api/v1/monitoring/connections/:id", prepare: conn },
  { route: "POST /api/v1/monitoring/connections/:id/test", prepare: conn },
  { route: "POST /api/v1/monitoring/connections/:id/sync", prepare: conn },
  {
    route: "GET /api/v1/monitoring/syncs/:id",
    prepare: async (f) => ({ params: { id: (await seedSync(f.db, f.org.id, (await connection(f)).id)).id } }),
  },
  { route: "GET /api/v1/monitoring/resources/:id", prepare: resource },
  { route: "GET /api/v1/monitoring/resources/:id/history", prepare: resource },
  { route: "GET /api/v1/monitoring/tests/:testId", prepare: testParam },
  { route: "GET /api/v1/monitoring/tests/:testId/history", prepare: testParam },
  {
    route: "POST /api/v1/monitoring/tests/:testId/enabled",
    prepare: async (f) => ({ ...(await testParam(f)), body: { enabled: true } }),
  },
  {
    route: "POST /api/v1/monitoring/tests/:testId/dry-run",
    prepare: async (f) => ({ ...(await testParam(f)), body: {} }),
  },
  { route: "GET /api/v1/monitoring/custom-tests/:id", prepare: custom },
  {
    route: "PATCH /api/v1/monitoring/custom-tests/:id",
    prepare: async (f) => ({ ...(await custom(f)), body: { title: "x" } }),
  },
  { route: "DELETE /api/v1/monitoring/custom-tests/:id", prepare: custom },
  { route: "GET /api/v1/monitoring/exceptions/:id", prepare: (f) => exception(f) },
  {
    route: "POST /api/v1/monitoring/exceptions/:id/approve",
    prepare: async (f) => ({ ...(await exception(f)), body: {} }),
  },
  {
    route: "POST /api/v1/monitoring/exceptions/:id/reject",
    prepare: async (f) => ({ ...(await exception(f)), body: {} }),
  },
  {
    route: "POST /api/v1/monitoring/exceptions/:id/revoke",
    prepare: async (f) => ({ ...(await exception(f, "approved")), body: { reason: "Fixed" } }),
  },
];
