import { boolean, date, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import {
  BACKGROUND_OUTCOMES,
  BACKGROUND_SCOPES,
  CHECKLIST_ASSIGNEES,
  CHECKLIST_KINDS,
  type ChecklistTemplate,
  SATISFIED_BY,
} from "../../core/people-routines.ts";
import { createdAt, orgRef, ts } from "./common.ts";
import { evidence } from "./evidence.ts";
import { organizations, users } from "./identity.ts";
import { people } from "./people.ts";

export type { ChecklistTemplate };
export { BACKGROUND_OUTCOMES, BACKGROUND_SCOPES, CHECKLIST_ASSIGNEES, CHECKLIST_KINDS, SATISFIED_BY };

/** Per-organization people settings; no row = the shipped defaults. */
export const peopleSettings = pgTable("people_settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id),
  /** Hours after the leave moment within which every access must be revoked. */
  offboardingSlaHours: integer("offboarding_sla_hours").notNull().default(24),
  /** The systems whose access is revoked at offboarding: one revocation item each. */
  offboardingSystems: jsonb("offboarding_systems").$type<string[]>().notNull(),
  backgroundCheckFor: text("background_check_for", { enum: BACKGROUND_SCOPES }).notNull().default("everyone"),
  /** Months after which a background check is due again; null: never re-checked. */
  backgroundRecheckMonths: integer("background_recheck_months"),
  /** Checklist templates; null: the shipped defaults. */
  templates: jsonb("templates").$type<ChecklistTemplate[]>(),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

/** One step of a person's onboarding or offboarding. */
export const checklistItems = pgTable(
  "person_checklist_items",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    checklist: text("checklist", { enum: CHECKLIST_KINDS }).notNull(),
    position: integer("position").notNull(),
    key: text("key").notNull(),
    title: text("title").notNull(),
    assignee: text("assignee", { enum: CHECKLIST_ASSIGNEES }).notNull(),
    assigneeUserId: uuid("assignee_user_id").references(() => users.id),
    satisfiedBy: text("satisfied_by", { enum: SATISFIED_BY }),
    /** An access revocation: records the system and when access was revoked; late = deviation. */
    revocation: boolean("revocation").notNull().default(false),
    system: text("system"),
    dueAt: ts("due_at").notNull(),
    doneAt: ts("done_at"),
    doneBy: uuid("done_by").references(() => users.id),
    note: text("note"),
    evidenceUrl: text("evidence_url"),
    /** A proof file in the evidence library (a screenshot of the removed account), uploaded with the step. */
    evidenceId: uuid("evidence_id").references(() => evidence.id),
    revokedAt: ts("revoked_at"),
    /** Minutes past the SLA the access was revoked: a deviation when set. */
    lateMinutes: integer("late_minutes"),
    createdAt: createdAt(),
  },
  (t) => [
    index("person_checklist_items_person").on(t.organizationId, t.personId, t.checklist, t.position),
    index("person_checklist_items_open").on(t.organizationId, t.doneAt, t.dueAt),
  ],
);

/** A background check: when, who ran it, and the outcome only. */
export const backgroundChecks = pgTable(
  "background_checks",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    checkedOn: date("checked_on").notNull(),
    provider: text("provider").notNull(),
    outcome: text("outcome", { enum: BACKGROUND_OUTCOMES }).notNull(),
    evidenceUrl: text("evidence_url"),
    /** The proof file (the provider's completion certificate) in the evidence library. */
    evidenceId: uuid("evidence_id").references(() => evidence.id),
    /** When the next check is due (from the re-check cadence); null: none. */
    nextDue: date("next_due"),
    recordedBy: uuid("recorded_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("background_checks_person").on(t.organizationId, t.personId, t.checkedOn)],
);
