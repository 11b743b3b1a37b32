import { sql } from "drizzle-orm";
import { date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ASSESSMENT_STATUSES, RISK_STATUSES, RISK_TREATMENTS, RISK_TYPES, type RiskScales } from "../../core/risks.ts";
import { createdAt, orgRef, ts } from "./common.ts";
import { organizations, users } from "./identity.ts";

/** The risk register: one row per risk, rated on the organization's scales (risk_settings). */
export const risks = pgTable(
  "risks",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    title: text("title").notNull(),
    description: text("description"),
    category: text("category"),
    type: text("type", { enum: RISK_TYPES }).notNull(),
    ownerUserId: uuid("owner_user_id").references(() => users.id),
    likelihood: integer("likelihood").notNull(),
    impact: integer("impact").notNull(),
    residualLikelihood: integer("residual_likelihood"),
    residualImpact: integer("residual_impact"),
    treatment: text("treatment", { enum: RISK_TREATMENTS }),
    treatmentPlan: text("treatment_plan"),
    status: text("status", { enum: RISK_STATUSES }).notNull().default("open"),
    /** The next review, a plain date. */
    reviewDate: date("review_date"),
    /** The starter library entry it was added from, if any. */
    libraryId: text("library_id"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("risks_org_title").on(t.organizationId, sql`lower(${t.title})`),
    index("risks_org_status").on(t.organizationId, t.status, t.type),
  ],
);

/** An organization's likelihood and impact scales and level thresholds; no row: the default 5×5. */
export const riskSettings = pgTable("risk_settings", {
  organizationId: orgRef()
    .primaryKey()
    .references(() => organizations.id),
  scales: jsonb("scales").$type<RiskScales>().notNull(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/**
 * The annual risk assessment: in progress while the register is reviewed; completing it freezes a snapshot of every
 * risk with the scales used (the report is drawn from it) and nothing about it changes after.
 */
export const riskAssessments = pgTable(
  "risk_assessments",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    name: text("name").notNull(),
    period: text("period").notNull(),
    status: text("status", { enum: ASSESSMENT_STATUSES }).notNull().default("in_progress"),
    startedBy: uuid("started_by").references(() => users.id),
    startedAt: ts("started_at").notNull().defaultNow(),
    completedBy: uuid("completed_by").references(() => users.id),
    completedAt: ts("completed_at"),
    /** The second person who signed the completed assessment off (never who completed it). */
    signedOffBy: uuid("signed_off_by").references(() => users.id),
    signedOffAt: ts("signed_off_at"),
    snapshot: jsonb("snapshot").$type<unknown>(),
    notes: text("notes"),
  },
  (t) => [
    index("risk_assessments_org").on(t.organizationId, t.startedAt),
    // At most one assessment in progress per organization.
    uniqueIndex("risk_assessments_org_open").on(t.organizationId).where(sql`${t.status} = 'in_progress'`),
  ],
);
