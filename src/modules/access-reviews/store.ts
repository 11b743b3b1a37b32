/** Loading campaigns and accounts of one organization, and turning rows into the API's views. */
import { and, eq, inArray } from "drizzle-orm";
import { campaignProgress } from "../../core/access-review.ts";
import { utcDay } from "../../core/dates.ts";
import type { Db } from "../../db/client.ts";
import { accessReviewAccounts, accessReviewCampaigns, connections, people, users } from "../../db/schema/index.ts";
import { notFound } from "../../platform/errors.ts";
import type { Account, Campaign } from "./schema.ts";

export type CampaignRow = typeof accessReviewCampaigns.$inferSelect;
export type AccountRow = typeof accessReviewAccounts.$inferSelect;

export const campaignLink = (id: string) => `/access-reviews/${id}`;

export async function loadCampaign(db: Db, organizationId: string, id: string): Promise<CampaignRow> {
  const [row] = await db
    .select()
    .from(accessReviewCampaigns)
    .where(and(eq(accessReviewCampaigns.organizationId, organizationId), eq(accessReviewCampaigns.id, id)));
  if (!row) throw notFound("This access review");
  return row;
}

export async function accountsOf(db: Db, organizationId: string, campaignIds: readonly string[]) {
  if (!campaignIds.length) return [];
  return db
    .select()
    .from(accessReviewAccounts)
    .where(
      and(
        eq(accessReviewAccounts.organizationId, organizationId),
        inArray(accessReviewAccounts.campaignId, [...campaignIds]),
      ),
    )
    .orderBy(accessReviewAccounts.account, accessReviewAccounts.id);
}

type Person = { id: string; name: string; email: string } | null;

async function usersById(db: Db, ids: Iterable<string | null>) {
  const wanted = [...new Set([...ids].filter((x): x is string => !!x))];
  const rows = wanted.length
    ? await db
        .select({ id: users.id, name: users.name, email: users.email })
        .from(users)
        .where(inArray(users.id, wanted))
    : [];
  const map = new Map(rows.map((r) => [r.id, r]));
  return (id: string | null): Person => (id ? (map.get(id) ?? null) : null);
}

export async function toAccounts(db: Db, rows: readonly AccountRow[], openCampaigns = true): Promise<Account[]> {
  const person = await usersById(
    db,
    rows.flatMap((r) => [r.reviewerUserId, r.decidedBy, r.completedBy]),
  );
  const personIds = [...new Set(rows.flatMap((r) => (r.personId ? [r.personId] : [])))];
  const ppl = personIds.length
    ? await db
        .select({ id: people.id, name: people.fullName, status: people.status })
        .from(people)
        .where(inArray(people.id, personIds))
    : [];
  const byPerson = new Map(ppl.map((p) => [p.id, p]));
  return rows.map((r) => ({
    id: r.id,
    campaignId: r.campaignId,
    kind: r.kind,
    externalId: r.externalId,
    account: r.account,
    email: r.email,
    roles: r.roles,
    accountStatus: r.accountStatus,
    person: r.personId ? (byPerson.get(r.personId) ?? null) : null,
    holderUserId: r.holderUserId,
    flag: r.flag,
    suggestion: r.flag && !r.decision && openCampaigns ? ("revoke" as const) : null,
    reviewer: person(r.reviewerUserId),
    decision: r.decision,
    newRole: r.newRole,
    comment: r.comment,
    decidedBy: person(r.decidedBy),
    decidedAt: r.decidedAt,
    completedAt: r.completedAt,
    completedBy: person(r.completedBy),
    completionNote: r.completionNote,
    confirmedAt: r.confirmedAt,
  }));
}

export async function toCampaigns(
  db: Db,
  rows: readonly CampaignRow[],
  accounts: readonly AccountRow[],
  today = utcDay(),
): Promise<Campaign[]> {
  const person = await usersById(
    db,
    rows.flatMap((r) => [r.ownerUserId, r.systemOwnerUserId, r.closedBy]),
  );
  const connIds = [...new Set(rows.flatMap((r) => (r.connectionId ? [r.connectionId] : [])))];
  const conns = connIds.length
    ? await db
        .select({ id: connections.id, name: connections.name, type: connections.type })
        .from(connections)
        .where(inArray(connections.id, connIds))
    : [];
  const byConn = new Map(conns.map((c) => [c.id, c]));
  const byCampaign = Map.groupBy(accounts, (a) => a.campaignId);
  return rows.map((r) => {
    const list = byCampaign.get(r.id) ?? [];
    return {
      id: r.id,
      name: r.name,
      system: r.system,
      source: r.source,
      connection: r.connectionId ? (byConn.get(r.connectionId) ?? null) : null,
      resourceTypes: r.resourceTypes,
      reviewerRule: r.reviewerRule,
      systemOwner: person(r.systemOwnerUserId),
      owner: person(r.ownerUserId),
      dueOn: r.dueOn,
      cadence: r.cadence,
      status: r.status,
      overdue: r.status === "open" && r.dueOn < today,
      launchedAt: r.launchedAt,
      closedAt: r.closedAt,
      closedBy: person(r.closedBy),
      closeNote: r.closeNote,
      reportEvidenceIds: r.reportEvidenceIds,
      flagged: list.filter((a) => a.flag).length,
      progress: campaignProgress(list),
    };
  });
}

/** What the ledger keeps of an account's decision and completion. */
export const accountLedger = (a: AccountRow) => ({
  campaignId: a.campaignId,
  account: a.account,
  kind: a.kind,
  decision: a.decision,
  newRole: a.newRole,
  comment: a.comment,
  reviewerUserId: a.reviewerUserId,
  completedAt: a.completedAt,
  completionNote: a.completionNote,
  confirmedAt: a.confirmedAt,
});
