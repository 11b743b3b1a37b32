import type { AuthzCase, AuthzFixture, IsolationFixture } from "../../../test/authz.ts";
import { seedControl, seedProgram } from "../programs/testing.ts";
import { seedFile, seedStatement } from "./testing.ts";

/** A program with one custom control, CUS-01. */
async function programWithControl(f: AuthzFixture) {
  const p = await seedProgram(f.db, f.org.id, f.actor.userId, { adoptLibrary: false });
  await seedControl(f.db, f.org.id, f.actor.userId, p.id, { key: "CUS-01" });
  return p;
}

/** Evidence submitted by the acting person (what `evidence.upload` lets them correct). */
const mine = (f: AuthzFixture) => seedStatement(f.ctx, f.org.id, f.actor.userId);

/** Evidence linked to CUS-01 of a fresh program. */
async function linked(f: AuthzFixture) {
  const p = await programWithControl(f);
  const e = await seedStatement(f.ctx, f.org.id, f.actor.userId, { programId: p.id, controls: ["CUS-01"] });
  return { program: p, evidence: e, linkId: e.controls[0]!.linkId };
}

/** Evidence a compliance manager submitted (what only `evidence.read` shows). */
async function someoneElses(f: AuthzFixture) {
  const other = await f.addMember("compliance_manager");
  return seedFile(f.ctx, f.org.id, other.userId);
}

export const cases: AuthzCase[] = [
  {
    action: "evidence.read_own",
    name: "list evidence (all of it, or only what I submitted)",
    request: () => ({ method: "GET", url: "/api/v1/evidence" }),
  },
  {
    action: "evidence.read_own",
    name: "download an evidence file I submitted",
    request: async (f) => ({
      method: "GET",
      url: `/api/v1/evidence/${(await seedFile(f.ctx, f.org.id, f.actor.userId)).id}/content`,
    }),
  },
  {
    action: "evidence.read",
    name: "open evidence someone else submitted",
    request: async (f) => ({ method: "GET", url: `/api/v1/evidence/${(await someoneElses(f)).id}` }),
  },
  {
    action: "evidence.read",
    name: "download an evidence file someone else submitted",
    request: async (f) => ({ method: "GET", url: `/api/v1/evidence/${(await someoneElses(f)).id}/content` }),
  },
  {
    action: "evidence.upload",
    name: "submit a statement",
    request: () => ({
      method: "POST",
      url: "/api/v1/evidence/statements",
      body: { title: "Quarterly review held", statement: "Held on 2027-03-30 with the whole team." },
    }),
  },
  {
    action: "evidence.upload",
    name: "upload files (a JSON body is answered 415 after authorization)",
    request: () => ({ method: "POST", url: "/api/v1/evidence", body: { title: "x" } }),
  },
  {
    action: "evidence.upload",
    name: "correct evidence I submitted",
    request: async (f) => ({
      method: "POST",
      url: `/api/v1/evidence/${(await mine(f)).id}/versions`,
      body: { reason: "Wrong date", effectiveTo: "2025-03-31" },
    }),
  },
  {
    action: "evidence.manage",
    name: "correct evidence someone else submitted",
    request: async (f) => {
      const other = await f.addMember("compliance_manager");
      const e = await seedStatement(f.ctx, f.org.id, other.userId);
      return { method: "POST", url: `/api/v1/evidence/${e.id}/versions`, body: { reason: "Typo in the title" } };
    },
  },
  {
    action: "evidence.link",
    name: "link evidence to a control",
    request: async (f) => {
      const p = await programWithControl(f);
      return {
        method: "POST",
        url: `/api/v1/evidence/${(await mine(f)).id}/controls`,
        body: { programId: p.id, controls: ["CUS-01"] },
      };
    },
  },
  {
    action: "evidence.link",
    name: "remove a link",
    request: async (f) => {
      const l = await linked(f);
      return { method: "DELETE", url: `/api/v1/evidence/${l.evidence.id}/controls/${l.linkId}` };
    },
  },
];

const evidenceParams = async (f: AuthzFixture) => ({ params: { id: (await mine(f)).id } });

export const isolation: IsolationFixture[] = [
  { route: "GET /api/v1/evidence/:id", prepare: evidenceParams },
  {
    route: "GET /api/v1/evidence/:id/content",
    prepare: async (f) => ({ params: { id: (await seedFile(f.ctx, f.org.id, f.actor.userId)).id } }),
  },
  {
    route: "POST /api/v1/evidence/:id/versions",
    prepare: async (f) => ({ ...(await evidenceParams(f)), body: { reason: "Corrected" } }),
  },
  {
    route: "POST /api/v1/evidence/:id/controls",
    prepare: async (f) => {
      const p = await programWithControl(f);
      return { ...(await evidenceParams(f)), body: { programId: p.id, controls: ["CUS-01"] } };
    },
  },
  {
    route: "DELETE /api/v1/evidence/:id/controls/:linkId",
    prepare: async (f) => {
      const l = await linked(f);
      return { params: { id: l.evidence.id, linkId: l.linkId } };
    },
  },
];
