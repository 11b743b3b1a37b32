import type { AuthzCase, IsolationFixture } from "../../../test/authz.ts";
import { seedIdentityConnection, seedOnboarding, seedPeople } from "./testing.ts";

const onePerson = async (f: { db: import("../../db/client.ts").Db; org: { id: string } }) =>
  (await seedPeople(f.db, f.org.id, [{}]))[0]!;

/** An onboarding step assigned to the acting member (the person with their email). */
const ownStep = async (f: { db: import("../../db/client.ts").Db; org: { id: string }; actor: { email: string } }) =>
  (await seedOnboarding(f.db, f.org.id, f.actor.email)).find((i) => i.key === "confidentiality")!;

export const cases: AuthzCase[] = [
  { action: "people.read", name: "dashboard", request: () => ({ method: "GET", url: "/api/v1/people/dashboard" }) },
  { action: "people.read", name: "settings", request: () => ({ method: "GET", url: "/api/v1/people/settings" }) },
  {
    action: "people.read",
    name: "a person's routines",
    request: async (f) => ({ method: "GET", url: `/api/v1/people/${(await onePerson(f)).id}/routines` }),
  },
  {
    action: "people.manage",
    name: "change settings",
    request: () => ({
      method: "PUT",
      url: "/api/v1/people/settings",
      body: {
        offboardingSlaHours: 12,
        offboardingSystems: ["GitHub"],
        backgroundCheckFor: "employees",
        backgroundRecheckMonths: null,
        templates: [
          {
            checklist: "onboarding",
            titles: [],
            items: [{ key: "nda", title: "NDA", assignee: "person", dueDays: 0 }],
          },
          {
            checklist: "offboarding",
            titles: [],
            items: [{ key: "laptop", title: "Laptop", assignee: "manager", dueDays: 1 }],
          },
        ],
      },
    }),
  },
  {
    action: "people.manage",
    name: "preview an import",
    request: () => ({
      method: "POST",
      url: "/api/v1/people/import/preview",
      body: { csv: "email,name\na@example.test,A\n" },
    }),
  },
  {
    action: "people.manage",
    name: "import",
    request: () => ({
      method: "POST",
      url: "/api/v1/people/import",
      body: { csv: `email,name\nauthz-${crypto.randomUUID()}@example.test,A\n` },
    }),
  },
  {
    action: "people.manage",
    name: "start a checklist",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/people/${(await onePerson(f)).id}/checklists`,
      body: { checklist: "onboarding" },
    }),
  },
  {
    action: "people.manage",
    name: "record a background check",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/people/${(await onePerson(f)).id}/background-checks`,
      body: { checkedOn: "2026-01-01", provider: "Acme", outcome: "clear" },
    }),
  },
  { action: "people.read", name: "sync sources", request: () => ({ method: "GET", url: "/api/v1/people/sync" }) },
  {
    action: "people.manage",
    name: "preview a directory sync",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/people/sync/${(await seedIdentityConnection(f.db, f.org.id, "okta", [])).id}/preview`,
    }),
  },
  {
    action: "people.manage",
    name: "sync the directory",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/people/sync/${(await seedIdentityConnection(f.db, f.org.id, "google", [])).id}/apply`,
    }),
  },
  { action: "people.own_tasks", name: "my steps", request: () => ({ method: "GET", url: "/api/v1/people/my-steps" }) },
  {
    action: "people.own_tasks",
    name: "one of my steps",
    request: async (f) => ({ method: "GET", url: `/api/v1/checklist-steps/${(await ownStep(f)).id}` }),
  },
  {
    action: "people.complete_item",
    name: "complete my step",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/checklist-steps/${(await ownStep(f)).id}/complete`,
      body: { note: "Signed" },
    }),
  },
  { action: "people.read", name: "list", request: () => ({ method: "GET", url: "/api/v1/people" }) },
  {
    action: "people.read",
    name: "one person",
    request: async (f) => ({ method: "GET", url: `/api/v1/people/${(await onePerson(f)).id}` }),
  },
  {
    action: "people.manage",
    name: "add a person",
    request: () => ({
      method: "POST",
      url: "/api/v1/people",
      body: { email: `authz-${crypto.randomUUID()}@example.test`, fullName: "Ada Lovelace" },
    }),
  },
  {
    action: "people.manage",
    name: "edit a person",
    request: async (f) => ({
      method: "PATCH",
      url: `/api/v1/people/${(await onePerson(f)).id}`,
      body: { department: "Engineering" },
    }),
  },
];

export const isolation: IsolationFixture[] = [
  { route: "GET /api/v1/people/:id", prepare: async (f) => ({ params: { id: (await onePerson(f)).id } }) },
  {
    route: "PATCH /api/v1/people/:id",
    prepare: async (f) => ({ params: { id: (await onePerson(f)).id }, body: { department: "Sales" } }),
  },
  { route: "GET /api/v1/people/:id/routines", prepare: async (f) => ({ params: { id: (await onePerson(f)).id } }) },
  {
    route: "POST /api/v1/people/:id/checklists",
    prepare: async (f) => ({ params: { id: (await onePerson(f)).id }, body: { checklist: "onboarding" } }),
  },
  {
    route: "POST /api/v1/people/:id/background-checks",
    prepare: async (f) => ({
      params: { id: (await onePerson(f)).id },
      body: { checkedOn: "2026-01-01", provider: "Acme", outcome: "clear" },
    }),
  },
  {
    route: "GET /api/v1/checklist-steps/:id",
    prepare: async (f) => ({ params: { id: (await ownStep(f)).id } }),
  },
  {
    route: "POST /api/v1/checklist-steps/:id/complete",
    prepare: async (f) => ({ params: { id: (await ownStep(f)).id }, body: {} }),
  },
  {
    route: "POST /api/v1/people/sync/:connectionId/preview",
    prepare: async (f) => ({ params: { connectionId: (await seedIdentityConnection(f.db, f.org.id, "okta", [])).id } }),
  },
  {
    route: "POST /api/v1/people/sync/:connectionId/apply",
    prepare: async (f) => ({ params: { connectionId: (await seedIdentityConnection(f.db, f.org.id, "okta", [])).id } }),
  },
];
