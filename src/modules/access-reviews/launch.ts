/**
 * Launching a campaign: the accounts of a connection (or of an uploaded CSV) snapshotted as they are now, each
 * matched to a person of the directory, flagged when it matches nobody or its holder has left, and given a reviewer.
 */
import { parse } from "csv-parse/sync";
import { and, eq, inArray, isNull } from "drizzle-orm";
import {
  accountStatusOf,
  emailOf,
  isDisabled,
  loginOf,
  REVIEWABLE_RESOURCE_TYPES,
  rolesOf,
} from "../../core/access-review.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import {
  accessReviewAccounts,
  accessReviewCampaigns,
  connections,
  memberships,
  people,
  resources,
  users,
} from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { badRequest } from "../../platform/errors.ts";
import { notify } from "../notifications/public.ts";
import { controlInputsChanged } from "../programs/events.ts";
import { accessReviewLaunched } from "./events.ts";
import { rules } from "./policy.ts";
import { type CreateCampaign, MAX_ACCOUNTS } from "./schema.ts";
import type { AccountRow, CampaignRow } from "./store.ts";

export const ACCESS_REVIEW_CONTROL = "ACC-08";

/** One account before it is matched and assigned. */
export interface SnapshotAccount {
  resourceId: string | null;
  kind: string;
  externalId: string;
  account: string;
  email: string | null;
  login: string;
  roles: string[];
  accountStatus: string;
  disabled: boolean;
}

/**
 * Reads the CSV of accounts: a header with `account` (required), `email` and `role` or `roles` (several separated
 * by ; or |). Every problem is reported with its line number; nothing is imported when any line is wrong.
 */
export function parseAccountsCsv(csv: string): SnapshotAccount[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, {
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
    }) as never;
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw badRequest(
      "invalid_csv",
      `The CSV cannot be read${e.lines ? ` at line ${e.lines}` : ""}: ${e.message ?? "malformed"}.`,
    );
  }
  const header = records[0]
    ? Object.keys(records[0].record)
    : (csv.split(/\r?\n/)[0] ?? "").split(",").map((h) => h.trim().toLowerCase());
  if (!header.includes("account"))
    throw badRequest(
      "invalid_csv",
      "The CSV needs a header row with an “account” column (and optionally email and role).",
    );
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const out: SnapshotAccount[] = [];
  for (const { record, info } of records) {
    const line = info.lines;
    const account = record.account ?? "";
    const email = (record.email ?? "").toLowerCase();
    if (!account) problems.push(`Line ${line}: the account is empty.`);
    else if (account.length > 300) problems.push(`Line ${line}: the account name is longer than 300 characters.`);
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      problems.push(`Line ${line}: “${email}” is not an email address.`);
    const key = account.toLowerCase();
    if (account && seen.has(key)) problems.push(`Line ${line}: “${account}” is already on line ${seen.get(key)}.`);
    else if (account) seen.set(key, line);
    const roles = (record.roles ?? record.role ?? "")
      .split(/[;|]/)
      .map((r) => r.trim())
      .filter(Boolean);
    if (roles.some((r) => r.length > 200)) problems.push(`Line ${line}: a role is longer than 200 characters.`);
    out.push({
      resourceId: null,
      kind: "csv",
      externalId: account,
      account,
      email: email || null,
      login: (email.split("@")[0] ?? account).toLowerCase() || account.toLowerCase(),
      roles,
      accountStatus: (record.status ?? "active").toLowerCase() || "active",
      disabled: ["suspended", "disabled", "deactivated"].includes((record.status ?? "").toLowerCase()),
    });
  }
  if (problems.length)
    throw badRequest(
      "invalid_csv",
      `The CSV has ${problems.length} ${problems.length === 1 ? "problem" : "problems"}; nothing was imported. ${problems.slice(0, 20).join(" ")}${problems.length > 20 ? ` …and ${problems.length - 20} more.` : ""}`,
      { problems },
    );
  if (!out.length)
    throw badRequest("no_accounts", "The CSV lists no accounts: add one line per account under the header.");
  if (out.length > MAX_ACCOUNTS)
    throw badRequest(
      "too_many_accounts",
      `A review takes at most ${MAX_ACCOUNTS.toLocaleString("en-US")} accounts; split the list.`,
    );
  return out;
}

