import { boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, orgRef, ts } from "./common.ts";
import { organizations, users } from "./identity.ts";
import { people } from "./people.ts";

/** Where a policy version is in its workflow; `superseded` is a published version a newer one replaced. */
export const POLICY_VERSION_STATUSES = ["draft", "in_review", "approved", "published", "superseded"] as const;
/** A major version asks the audience to accept it again; a minor one does not. */
export const POLICY_SIGNIFICANCES = ["major", "minor"] as const;
export const POLICY_DECISIONS = ["pending", "approved", "changes_requested"] as const;

/** Who a policy asks to accept it: everyone (empty lists), some kinds (employee, contractor), some departments. */
export interface PolicyAudience {
  kinds?: ("employee" | "contractor")[];
  departments?: string[];
}

/** The organization's policy settings (a row only once someone changes a default). */
export const policySettings = pgTable("policy_settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id),
  /** The author of a version may not be one of its approvers. */
  independentApproval: boolean("independent_approval").notNull().default(true),
  /** Share of the audience (percent) that must accept a policy for its controls to count it as met. */
  requiredAcceptancePercent: integer("required_acceptance_percent").notNull().default(95),
  /** Days an acceptance request is due after publication. */
  acceptanceDueDays: integer("acceptance_due_days").notNull().default(30),
  /** Fewest days between two reminder emails to one person about outstanding acceptances. */
  reminderIntervalDays: integer("reminder_interval_days").notNull().default(7),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** An organization's policy: adopted from a template or imported, with its versions. */
export const policies = pgTable(
  "policies",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    title: text("title").notNull(),
    /** The policy index id of the template it was adopted from (the controls that name it count on it). */
    templateId: text("template_id"),
    templateVersion: text("template_version"),
    ownerUserId: uuid("owner_user_id").references(() => users.id),
    reviewCadenceMonths: integer("review_cadence_months").notNull().default(12),
    audience: jsonb("audience").$type<PolicyAudience>().notNull().default({}),
    currentVersionId: uuid("current_version_id"),
    /** The published version people must accept: the latest major one. */
    requiredVersionId: uuid("required_version_id"),
    nextReviewDate: date("next_review_date"),
    /** `<date>:due_soon` or `<date>:overdue`: the last review reminder sent, so each goes once per review date. */
    reviewReminded: text("review_reminded"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("policies_org").on(t.organizationId),
    uniqueIndex("policies_org_template").on(t.organizationId, t.templateId),
  ],
);

export const policyVersions = pgTable(
  "policy_versions",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    policyId: uuid("policy_id")
      .notNull()
      .references(() => policies.id),
    number: integer("number").notNull(),
    status: text("status", { enum: POLICY_VERSION_STATUSES }).notNull().default("draft"),
    significance: text("significance", { enum: POLICY_SIGNIFICANCES }).notNull().default("major"),
    changeSummary: text("change_summary").notNull().default(""),
    body: text("body").notNull(),
    authorUserId: uuid("author_user_id").references(() => users.id),
    submittedAt: ts("submitted_at"),
    approvedAt: ts("approved_at"),
    publishedAt: ts("published_at"),
    publishedBy: uuid("published_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("policy_versions_number").on(t.policyId, t.number),
    index("policy_versions_org").on(t.organizationId),
  ],
);

export const policyApprovals = pgTable(
  "policy_approvals",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    versionId: uuid("version_id")
      .notNull()
      .references(() => policyVersions.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    decision: text("decision", { enum: POLICY_DECISIONS }).notNull().default("pending"),
    comment: text("comment"),
    decidedAt: ts("decided_at"),
  },
  (t) => [uniqueIndex("policy_approvals_version_user").on(t.versionId, t.userId)],
);

/** A request to a person to accept a (major) policy version, and their acceptance. */
export const policyAcknowledgements = pgTable(
  "policy_acknowledgements",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    policyId: uuid("policy_id")
      .notNull()
      .references(() => policies.id),
    versionId: uuid("version_id")
      .notNull()
      .references(() => policyVersions.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    requestedAt: ts("requested_at").notNull(),
    dueDate: date("due_date").notNull(),
    acceptedAt: ts("accepted_at"),
    /** The version the person read when accepting (a later minor version of the one requested). */
    acceptedVersionId: uuid("accepted_version_id").references(() => policyVersions.id),
    acceptedByUserId: uuid("accepted_by_user_id").references(() => users.id),
    ip: text("ip"),
    userAgent: text("user_agent"),
    remindedAt: ts("reminded_at"),
  },
  (t) => [
    uniqueIndex("policy_acks_version_person").on(t.versionId, t.personId),
    index("policy_acks_org_person").on(t.organizationId, t.personId),
    index("policy_acks_policy").on(t.policyId, t.versionId),
  ],
);
