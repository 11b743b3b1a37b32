import { eq } from "drizzle-orm";
import type { AuthzCase, AuthzFixture, IsolationFixture } from "../../../test/authz.ts";
import { systemActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import { policyApprovals, policyVersions, users } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { findPersonByEmail } from "../people/public.ts";
import { seedPeople } from "../people/testing.ts";
import { publishVersion } from "./commands.ts";
import { seedPolicy } from "./testing.ts";

const userOf = async (f: AuthzFixture, id: string) => (await f.db.select().from(users).where(eq(users.id, id)))[0]!;
const owner = async (f: AuthzFixture) => userOf(f, (await f.addMember("owner")).userId);

/** A draft policy of the organization's own, written by the system (no member is its author). */
const draft = async (f: AuthzFixture) =>
  seedPolicy(f.db, f.org.id, { id: f.actor.userId, email: f.actor.email, name: "Actor" }, { templateId: null });
/** A policy published to all staff, the actor among its audience (review is not what these cases test). */
const published = async (f: AuthzFixture) => {
  if (!(await findPersonByEmail(f.db, f.org.id, f.actor.email)))
    await seedPeople(f.db, f.org.id, [{ email: f.actor.email }]);
  const { policy, version } = await draft(f);
  await f.db.update(policyVersions).set({ status: "approved" }).where(eq(policyVersions.id, version.id));
  await change(f.db, systemActor(f.org.id), (c) => publishVersion(c, policy.id, version.id, {}));
  return { policy, version };
};

/** A version in review with the actor named as its approver (written directly: any role is named here). */
const inReview = async (f: AuthzFixture) => {
  const { policy, version } = await draft(f);
  await f.db.update(policyVersions).set({ status: "in_review" }).where(eq(policyVersions.id, version.id));
  await f.db
    .insert(policyApprovals)
    .values({ id: newId(), organizationId: f.org.id, versionId: version.id, userId: f.actor.userId });
  return { policy, version };
};

/** A person of the directory (no acceptance requests needed: the answer is then an empty list). */
const person = async (f: AuthzFixture) => (await seedPeople(f.db, f.org.id, [{}]))[0]!.id;

export const cases: AuthzCase[] = [
  {
    action: "policies.read",
    name: "one person's acceptances",
    request: async (f) => ({ method: "GET", url: `/api/v1/policies/people/${await person(f)}/acceptances` }),
  },
  {
    action: "policies.read",
    name: "one person's acceptances as CSV",
    request: async (f) => ({ method: "GET", url: `/api/v1/policies/people/${await person(f)}/acceptances.csv` }),
  },
  {
    action: "policies.read",
    name: "one person's acceptances as PDF",
    request: async (f) => ({ method: "GET", url: `/api/v1/policies/people/${await person(f)}/acceptances.pdf` }),
  },
  { action: "policies.read", name: "list", request: () => ({ method: "GET", url: "/api/v1/policies" }) },
  {
    action: "policies.read",
    name: "one policy",
    request: async (f) => ({ method: "GET", url: `/api/v1/policies/${(await draft(f)).policy.id}` }),
  },
  {
    action: "policies.read",
    name: "acceptance tracking",
    request: async (f) => ({ method: "GET", url: `/api/v1/policies/${(await published(f)).policy.id}/acceptance` }),
  },
  {
    action: "policies.manage",
    name: "adopt a template",
    request: async (f) => ({
      method: "POST",
      url: "/api/v1/policies/adopt",
      body: { templateIds: ["backup"], ownerUserId: f.actor.userId },
    }),
  },
  {
    action: "policies.manage",
    name: "save a draft",
    request: async (f) => ({
      method: "PUT",
      url: `/api/v1/policies/${(await draft(f)).policy.id}/draft`,
      body: { body: "# Changed\n\nNew text.", changeSummary: "Shorter" },
    }),
  },
  {
    action: "policies.manage",
    name: "change the settings",
    request: () => ({ method: "PATCH", url: "/api/v1/policies/settings", body: { requiredAcceptancePercent: 90 } }),
  },
  {
    action: "policies.approve",
    name: "approve a version the actor is named to approve",
    request: async (f) => {
      const { policy, version } = await inReview(f);
      return { method: "POST", url: `/api/v1/policies/${policy.id}/versions/${version.id}/approve`, body: {} };
    },
  },
  {
    action: "policies.acknowledge",
    name: "my policies",
    request: () => ({ method: "GET", url: "/api/v1/portal/policies" }),
  },
  {
    action: "policies.acknowledge",
    name: "accept a policy",
    request: async (f) => {
      const { policy } = await published(f);
      return { method: "POST", url: `/api/v1/portal/policies/${policy.id}/accept` };
    },
  },
];

const withVersion = async (f: AuthzFixture) => {
  const { policy, version } = await draft(f);
  return { id: policy.id, versionId: version.id };
};

export const isolation: IsolationFixture[] = [
  {
    route: "GET /api/v1/policies/people/:personId/acceptances",
    prepare: async (f) => ({ params: { personId: await person(f) } }),
  },
  {
    route: "GET /api/v1/policies/people/:personId/acceptances.csv",
    prepare: async (f) => ({ params: { personId: await person(f) } }),
  },
  {
    route: "GET /api/v1/policies/people/:personId/acceptances.pdf",
    prepare: async (f) => ({ params: { personId: await person(f) } }),
  },
  { route: "GET /api/v1/policies/:id", prepare: async (f) => ({ params: { id: (await draft(f)).policy.id } }) },
  {
    route: "PATCH /api/v1/policies/:id",
    prepare: async (f) => ({ params: { id: (await draft(f)).policy.id }, body: { title: "Renamed" } }),
  },
  {
    route: "PUT /api/v1/policies/:id/draft",
    prepare: async (f) => ({ params: { id: (await draft(f)).policy.id }, body: { body: "# X\n" } }),
  },
  {
    route: "GET /api/v1/policies/:id/diff",
    prepare: async (f) => ({ params: { id: (await draft(f)).policy.id } }),
  },
  {
    route: "POST /api/v1/policies/:id/reviewed",
    prepare: async (f) => ({ params: { id: (await published(f)).policy.id } }),
  },
  { route: "GET /api/v1/policies/:id/versions/:versionId", prepare: async (f) => ({ params: await withVersion(f) }) },
  {
    route: "GET /api/v1/policies/:id/versions/:versionId/pdf",
    prepare: async (f) => ({ params: await withVersion(f) }),
  },
  {
    route: "POST /api/v1/policies/:id/versions/:versionId/submit",
    prepare: async (f) => ({ params: await withVersion(f), body: { approverIds: [(await owner(f)).id] } }),
  },
  {
    route: "POST /api/v1/policies/:id/versions/:versionId/approve",
    prepare: async (f) => ({ params: await withVersion(f), body: {} }),
  },
  {
    route: "POST /api/v1/policies/:id/versions/:versionId/request-changes",
    prepare: async (f) => ({ params: await withVersion(f), body: { comment: "No" } }),
  },
  {
    route: "POST /api/v1/policies/:id/versions/:versionId/publish",
    prepare: async (f) => ({ params: await withVersion(f), body: {} }),
  },
  {
    route: "GET /api/v1/policies/:id/acceptance",
    prepare: async (f) => ({ params: { id: (await published(f)).policy.id } }),
  },
  {
    route: "GET /api/v1/policies/:id/acceptance.csv",
    prepare: async (f) => ({ params: { id: (await published(f)).policy.id } }),
  },
  {
    route: "GET /api/v1/policies/:id/acceptance.pdf",
    prepare: async (f) => ({ params: { id: (await published(f)).policy.id } }),
  },
  {
    route: "GET /api/v1/portal/policies/:id",
    prepare: async (f) => {
      const { policy } = await published(f);
      return { params: { id: policy.id } };
    },
  },
  {
    route: "POST /api/v1/portal/policies/:id/accept",
    prepare: async (f) => ({ params: { id: (await published(f)).policy.id } }),
  },
];
