import { sql } from "drizzle-orm";
import { type AnyPgColumn, date, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, orgRef, ts } from "./common.ts";
import { organizations, users } from "./identity.ts";

/** Employee or contractor: policies, training and checklists can target one kind. */
export const PERSON_KINDS = ["employee", "contractor"] as const;
/** Where a person is in their time with the organization; `left` people keep their records (auditors sample them). */
export const EMPLOYMENT_STATUSES = ["onboarding", "active", "on_leave", "left"] as const;
/** Where the row came from: a person entered by hand is never overwritten by an import. */
export const PERSON_SOURCES = ["manual", "hr_csv", "google_workspace", "okta", "github"] as const;

/**
 * The people directory: everyone who works for the organization, with or without an Assay account. Every people
 * routine (policy acceptance, training, checklists, devices, access reviews) hangs off a person; a member who signs
 * in is linked to their person by `user_id` (matched on email).
 */
export const people = pgTable(
  "people",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    email: text("email").notNull(),
    fullName: text("full_name").notNull(),
    kind: text("kind", { enum: PERSON_KINDS }).notNull().default("employee"),
    status: text("status", { enum: EMPLOYMENT_STATUSES }).notNull().default("active"),
    /** Job title ("Backend engineer"): checklist templates are chosen by it. */
    title: text("title"),
    department: text("department"),
    managerId: uuid("manager_id").references((): AnyPgColumn => people.id),
    startDate: date("start_date"),
    endDate: date("end_date"),
    source: text("source", { enum: PERSON_SOURCES }).notNull().default("manual"),
    userId: uuid("user_id").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("people_org_email").on(t.organizationId, sql`lower(${t.email})`),
    index("people_org_status").on(t.organizationId, t.status),
    index("people_org_department").on(t.organizationId, t.department),
    index("people_user").on(t.userId),
  ],
);
