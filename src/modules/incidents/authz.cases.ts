import type { AuthzCase, AuthzFixture, IsolationFixture } from "../../../test/authz.ts";
import { seedProgram } from "../remediation/testing.ts";
import { incidentBody, seedIncident, seedObligation, seedTabletop, seedTimelineEntry } from "./testing.ts";

const url = (id: string, rest = "") => `/api/v1/incidents/${id}${rest}`;
const seeded = async (f: AuthzFixture) => (await seedIncident(f.db, f.org.id)).id;

export const cases: AuthzCase[] = [
  { action: "incidents.read", name: "list", request: () => ({ method: "GET", url: "/api/v1/incidents" }) },
  {
    action: "incidents.read",
    name: "export",
    request: () => ({ method: "GET", url: "/api/v1/incidents/export.csv" }),
  },
  {
    action: "incidents.read",
    name: "one incident",
    request: async (f) => ({ method: "GET", url: url(await seeded(f)) }),
  },
  {
    action: "incidents.read",
    name: "post-mortem PDF",
    request: async (f) => ({ method: "GET", url: url(await seeded(f), "/report.pdf") }),
  },
  {
    action: "incidents.read",
    name: "linked controls",
    request: async (f) => ({ method: "GET", url: url(await seeded(f), "/controls") }),
  },
  {
    action: "incidents.read",
    name: "tabletops",
    request: () => ({ method: "GET", url: "/api/v1/tabletop-exercises" }),
  },
  {
    action: "incidents.read",
    name: "one tabletop",
    request: async (f) => ({
      method: "GET",
      url: `/api/v1/tabletop-exercises/${(await seedTabletop(f.db, f.org.id)).id}`,
    }),
  },
  {
    action: "incidents.manage",
    name: "log",
    request: () => ({ method: "POST", url: "/api/v1/incidents", body: incidentBody() }),
  },
  {
    action: "incidents.manage",
    name: "edit",
    request: async (f) => ({ method: "PATCH", url: url(await seeded(f)), body: { category: "phishing" } }),
  },
  {
    action: "incidents.manage",
    name: "transition",
    request: async (f) => ({ method: "POST", url: url(await seeded(f), "/transition"), body: { to: "triaged" } }),
  },
  {
    action: "incidents.manage",
    name: "timeline",
    request: async (f) => ({ method: "POST", url: url(await seeded(f), "/timeline"), body: { text: "Paged on-call" } }),
  },
  {
    action: "incidents.manage",
    name: "delete own timeline entry",
    request: async (f) => {
      const { id, entryId } = await seedTimelineEntry(f.db, f.org.id, f.actor.userId);
      return { method: "DELETE", url: url(id, `/timeline/${entryId}`) };
    },
  },
  {
    action: "incidents.delete",
    name: "delete someone else's timeline entry",
    request: async (f) => {
      const other = await f.addMember("control_owner");
      const { id, entryId } = await seedTimelineEntry(f.db, f.org.id, other.userId);
      return { method: "DELETE", url: url(id, `/timeline/${entryId}`) };
    },
  },
  {
    action: "incidents.delete",
    name: "delete an incident",
    request: async (f) => ({ method: "DELETE", url: url(await seeded(f)) }),
  },
  {
    action: "incidents.manage",
    name: "add obligation",
    request: async (f) => ({
      method: "POST",
      url: url(await seeded(f), "/obligations"),
      body: { audience: "regulator" },
    }),
  },
  {
    action: "incidents.manage",
    name: "update obligation",
    request: async (f) => ({
      method: "PATCH",
      url: url(await seeded(f), "/obligations/00000000-0000-4000-8000-000000000000"),
      body: { recipient: "ICO" },
    }),
  },
  {
    action: "incidents.manage",
    name: "remove obligation",
    request: async (f) => ({
      method: "DELETE",
      url: url(await seeded(f), "/obligations/00000000-0000-4000-8000-000000000000"),
    }),
  },
  {
    action: "incidents.manage",
    name: "link remediation",
    request: async (f) => ({ method: "PUT", url: url(await seeded(f), "/remediation"), body: { itemIds: [] } }),
  },
  {
    action: "incidents.manage",
    name: "create remediation",
    request: async (f) => ({
      method: "POST",
      url: url(await seeded(f), "/remediation"),
      body: { programId: "00000000-0000-4000-8000-000000000000", title: "Rotate keys" },
    }),
  },
  {
    action: "incidents.manage",
    name: "set linked controls",
    request: async (f) => ({ method: "PUT", url: url(await seeded(f), "/controls"), body: { keys: [] } }),
  },
  {
    action: "incidents.manage",
    name: "import preview",
    request: () => ({ method: "POST", url: "/api/v1/incidents/import/preview", body: { csv: "title\nx\n" } }),
  },
  {
    action: "incidents.manage",
    name: "import",
    request: () => ({ method: "POST", url: "/api/v1/incidents/import", body: { csv: "title\nx\n" } }),
  },
  {
    action: "incidents.manage",
    name: "record tabletop",
    request: () => ({
      method: "POST",
      url: "/api/v1/tabletop-exercises",
      body: { heldOn: "2026-01-15", scenario: "Lost laptop" },
    }),
  },
  {
    action: "incidents.manage",
    name: "edit tabletop",
    request: async (f) => ({
      method: "PATCH",
      url: `/api/v1/tabletop-exercises/${(await seedTabletop(f.db, f.org.id)).id}`,
      body: { findings: "Runbook out of date" },
    }),
  },
  {
    action: "incidents.manage",
    name: "delete tabletop",
    request: async (f) => ({
      method: "DELETE",
      url: `/api/v1/tabletop-exercises/${(await seedTabletop(f.db, f.org.id)).id}`,
    }),
  },
  {
    action: "incidents.manage",
    name: "attach the post-mortem as evidence",
    request: async (f) => ({ method: "POST", url: url(await seeded(f), "/evidence"), body: {} }),
  },
  {
    action: "incidents.manage",
    name: "attach a tabletop as evidence",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/tabletop-exercises/${(await seedTabletop(f.db, f.org.id)).id}/evidence`,
      body: {},
    }),
  },
];

const incident = async (f: AuthzFixture) => ({ id: (await seedIncident(f.db, f.org.id)).id });

export const isolation: IsolationFixture[] = [
  { route: "GET /api/v1/incidents/:id", prepare: async (f) => ({ params: await incident(f) }) },
  {
    route: "PATCH /api/v1/incidents/:id",
    prepare: async (f) => ({ params: await incident(f), body: { category: "x" } }),
  },
  {
    route: "POST /api/v1/incidents/:id/transition",
    prepare: async (f) => ({ params: await incident(f), body: { to: "triaged" } }),
  },
  {
    route: "POST /api/v1/incidents/:id/timeline",
    prepare: async (f) => ({ params: await incident(f), body: { text: "x" } }),
  },
  { route: "DELETE /api/v1/incidents/:id", prepare: async (f) => ({ params: await incident(f) }) },
  {
    route: "DELETE /api/v1/incidents/:id/timeline/:entryId",
    prepare: async (f) => ({ params: await seedTimelineEntry(f.db, f.org.id, f.actor.userId) }),
  },
  {
    route: "POST /api/v1/incidents/:id/obligations",
    prepare: async (f) => ({ params: await incident(f), body: { audience: "customers" } }),
  },
  {
    route: "PATCH /api/v1/incidents/:id/obligations/:obligationId",
    prepare: async (f) => ({ params: await seedObligation(f.db, f.org.id), body: { recipient: "x" } }),
  },
  {
    route: "DELETE /api/v1/incidents/:id/obligations/:obligationId",
    prepare: async (f) => ({ params: await seedObligation(f.db, f.org.id) }),
  },
  {
    route: "PUT /api/v1/incidents/:id/remediation",
    prepare: async (f) => ({ params: await incident(f), body: { itemIds: [] } }),
  },
  {
    route: "POST /api/v1/incidents/:id/remediation",
    prepare: async (f) => ({
      params: await incident(f),
      body: { programId: (await seedProgram(f.db, f.org.id)).id, title: "x" },
    }),
  },
  { route: "GET /api/v1/incidents/:id/report.pdf", prepare: async (f) => ({ params: await incident(f) }) },
  { route: "GET /api/v1/incidents/:id/controls", prepare: async (f) => ({ params: await incident(f) }) },
  {
    route: "PUT /api/v1/incidents/:id/controls",
    prepare: async (f) => ({ params: await incident(f), body: { keys: [] } }),
  },
  {
    route: "GET /api/v1/tabletop-exercises/:id",
    prepare: async (f) => ({ params: { id: (await seedTabletop(f.db, f.org.id)).id } }),
  },
  {
    route: "PATCH /api/v1/tabletop-exercises/:id",
    prepare: async (f) => ({ params: { id: (await seedTabletop(f.db, f.org.id)).id }, body: { findings: "x" } }),
  },
  {
    route: "DELETE /api/v1/tabletop-exercises/:id",
    prepare: async (f) => ({ params: { id: (await seedTabletop(f.db, f.org.id)).id } }),
  },
  { route: "POST /api/v1/incidents/:id/evidence", prepare: async (f) => ({ params: await incident(f), body: {} }) },
  {
    route: "POST /api/v1/tabletop-exercises/:id/evidence",
    prepare: async (f) => ({ params: { id: (await seedTabletop(f.db, f.org.id)).id }, body: {} }),
  },
];
