import { eq } from "drizzle-orm";
import type { AuthzCase, AuthzFixture, IsolationFixture } from "../../../test/authz.ts";
import { addDays, utcDay } from "../../core/dates.ts";
import { accessReviewAccounts } from "../../db/schema/index.ts";
import { seedCampaign } from "./testing.ts";

const BASE = "/api/v1/access-reviews";

/** A campaign owned by another member, with the acting member as the reviewer of its accounts. */
async function campaignFor(f: AuthzFixture) {
  const c = await seedCampaign(f.db, f.org.id, f.actor.userId);
  await f.db
    .update(accessReviewAccounts)
    .set({ reviewerUserId: f.actor.userId })
    .where(eq(accessReviewAccounts.campaignId, c.id));
  const accounts = await f.db.select().from(accessReviewAccounts).where(eq(accessReviewAccounts.campaignId, c.id));
  return { id: c.id, accountId: accounts[0]!.id, accounts };
}

export const cases: AuthzCase[] = [
  { action: "access_reviews.read", name: "list campaigns", request: () => ({ method: "GET", url: BASE }) },
  {
    action: "access_reviews.read",
    name: "one campaign",
    request: async (f) => ({ method: "GET", url: `${BASE}/${(await campaignFor(f)).id}` }),
  },
  {
    action: "access_reviews.read",
    name: "the CSV report",
    request: async (f) => ({ method: "GET", url: `${BASE}/${(await campaignFor(f)).id}/report.csv` }),
  },
  {
    action: "access_reviews.read",
    name: "the PDF report",
    request: async (f) => ({ method: "GET", url: `${BASE}/${(await campaignFor(f)).id}/report.pdf` }),
  },
  { action: "access_reviews.manage", name: "list sources", request: () => ({ method: "GET", url: `${BASE}/sources` }) },
  {
    action: "access_reviews.manage",
    name: "launch from a CSV",
    request: () => ({
      method: "POST",
      url: BASE,
      body: {
        source: "csv",
        name: "Billing review",
        system: "Billing",
        dueOn: addDays(utcDay(), 10),
        cadence: "none",
        csv: "account,email\nsam,sam@example.test\n",
      },
    }),
  },
  {
    action: "access_reviews.manage",
    name: "reassign a reviewer",
    request: async (f) => {
      const c = await campaignFor(f);
      const other = await f.addMember("employee");
      return {
        method: "PUT",
        url: `${BASE}/${c.id}/accounts/${c.accountId}/reviewer`,
        body: { reviewerUserId: other.userId },
      };
    },
  },
  {
    action: "access_reviews.manage",
    name: "close a campaign",
    request: async (f) => {
      const c = await campaignFor(f);
      return { method: "POST", url: `${BASE}/${c.id}/close`, body: {} };
    },
  },
  { action: "access_reviews.decide", name: "my queue", request: () => ({ method: "GET", url: `${BASE}/assigned` }) },
  {
    action: "access_reviews.decide",
    name: "decide on an account assigned to me",
    request: async (f) => {
      const c = await campaignFor(f);
      return {
        method: "POST",
        url: `${BASE}/${c.id}/decisions`,
        body: { accountIds: [c.accountId], decision: "keep" },
      };
    },
  },
  {
    action: "access_reviews.decide",
    name: "mark my revocation done",
    request: async (f) => {
      const c = await campaignFor(f);
      await f.db
        .update(accessReviewAccounts)
        .set({ decision: "revoke", comment: "Not needed.", decidedAt: new Date() })
        .where(eq(accessReviewAccounts.id, c.accountId));
      return { method: "POST", url: `${BASE}/${c.id}/accounts/${c.accountId}/complete`, body: { note: "Removed." } };
    },
  },
];

const campaign = async (f: AuthzFixture, body?: unknown) => ({ params: { id: (await campaignFor(f)).id }, body });
const account = async (f: AuthzFixture, body?: unknown) => {
  const c = await campaignFor(f);
  return { params: { id: c.id, accountId: c.accountId }, body };
};

export const isolation: IsolationFixture[] = [
  { route: `GET ${BASE}/:id`, prepare: (f) => campaign(f) },
  { route: `GET ${BASE}/:id/report.csv`, prepare: (f) => campaign(f) },
  { route: `GET ${BASE}/:id/report.pdf`, prepare: (f) => campaign(f) },
  { route: `POST ${BASE}/:id/close`, prepare: (f) => campaign(f, {}) },
  {
    route: `POST ${BASE}/:id/decisions`,
    prepare: async (f) => {
      const c = await campaignFor(f);
      return { params: { id: c.id }, body: { accountIds: [c.accountId], decision: "keep" } };
    },
  },
  { route: `POST ${BASE}/:id/accounts/:accountId/complete`, prepare: (f) => account(f, { note: "Removed." }) },
  {
    route: `PUT ${BASE}/:id/accounts/:accountId/reviewer`,
    prepare: async (f) => {
      const c = await campaignFor(f);
      return { params: { id: c.id, accountId: c.accountId }, body: { reviewerUserId: f.actor.userId } };
    },
  },
];
