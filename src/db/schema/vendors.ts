import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Question } from "../../core/vendors.ts";
import { createdAt, orgRef, ts } from "./common.ts";
import { evidence } from "./evidence.ts";
import { organizations, users } from "./identity.ts";

/** The vendor register: one row per vendor, its tier, the data it gets, its contract and its review dates. */
export const vendors = pgTable(
  "vendors",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    name: text("name").notNull(),
    website: text("website"),
    services: text("services").notNull().default(""),
    /** low | medium | high | critical; null until someone tiers it. */
    criticality: text("criticality"),
    dataShared: jsonb("data_shared").$type<string[]>().notNull().default([]),
    ownerUserId: uuid("owner_user_id").references(() => users.id),
    contractStart: date("contract_start"),
    contractEnd: date("contract_end"),
    /** active | offboarded */
    status: text("status").notNull().default("active"),
    isSubprocessor: boolean("is_subprocessor").notNull().default(false),
    subprocessorPurpose: text("subprocessor_purpose"),
    subprocessorLocation: text("subprocessor_location"),
    /** Its controls are carved out of (or inherited in) the audit scope. */
    isSubserviceOrg: boolean("is_subservice_org").notNull().default(false),
    nextReviewDate: date("next_review_date"),
    lastReviewedAt: ts("last_reviewed_at"),
    lastReviewedBy: uuid("last_reviewed_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("vendors_org_name").on(t.organizationId, sql`lower(${t.name})`),
    index("vendors_org_status").on(t.organizationId, t.status, t.criticality),
  ],
);

export interface Cuec {
  text: string;
  controlKey: string | null;
}

/** A vendor's assurance report (SOC 2, SOC 1, ISO 27001…): the file is evidence, the rest is what we read in it. */
export const vendorReports = pgTable(
  "vendor_reports",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    vendorId: uuid("vendor_id")
      .notNull()
      .references(() => vendors.id),
    evidenceId: uuid("evidence_id")
      .notNull()
      .references(() => evidence.id),
    fileName: text("file_name").notNull(),
    reportType: text("report_type").notNull(),
    periodStart: date("period_start"),
    periodEnd: date("period_end"),
    asOfDate: date("as_of_date"),
    opinion: text("opinion").notNull(),
    exceptions: jsonb("exceptions").$type<string[]>().notNull().default([]),
    cuecs: jsonb("cuecs").$type<Cuec[]>().notNull().default([]),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    reviewedAt: ts("reviewed_at"),
    reviewNotes: text("review_notes"),
    createdAt: createdAt(),
  },
  (t) => [index("vendor_reports_org_vendor").on(t.organizationId, t.vendorId)],
);

/** A bridge (gap) letter covering the time between a report's period end and the next report. */
export const vendorBridgeLetters = pgTable(
  "vendor_bridge_letters",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    reportId: uuid("report_id")
      .notNull()
      .references(() => vendorReports.id),
    evidenceId: uuid("evidence_id")
      .notNull()
      .references(() => evidence.id),
    fileName: text("file_name").notNull(),
    coveredUntil: date("covered_until").notNull(),
    uploadedBy: uuid("uploaded_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("vendor_bridge_letters_org_report").on(t.organizationId, t.reportId)],
);

/** Due-diligence reminders already sent: one per report and kind (expiring | lapsed). */
export const vendorNotices = pgTable(
  "vendor_notices",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    reportId: uuid("report_id")
      .notNull()
      .references(() => vendorReports.id),
    kind: text("kind").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("vendor_notices_once").on(t.organizationId, t.reportId, t.kind)],
);

/** An organization's own questionnaire templates (the built-in one lives in the code). */
export const vendorQuestionnaireTemplates = pgTable(
  "vendor_questionnaire_templates",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    name: text("name").notNull(),
    questions: jsonb("questions").$type<Question[]>().notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("vendor_questionnaire_templates_org_name").on(t.organizationId, sql`lower(${t.name})`)],
);

/**
 * A questionnaire sent to a vendor's contact: the questions as sent, the hash of the link's secret (never the
 * secret), and the answers with their score once the contact has answered.
 */
export const vendorQuestionnaires = pgTable(
  "vendor_questionnaires",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    vendorId: uuid("vendor_id")
      .notNull()
      .references(() => vendors.id),
    templateName: text("template_name").notNull(),
    questions: jsonb("questions").$type<Question[]>().notNull(),
    contactEmail: text("contact_email").notNull(),
    contactName: text("contact_name"),
    tokenHash: text("token_hash").notNull(),
    expiresAt: ts("expires_at").notNull(),
    sentBy: uuid("sent_by").references(() => users.id),
    sentAt: ts("sent_at").notNull(),
    answers: jsonb("answers").$type<Record<string, string>>(),
    respondentName: text("respondent_name"),
    answeredAt: ts("answered_at"),
    score: integer("score"),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    reviewedAt: ts("reviewed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("vendor_questionnaires_token").on(t.tokenHash),
    index("vendor_questionnaires_org_vendor").on(t.organizationId, t.vendorId),
  ],
);

/** Organization-wide vendor settings: the statement that there are no subprocessors (VND-07). */
export const vendorSettings = pgTable("vendor_settings", {
  organizationId: orgRef()
    .primaryKey()
    .references(() => organizations.id),
  noSubprocessors: boolean("no_subprocessors").notNull().default(false),
  updatedBy: uuid("updated_by").references(() => users.id),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});
