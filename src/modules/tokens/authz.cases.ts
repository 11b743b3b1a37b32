import type { AuthzCase, IsolationFixture } from "../../../test/authz.ts";
import { seedApiToken } from "../../../test/people.ts";

export const cases: AuthzCase[] = [
  { action: "tokens.read", name: "list mine", request: () => ({ method: "GET", url: "/api/v1/tokens" }) },
  {
    action: "tokens.create",
    name: "create a read token",
    request: () => ({ method: "POST", url: "/api/v1/tokens", body: { name: "authz", scope: "read" } }),
  },
  {
    action: "tokens.write_scope",
    name: "create a write token",
    request: () => ({ method: "POST", url: "/api/v1/tokens", body: { name: "authz", scope: "write" } }),
  },
  {
    action: "tokens.revoke",
    name: "revoke my own",
    request: async (f) => ({
      method: "DELETE",
      url: `/api/v1/tokens/${(await seedApiToken(f.db, f.actor.userId, f.org.id)).id}`,
    }),
  },
  {
    action: "tokens.manage_all",
    name: "list everyone's",
    request: () => ({ method: "GET", url: "/api/v1/tokens?all=true" }),
  },
];

export const isolation: IsolationFixture[] = [
  {
    route: "DELETE /api/v1/tokens/:id",
    prepare: async (f) => ({ params: { id: (await seedApiToken(f.db, f.actor.userId, f.org.id)).id } }),
  },
];
