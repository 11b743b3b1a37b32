import type { AuthzCase, IsolationFixture } from "../../../test/authz.ts";
import { seedInvitation } from "../../../test/people.ts";

export const cases: AuthzCase[] = [
  { action: "invitations.read", name: "list", request: () => ({ method: "GET", url: "/api/v1/invitations" }) },
  {
    action: "invitations.create",
    name: "invite a viewer",
    request: () => ({
      method: "POST",
      url: "/api/v1/invitations",
      body: { email: `authz-${crypto.randomUUID()}@example.test`, role: "viewer" },
    }),
  },
  {
    action: "invitations.create",
    name: "resend",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/invitations/${(await seedInvitation(f.db, f.org.id)).id}/resend`,
    }),
  },
  {
    action: "members.manage_owners",
    name: "invite an owner",
    request: () => ({
      method: "POST",
      url: "/api/v1/invitations",
      body: { email: `authz-${crypto.randomUUID()}@example.test`, role: "owner" },
    }),
  },
  {
    action: "invitations.revoke",
    name: "revoke",
    request: async (f) => ({
      method: "DELETE",
      url: `/api/v1/invitations/${(await seedInvitation(f.db, f.org.id)).id}`,
    }),
  },
];

export const isolation: IsolationFixture[] = [
  {
    route: "POST /api/v1/invitations/:id/resend",
    prepare: async (f) => ({ params: { id: (await seedInvitation(f.db, f.org.id)).id }, body: {} }),
  },
  {
    route: "DELETE /api/v1/invitations/:id",
    prepare: async (f) => ({ params: { id: (await seedInvitation(f.db, f.org.id)).id } }),
  },
  {
    route: "GET /api/v1/invitations/lookup/:token",
    exempt: "public: the parameter is the emailed link's secret, which is the credential (not an id to scope)",
  },
];