/** The accounts a connection holds now (resources still present), of the chosen types. */
export async function connectionAccounts(
  db: Db,
  organizationId: string,
  connectionId: string,
  types: readonly string[],
): Promise<{ connection: typeof connections.$inferSelect; accounts: SnapshotAccount[] }> {
  const [connection] = await db
    .select()
    .from(connections)
    .where(
      and(
        eq(connections.organizationId, organizationId),
        eq(connections.id, connectionId),
        isNull(connections.deletedAt),
      ),
    );
  if (!connection)
    throw badRequest(
      "unknown_connection",
      "That monitoring connection does not exist in this organization (or was removed).",
    );
  const rows = await db
    .select()
    .from(resources)
    .where(
      and(
        eq(resources.organizationId, organizationId),
        eq(resources.connectionId, connectionId),
        inArray(
          resources.type,
          types.filter((t) => (REVIEWABLE_RESOURCE_TYPES as readonly string[]).includes(t)),
        ),
        isNull(resources.missingSince),
      ),
    )
    .orderBy(resources.name);
  const accounts = rows.map((r) => ({
    resourceId: r.id,
    kind: r.type,
    externalId: r.externalId,
    account: r.name,
    email: emailOf(r.attributes, r.externalId),
    login: loginOf(r.attributes, r.name),
    roles: rolesOf(r.type, r.attributes),
    accountStatus: accountStatusOf(r.type, r.attributes),
    disabled: isDisabled(r.type, r.attributes),
  }));
  if (!accounts.length)
    throw badRequest(
      "no_accounts",
      `“${connection.name}” has no accounts of these kinds yet (${types.join(", ")}). Run its sync first, or choose other kinds.`,
    );
  if (accounts.length > MAX_ACCOUNTS)
    throw badRequest("too_many_accounts", `A review takes at most ${MAX_ACCOUNTS.toLocaleString("en-US")} accounts.`);
  return { connection, accounts };
}

async function membersOf(db: Db, organizationId: string) {
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId));
  return { ids: new Set(rows.map((r) => r.id)), byEmail: new Map(rows.map((r) => [r.email.toLowerCase(), r.id])) };
}

export async function assertMember(db: Db, organizationId: string, userId: string, what: string) {
  const { ids } = await membersOf(db, organizationId);
  if (!ids.has(userId))
    throw badRequest(
      "not_a_member",
      `The ${what} must be a member of this organization: choose one from the members list.`,
    );
}

/**
 * Matches each account to a person (by email, else by a login equal to one person's email name), flags it, finds
 * the member who holds it and its reviewer: the holder's manager (as a member), the system owner, the campaign owner
 * — the first who is a member and does not hold the account.
 */
