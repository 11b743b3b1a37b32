import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { orgRef, ts } from "./common.ts";
import { organizations, users } from "./identity.ts";
import { people } from "./people.ts";

/** How a completion came about: the built-in course passed, or training taken elsewhere and accepted. */
export const TRAINING_COMPLETION_SOURCES = ["course", "external"] as const;
/** External training waits for an admin's decision. */
export const EXTERNAL_TRAINING_STATUSES = ["pending", "accepted", "rejected"] as const;

/** The organization's training settings; no row means the defaults. */
export const trainingSettings = pgTable("training_settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id),
  /** Percent of quiz questions an attempt must get right; null: the course's own pass mark. */
  passMark: integer("pass_mark"),
  /** Days a new hire (or a person newly added to the directory) has to complete the course. */
  newHireDays: integer("new_hire_days").notNull().default(30),
  /** Percent of the audience that must hold a valid completion for the training control to be met. */
  requiredShare: integer("required_share").notNull().default(95),
  /** Whether contractors must take the training too (employees always do). */
  includeContractors: boolean("include_contractors").notNull().default(true),
  updatedAt: ts("updated_at").notNull().defaultNow(),
  updatedBy: uuid("updated_by").references(() => users.id),
});

/** One submitted quiz: the answers as given and the server's grade. Never changed. */
export const trainingAttempts = pgTable(
  "training_attempts",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    courseId: text("course_id").notNull(),
    courseVersion: integer("course_version").notNull(),
    answers: jsonb("answers").$type<Record<string, string>>().notNull(),
    correct: integer("correct").notNull(),
    total: integer("total").notNull(),
    /** Percent correct, rounded down. */
    score: integer("score").notNull(),
    passMark: integer("pass_mark").notNull(),
    passed: boolean("passed").notNull(),
    submittedBy: uuid("submitted_by").references(() => users.id),
    submittedAt: ts("submitted_at").notNull().defaultNow(),
  },
  (t) => [index("training_attempts_person").on(t.organizationId, t.personId, t.courseId)],
);

/** External training a person took elsewhere, with its certificate, until an admin accepts or rejects it. */
export const trainingExternal = pgTable(
  "training_external",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    /** The course it counts for when accepted. */
    courseId: text("course_id").notNull(),
    provider: text("provider").notNull(),
    courseTitle: text("course_title").notNull(),
    completedOn: date("completed_on").notNull(),
    notes: text("notes").notNull().default(""),
    status: text("status", { enum: EXTERNAL_TRAINING_STATUSES }).notNull().default("pending"),
    fileName: text("file_name").notNull(),
    mimeType: text("mime_type").notNull(),
    size: integer("size").notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    keyId: text("key_id").notNull(),
    submittedBy: uuid("submitted_by").references(() => users.id),
    submittedAt: ts("submitted_at").notNull().defaultNow(),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: ts("decided_at"),
    decisionNote: text("decision_note"),
  },
  (t) => [
    index("training_external_org_status").on(t.organizationId, t.status),
    index("training_external_person").on(t.organizationId, t.personId),
  ],
);

/** A completion of a course by a person: valid until `valid_until` (a year later), then a new one is due. */
export const trainingCompletions = pgTable(
  "training_completions",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    courseId: text("course_id").notNull(),
    source: text("source", { enum: TRAINING_COMPLETION_SOURCES }).notNull(),
    completedOn: date("completed_on").notNull(),
    validUntil: date("valid_until").notNull(),
    attemptId: uuid("attempt_id").references(() => trainingAttempts.id),
    externalId: uuid("external_id").references(() => trainingExternal.id),
    recordedAt: ts("recorded_at").notNull().defaultNow(),
  },
  (t) => [
    index("training_completions_person").on(t.organizationId, t.personId, t.courseId, t.validUntil),
    uniqueIndex("training_completions_attempt").on(t.attemptId),
    uniqueIndex("training_completions_external").on(t.externalId),
  ],
);

/** When a person was last reminded about a course, so reminders go out at most every few days. */
export const trainingReminders = pgTable(
  "training_reminders",
  {
    organizationId: orgRef().references(() => organizations.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    courseId: text("course_id").notNull(),
    lastSentOn: date("last_sent_on").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.personId, t.courseId] })],
);
