import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { type Approval, CHANGE_SOURCES, CHANGE_STATUSES } from "../../core/changes.ts";
import { createdAt, orgRef, ts } from "./common.ts";
import { organizations, users } from "./identity.ts";

/**
 * The change register: one row per change, recorded by hand or imported from a GitHub pull request or a git commit
 * of the main line. A synced change is keyed by its source, repository and external reference (PR number, commit
 * sha), so a sync again updates it instead of adding it twice.
 */
export const changes = pgTable(
  "changes",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    title: text("title").notNull(),
    description: text("description"),
    source: text("source", { enum: CHANGE_SOURCES }).notNull(),
    repository: text("repository"),
    /** PR number (github) or commit sha (git); for a change by hand, any reference (a ticket). */
    externalRef: text("external_ref"),
    url: text("url"),
    author: text("author"),
    committer: text("committer"),
    mergedBy: text("merged_by"),
    approvals: jsonb("approvals").$type<Approval[]>().notNull().default([]),
    checksPassed: boolean("checks_passed"),
    /** git's %G? code (G, U, N…); null when the source does not tell. */
    signature: text("signature"),
    mergedAt: ts("merged_at"),
    deployedAt: ts("deployed_at"),
    emergency: boolean("emergency").notNull().default(false),
    emergencyApprovedBy: uuid("emergency_approved_by").references(() => users.id),
    emergencyApproverName: text("emergency_approver_name"),
    emergencyApprovedAt: ts("emergency_approved_at"),
    emergencyJustification: text("emergency_justification"),
    risk: text("risk"),
    status: text("status", { enum: CHANGE_STATUSES }).notNull(),
    /** isUnreviewed (src/core/changes.ts) of the stored fields, kept at every write so lists can filter on it. */
    unreviewed: boolean("unreviewed").notNull().default(false),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    syncedAt: ts("synced_at"),
  },
  (t) => [
    uniqueIndex("changes_org_source_ref").on(t.organizationId, t.source, t.repository, t.externalRef),
    index("changes_org_landed").on(t.organizationId, t.mergedAt),
    index("changes_org_deployed").on(t.organizationId, t.deployedAt),
  ],
);

/** An organization's own change-register settings. Absent: the defaults (src/core/changes.ts). */
export const changeSettings = pgTable("change_settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id),
  /** Days an emergency change may wait for its after-the-fact approval (1–30). */
  emergencyApprovalDays: integer("emergency_approval_days").notNull(),
  updatedBy: uuid("updated_by").references(() => users.id),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});