export async function assignAccounts(
  db: Db,
  organizationId: string,
  campaign: Pick<CampaignRow, "id" | "reviewerRule" | "systemOwnerUserId" | "ownerUserId">,
  accounts: readonly SnapshotAccount[],
): Promise<AccountRow[]> {
  const members = await membersOf(db, organizationId);
  const directory = await db.select().from(people).where(eq(people.organizationId, organizationId));
  const byEmail = new Map(directory.map((p) => [p.email.toLowerCase(), p]));
  const byId = new Map(directory.map((p) => [p.id, p]));
  const byLogin = new Map<string, (typeof directory)[number] | null>();
  for (const p of directory) {
    const local = p.email.toLowerCase().split("@")[0]!;
    byLogin.set(local, byLogin.has(local) ? null : p); // an ambiguous login matches nobody
  }
  const memberOf = (p: (typeof directory)[number] | undefined | null) =>
    p
      ? ((p.userId && members.ids.has(p.userId) ? p.userId : null) ??
        members.byEmail.get(p.email.toLowerCase()) ??
        null)
      : null;

  return accounts.map((a) => {
    const person = (a.email ? byEmail.get(a.email) : undefined) ?? byLogin.get(a.login) ?? null;
    const holder = memberOf(person) ?? (a.email ? (members.byEmail.get(a.email) ?? null) : null);
    const flag = !person ? ("orphan" as const) : person.status === "left" && !a.disabled ? ("left" as const) : null;
    const manager =
      campaign.reviewerRule === "manager" && person?.managerId ? memberOf(byId.get(person.managerId)) : null;
    const candidates = [manager, campaign.systemOwnerUserId, campaign.ownerUserId].filter(
      (u): u is string => !!u && members.ids.has(u),
    );
    const reviewer =
      candidates.find((u) => !rules.reviewerProblem(u, { holderUserId: holder, account: a.account })) ??
      campaign.ownerUserId;
    return {
      id: newId(),
      organizationId,
      campaignId: campaign.id,
      resourceId: a.resourceId,
      kind: a.kind,
      externalId: a.externalId,
      account: a.account,
      email: a.email,
      roles: a.roles,
      accountStatus: a.accountStatus,
      personId: person?.id ?? null,
      holderUserId: holder,
      flag,
      reviewerUserId: reviewer,
      decision: null,
      newRole: null,
      comment: "",
      decidedBy: null,
      decidedAt: null,
      completedAt: null,
      completedBy: null,
      completionNote: null,
      confirmedAt: null,
      confirmedSyncId: null,
    };
  });
}

/** Creates the campaign and its snapshot in the change; returns the campaign row. */
export async function launchCampaign(
  c: Change,
  input: CreateCampaign & { ownerUserId: string; createdBy: string | null; previousId?: string | null },
  snapshot: { accounts: readonly SnapshotAccount[]; connectionId: string | null },
): Promise<CampaignRow> {
  const organizationId = c.organizationId!;
  const row: CampaignRow = {
    id: newId(),
    organizationId,
    name: input.name,
    system: input.system,
    source: input.source,
    connectionId: snapshot.connectionId,
    resourceTypes: input.source === "connection" ? [...new Set(input.resourceTypes)] : [],
    reviewerRule: input.reviewerRule,
    systemOwnerUserId: input.systemOwnerUserId,
    ownerUserId: input.ownerUserId,
    dueOn: input.dueOn,
    cadence: input.cadence,
    status: "open",
    launchedAt: c.now,
    closedAt: null,
    closedBy: null,
    closeNote: null,
    reportEvidenceIds: [],
    previousId: input.previousId ?? null,
    remindedOn: null,
    createdBy: input.createdBy,
    createdAt: c.now,
  };
  await c.tx.insert(accessReviewCampaigns).values(row);
  const accounts = await assignAccounts(c.tx, organizationId, row, snapshot.accounts);
  for (let i = 0; i < accounts.length; i += 500)
    await c.tx.insert(accessReviewAccounts).values(accounts.slice(i, i + 500));
  await c.emit(accessReviewLaunched, {
    id: row.id,
    after: {
      name: row.name,
      system: row.system,
      source: row.source,
      connectionId: row.connectionId,
      resourceTypes: row.resourceTypes,
      reviewerRule: row.reviewerRule,
      systemOwnerUserId: row.systemOwnerUserId,
      dueOn: row.dueOn,
      cadence: row.cadence,
      previousId: row.previousId,
      accounts: accounts.length,
      flagged: accounts.filter((a) => a.flag).length,
    },
  });
  // Each reviewer hears about their share once, at launch (reminders follow near the due date).
  for (const [reviewer, list] of Map.groupBy(accounts, (a) => a.reviewerUserId))
    await notify(c, {
      organizationId,
      userId: reviewer,
      kind: "access_reviews.assigned",
      title: `Review ${list.length} ${list.length === 1 ? "account" : "accounts"} in ${row.name}`,
      body: `Decide keep, revoke or change role for each account of ${row.system} by ${row.dueOn}.`,
      link: `/access-reviews/${row.id}`,
    });
  await c.emit(controlInputsChanged, { keys: [ACCESS_REVIEW_CONTROL] });
  return row;
}
