import type { AuthzCase, IsolationFixture } from "../../../test/authz.ts";

export const cases: AuthzCase[] = [
  { action: "members.read", name: "list members", request: () => ({ method: "GET", url: "/api/v1/members" }) },
  {
    action: "members.update",
    name: "make a viewer an auditor",
    request: async (f) => ({
      method: "PATCH",
      url: `/api/v1/members/${(await f.addMember("viewer")).membershipId}`,
      body: { role: "auditor" },
    }),
  },
  {
    action: "members.remove",
    name: "remove a viewer",
    request: async (f) => ({ method: "DELETE", url: `/api/v1/members/${(await f.addMember("viewer")).membershipId}` }),
  },
  {
    action: "members.manage_owners",
    name: "promote a viewer to owner",
    request: async (f) => ({
      method: "PATCH",
      url: `/api/v1/members/${(await f.addMember("viewer")).membershipId}`,
      body: { role: "owner" },
    }),
  },
  {
    action: "members.manage_owners",
    name: "remove a second owner",
    request: async (f) => ({ method: "DELETE", url: `/api/v1/members/${(await f.addMember("owner")).membershipId}` }),
  },
];

export const isolation: IsolationFixture[] = [
  {
    route: "PATCH /api/v1/members/:id",
    prepare: async (f) => ({ params: { id: (await f.addMember("viewer")).membershipId }, body: { role: "admin" } }),
  },
  {
    route: "DELETE /api/v1/members/:id",
    prepare: async (f) => ({ params: { id: (await f.addMember("viewer")).membershipId } }),
  },
];
