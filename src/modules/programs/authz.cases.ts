import type { AuthzCase, AuthzFixture, IsolationFixture } from "../../../test/authz.ts";
import { createControlsService } from "./controls.ts";
import { seedActor, seedControl, seedProgram } from "./testing.ts";

const program = (f: AuthzFixture) => seedProgram(f.db, f.org.id, f.actor.userId, { adoptLibrary: false });
/** A program with one custom control (CUS-01) owned by the acting person. */
async function programWithMyControl(f: AuthzFixture) {
  const p = await program(f);
  await seedControl(f.db, f.org.id, f.actor.userId, p.id, { key: "CUS-01", ownerUserId: f.actor.userId });
  return p;
}

export const cases: AuthzCase[] = [
  { action: "programs.read", name: "list programs", request: () => ({ method: "GET", url: "/api/v1/programs" }) },
  {
    action: "programs.read",
    name: "explain a control's status",
    request: async (f) => ({
      method: "GET",
      url: `/api/v1/programs/${(await programWithMyControl(f)).id}/controls/CUS-01/explanation`,
    }),
  },
  {
    action: "programs.read",
    name: "read readiness",
    request: async (f) => ({ method: "GET", url: `/api/v1/programs/${(await program(f)).id}/readiness` }),
  },
  {
    action: "programs.manage",
    name: "create a program",
    request: () => ({
      method: "POST",
      url: "/api/v1/programs",
      body: { name: "Authz", reportType: "type1", asOfDate: "2027-03-31", adoptLibrary: false },
    }),
  },
  {
    action: "programs.manage",
    name: "scope a program",
    request: async (f) => ({
      method: "PATCH",
      url: `/api/v1/programs/${(await program(f)).id}`,
      body: { categories: ["availability"] },
    }),
  },
  {
    action: "controls.edit",
    name: "rename a control someone else owns",
    request: async (f) => {
      const p = await programWithMyControl(f);
      const other = await f.addMember("control_owner");
      const owner = await seedActor(f.db, f.org.id, f.actor.userId, "owner");
      await createControlsService({ db: f.db }).update(owner, p.id, "CUS-01", { ownerUserId: other.userId });
      return { method: "PATCH", url: `/api/v1/programs/${p.id}/controls/CUS-01`, body: { name: "Renamed" } };
    },
  },
  {
    action: "controls.update_own",
    name: "set the status of my control",
    request: async (f) => ({
      method: "PATCH",
      url: `/api/v1/programs/${(await programWithMyControl(f)).id}/controls/CUS-01`,
      body: { status: "in_progress", statusReason: "Started" },
    }),
  },
  {
    action: "controls.update_own",
    name: "bulk-set the status of my controls",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/programs/${(await programWithMyControl(f)).id}/controls/bulk`,
      body: { keys: ["CUS-01"], changes: { status: "in_progress" } },
    }),
  },
  {
    action: "assessment.answer",
    name: "answer the self-assessment",
    request: async (f) => ({
      method: "PUT",
      url: `/api/v1/programs/${(await program(f)).id}/assessment`,
      body: { answers: [{ criterionId: "CC1.1", answer: "yes" }] },
    }),
  },
];

const programParams = async (f: AuthzFixture) => ({ params: { programId: (await program(f)).id } });

export const isolation: IsolationFixture[] = [
  ...[
    "GET /api/v1/programs/:programId",
    "GET /api/v1/programs/:programId/controls",
    "GET /api/v1/programs/:programId/readiness",
    "GET /api/v1/programs/:programId/readiness/trend",
    "GET /api/v1/programs/:programId/gaps",
    "GET /api/v1/programs/:programId/dashboard",
    "GET /api/v1/programs/:programId/assessment",
  ].map((route) => ({ route, prepare: programParams })),
  {
    route: "PATCH /api/v1/programs/:programId",
    prepare: async (f) => ({ ...(await programParams(f)), body: { name: "x" } }),
  },
  {
    route: "POST /api/v1/programs/:programId/archive",
    prepare: async (f) => ({ ...(await programParams(f)), body: { archived: true } }),
  },
  ...["POST /api/v1/programs/:programId/controls/bulk/preview", "POST /api/v1/programs/:programId/controls/bulk"].map(
    (route) => ({
      route,
      prepare: async (f: AuthzFixture) => ({
        params: { programId: (await programWithMyControl(f)).id },
        body: { keys: ["CUS-01"], changes: { frequency: "monthly" } },
      }),
    }),
  ),
  {
    route: "POST /api/v1/programs/:programId/adopt",
    prepare: async (f) => ({ ...(await programParams(f)), body: {} }),
  },
  {
    route: "POST /api/v1/programs/:programId/controls",
    prepare: async (f) => ({
      ...(await programParams(f)),
      body: { name: "x", description: "x", criteria: ["CC1.1"] },
    }),
  },
  {
    route: "PUT /api/v1/programs/:programId/assessment",
    prepare: async (f) => ({
      ...(await programParams(f)),
      body: { answers: [{ criterionId: "CC1.1", answer: "no" }] },
    }),
  },
  {
    route: "GET /api/v1/programs/:programId/controls/:key",
    prepare: async (f) => ({ params: { programId: (await programWithMyControl(f)).id, key: "CUS-01" } }),
  },
  {
    route: "GET /api/v1/programs/:programId/controls/:key/explanation",
    prepare: async (f) => ({ params: { programId: (await programWithMyControl(f)).id, key: "CUS-01" } }),
  },
  {
    route: "PATCH /api/v1/programs/:programId/controls/:key",
    prepare: async (f) => ({
      params: { programId: (await programWithMyControl(f)).id, key: "CUS-01" },
      body: { status: "implemented" },
    }),
  },
];
