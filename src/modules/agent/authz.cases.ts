import type { AuthzCase, AuthzFixture, IsolationFixture } from "../../../test/authz.ts";
import { seedPeople } from "../people/testing.ts";
import { seedAgentConnection, seedDevice, seedEnrollmentToken } from "./testing.ts";

const connection = (f: AuthzFixture) => seedAgentConnection(f.db, f.org.id, f.actor.userId);
const device = async (f: AuthzFixture) => seedDevice(f.db, f.org.id, (await connection(f)).id);
const enrollmentToken = async (f: AuthzFixture) => seedEnrollmentToken(f.db, f.org.id, (await connection(f)).id);

export const cases: AuthzCase[] = [
  { action: "devices.read", name: "list devices", request: () => ({ method: "GET", url: "/api/v1/devices" }) },
  {
    action: "devices.read",
    name: "one device",
    request: async (f) => ({ method: "GET", url: `/api/v1/devices/${(await device(f)).id}` }),
  },
  {
    action: "devices.revoke",
    name: "revoke a device",
    request: async (f) => ({ method: "POST", url: `/api/v1/devices/${(await device(f)).id}/revoke` }),
  },
  {
    action: "devices.assign",
    name: "assign a device to a person",
    request: async (f) => {
      const [person] = await seedPeople(f.db, f.org.id, [{}]);
      return { method: "POST", url: `/api/v1/devices/${(await device(f)).id}/assign`, body: { personId: person!.id } };
    },
  },
  { action: "agent.enroll_own", name: "my devices", request: () => ({ method: "GET", url: "/api/v1/me/devices" }) },
  {
    action: "agent.enroll_own",
    name: "a personal enrollment token",
    request: async (f) => {
      await seedPeople(f.db, f.org.id, [{ email: f.actor.email, fullName: "Me" }]);
      return { method: "POST", url: "/api/v1/me/devices/enrollment-token" };
    },
  },
  {
    action: "agent.read_enrollment",
    name: "list enrollment tokens",
    request: () => ({ method: "GET", url: "/api/v1/agent/enrollment-tokens" }),
  },
  {
    action: "agent.manage_enrollment",
    name: "create an enrollment token",
    request: () => ({ method: "POST", url: "/api/v1/agent/enrollment-tokens", body: { name: "Laptops" } }),
  },
  {
    action: "agent.manage_enrollment",
    name: "revoke an enrollment token",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/agent/enrollment-tokens/${(await enrollmentToken(f)).id}/revoke`,
    }),
  },
];

export const isolation: IsolationFixture[] = [
  { route: "GET /api/v1/devices/:id", prepare: async (f) => ({ params: { id: (await device(f)).id } }) },
  { route: "POST /api/v1/devices/:id/revoke", prepare: async (f) => ({ params: { id: (await device(f)).id } }) },
  {
    route: "POST /api/v1/devices/:id/assign",
    prepare: async (f) => ({ params: { id: (await device(f)).id }, body: { personId: null } }),
  },
  {
    route: "POST /api/v1/agent/enrollment-tokens/:id/revoke",
    prepare: async (f) => ({ params: { id: (await enrollmentToken(f)).id } }),
  },
];
