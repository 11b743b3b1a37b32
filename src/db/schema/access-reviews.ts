import { sql } from "drizzle-orm";
import { date, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, orgRef, ts } from "./common.ts";
import { organizations, users } from "./identity.ts";
import { connections, resources } from "./monitoring.ts";
import { people } from "./people.ts";

/** Where a campaign's accounts come from: a monitoring connection's resources, or an uploaded CSV. */
export const ACCESS_REVIEW_SOURCES = ["connection", "csv"] as const;
/** Who reviews an account: the holder's manager (falling back to the system owner), or the system owner. */
export const ACCESS_REVIEWER_RULES = ["manager", "system_owner"] as const;
/** How often a system is reviewed; `none`: a one-off campaign. */
export const ACCESS_REVIEW_CADENCES = ["none", "monthly", "quarterly", "semiannual", "yearly"] as const;
export const ACCESS_CAMPAIGN_STATUSES = ["open", "closed"] as const;
export const ACCESS_DECISIONS = ["keep", "revoke", "change_role"] as const;
/** Why an account stands out: it matches nobody in the directory, or its holder has left. */
export const ACCESS_FLAGS = ["orphan", "left"] as const;

/**
 * A user access review of one system: the accounts it had at launch (snapshotted in access_review_accounts), who
 * reviews each, and when it must be done. Closing it records who closed it and the report attached as evidence.
 */
export const accessReviewCampaigns = pgTable(
  "access_review_campaigns",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    name: text("name").notNull(),
    /** The system under review ("Production database", "GitHub"): control checks group campaigns by it. */
    system: text("system").notNull(),
    source: text("source", { enum: ACCESS_REVIEW_SOURCES }).notNull(),
    connectionId: uuid("connection_id").references(() => connections.id),
    /** The resource types reviewed (connection campaigns): user, outside_collaborator, database_role. */
    resourceTypes: jsonb("resource_types").$type<string[]>().notNull().default([]),
    reviewerRule: text("reviewer_rule", { enum: ACCESS_REVIEWER_RULES }).notNull().default("manager"),
    systemOwnerUserId: uuid("system_owner_user_id").references(() => users.id),
    /** Runs the campaign; reviews what nobody else can. */
    ownerUserId: uuid("owner_user_id")
      .notNull()
      .references(() => users.id),
    dueOn: date("due_on").notNull(),
    cadence: text("cadence", { enum: ACCESS_REVIEW_CADENCES }).notNull().default("quarterly"),
    status: text("status", { enum: ACCESS_CAMPAIGN_STATUSES }).notNull().default("open"),
    launchedAt: ts("launched_at").notNull().defaultNow(),
    closedAt: ts("closed_at"),
    closedBy: uuid("closed_by").references(() => users.id),
    /** Why the campaign closed with revocations still unfinished (required then). */
    closeNote: text("close_note"),
    /** The evidence records holding the closing report (one per program with the access review control). */
    reportEvidenceIds: jsonb("report_evidence_ids").$type<string[]>().notNull().default([]),
    /** The campaign this one recurs from (the daily job creates at most one successor). */
    previousId: uuid("previous_id"),
    /** The day reviewers were last reminded of pending decisions. */
    remindedOn: date("reminded_on"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("access_review_campaigns_org").on(t.organizationId, t.status),
    index("access_review_campaigns_system").on(t.organizationId, t.system),
    uniqueIndex("access_review_campaigns_previous").on(t.previousId).where(sql`previous_id IS NOT NULL`),
  ],
);

/** One account as it was when the campaign launched, with its reviewer, decision and how the decision was carried out. */
export const accessReviewAccounts = pgTable(
  "access_review_accounts",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => accessReviewCampaigns.id),
    resourceId: uuid("resource_id").references(() => resources.id),
    /** The resource type (user, database_role, …) or `csv`. */
    kind: text("kind").notNull(),
    externalId: text("external_id").notNull(),
    account: text("account").notNull(),
    email: text("email"),
    roles: jsonb("roles").$type<string[]>().notNull().default([]),
    /** The account's state at launch (active, suspended, …). */
    accountStatus: text("account_status").notNull().default("active"),
    personId: uuid("person_id").references(() => people.id),
    /** The member who holds this account, if any (they may not review it). */
    holderUserId: uuid("holder_user_id").references(() => users.id),
    flag: text("flag", { enum: ACCESS_FLAGS }),
    reviewerUserId: uuid("reviewer_user_id")
      .notNull()
      .references(() => users.id),
    decision: text("decision", { enum: ACCESS_DECISIONS }),
    newRole: text("new_role"),
    comment: text("comment").notNull().default(""),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: ts("decided_at"),
    completedAt: ts("completed_at"),
    completedBy: uuid("completed_by").references(() => users.id),
    completionNote: text("completion_note"),
    confirmedAt: ts("confirmed_at"),
    confirmedSyncId: uuid("confirmed_sync_id"),
  },
  (t) => [
    uniqueIndex("access_review_accounts_unique").on(t.campaignId, t.kind, t.externalId),
    index("access_review_accounts_reviewer").on(t.organizationId, t.reviewerUserId),
  ],
);
