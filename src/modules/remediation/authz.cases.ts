import type { AuthzCase, AuthzFixture, IsolationFixture } from "../../../test/authz.ts";
import type { RemediationStatus } from "./schema.ts";
import { forceItem, seedProgram, seedProgramWithItem } from "./testing.ts";

const base = (programId: string) => `/api/v1/programs/${programId}/remediation`;

/** A program with one item, owned by `owner` (default: nobody) and in `status` (default: open). */
async function itemIn(f: AuthzFixture, opts: { owner?: string; status?: RemediationStatus } = {}) {
  const { program, item } = await seedProgramWithItem(f.db, f.org.id);
  if (opts.owner || opts.status) await forceItem(f.db, item.id, { ownerUserId: opts.owner, status: opts.status });
  return { programId: program.id, id: item.id, url: `${base(program.id)}/${item.id}` };
}

const newItem = { title: "Write an incident response plan", gap: "No written plan exists.", likelihood: 2, impact: 4 };

export const cases: AuthzCase[] = [
  {
    action: "remediation.read",
    name: "list the plan",
    request: async (f) => ({ method: "GET", url: base((await itemIn(f)).programId) }),
  },
  {
    action: "remediation.read",
    name: "one item with history",
    request: async (f) => ({ method: "GET", url: (await itemIn(f)).url }),
  },
  {
    action: "remediation.read",
    name: "summary and burndown",
    request: async (f) => ({ method: "GET", url: `${base((await itemIn(f)).programId)}/summary` }),
  },
  {
    action: "remediation.read",
    name: "CSV export",
    request: async (f) => ({ method: "GET", url: `${base((await itemIn(f)).programId)}.csv` }),
  },
  {
    action: "remediation.read",
    name: "PDF export",
    request: async (f) => ({ method: "GET", url: `${base((await itemIn(f)).programId)}.pdf` }),
  },
  {
    action: "remediation.read",
    name: "an item's comments",
    request: async (f) => ({ method: "GET", url: `${(await itemIn(f)).url}/comments` }),
  },
  {
    action: "remediation.comment",
    name: "comment on an item",
    request: async (f) => ({ method: "POST", url: `${(await itemIn(f)).url}/comments`, body: { body: "Looks good." } }),
  },
  {
    action: "remediation.manage",
    name: "add an item",
    request: async (f) => ({ method: "POST", url: base((await seedProgram(f.db, f.org.id)).id), body: newItem }),
  },
  {
    action: "remediation.manage",
    name: "edit someone else's item",
    request: async (f) => {
      const other = await f.addMember("control_owner");
      return { method: "PATCH", url: (await itemIn(f, { owner: other.userId })).url, body: { title: "Renamed" } };
    },
  },
  {
    action: "remediation.update_own",
    name: "start my own item",
    request: async (f) => ({
      method: "POST",
      url: `${(await itemIn(f, { owner: f.actor.userId })).url}/status`,
      body: { status: "in_progress", note: "Starting today." },
    }),
  },
  {
    action: "remediation.update_own",
    name: "bulk-start my own items",
    request: async (f) => {
      const { programId, id } = await itemIn(f, { owner: f.actor.userId });
      return {
        method: "POST",
        url: `${base(programId)}/bulk`,
        body: { ids: [id], changes: { status: "in_progress" } },
      };
    },
  },
  {
    action: "remediation.update_own",
    name: "add evidence to my own item",
    request: async (f) => ({
      method: "PATCH",
      url: (await itemIn(f, { owner: f.actor.userId })).url,
      body: { evidence: ["https://wiki.example.test/mfa-rollout"] },
    }),
  },
  {
    action: "remediation.manage",
    name: "plan the steps of someone else's item",
    request: async (f) => {
      const other = await f.addMember("control_owner");
      return {
        method: "PUT",
        url: `${(await itemIn(f, { owner: other.userId })).url}/steps`,
        body: { steps: [{ title: "Turn on MFA" }] },
      };
    },
  },
  {
    action: "remediation.verify",
    name: "verify someone else's done item",
    request: async (f) => {
      const other = await f.addMember("control_owner");
      return {
        method: "POST",
        url: `${(await itemIn(f, { owner: other.userId, status: "done" })).url}/verify`,
        body: { note: "Checked the IAM report." },
      };
    },
  },
];

const program = async (f: AuthzFixture) => ({ params: { programId: (await seedProgram(f.db, f.org.id)).id } });
const item = async (f: AuthzFixture, body?: unknown) => {
  const { programId, id } = await itemIn(f);
  return { params: { programId, id }, body };
};

export const isolation: IsolationFixture[] = [
  { route: "GET /api/v1/programs/:programId/remediation", prepare: program },
  { route: "GET /api/v1/programs/:programId/remediation/summary", prepare: program },
  ...[
    "POST /api/v1/programs/:programId/remediation/bulk/preview",
    "POST /api/v1/programs/:programId/remediation/bulk",
  ].map((route) => ({
    route,
    prepare: async (f: AuthzFixture) => {
      const { programId, id } = await itemIn(f);
      return { params: { programId }, body: { ids: [id], changes: { dueDate: null } } };
    },
  })),
  { route: "GET /api/v1/programs/:programId/remediation.csv", prepare: program },
  { route: "GET /api/v1/programs/:programId/remediation.pdf", prepare: program },
  {
    route: "POST /api/v1/programs/:programId/remediation",
    prepare: async (f) => ({ ...(await program(f)), body: newItem }),
  },
  { route: "GET /api/v1/programs/:programId/remediation/:id", prepare: (f) => item(f) },
  { route: "PATCH /api/v1/programs/:programId/remediation/:id", prepare: (f) => item(f, { title: "Renamed" }) },
  {
    route: "POST /api/v1/programs/:programId/remediation/:id/status",
    prepare: (f) => item(f, { status: "in_progress" }),
  },
  {
    route: "PUT /api/v1/programs/:programId/remediation/:id/steps",
    prepare: (f) => item(f, { steps: [{ title: "Turn on MFA" }] }),
  },
  { route: "GET /api/v1/programs/:programId/remediation/:id/comments", prepare: (f) => item(f) },
  {
    route: "POST /api/v1/programs/:programId/remediation/:id/comments",
    prepare: (f) => item(f, { body: "Looks good." }),
  },
  {
    route: "POST /api/v1/programs/:programId/remediation/:id/verify",
    prepare: (f) => item(f, { note: "Checked the IAM report." }),
  },
];
