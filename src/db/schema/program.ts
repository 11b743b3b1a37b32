import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import type { ControlSignals } from "../../core/control-status.ts";
import type { LevelReadiness, ReadinessLevel } from "../../core/readiness.ts";
import { createdAt, orgRef, ts } from "./common.ts";
import { organizations, users } from "./identity.ts";

/** One level of a daily readiness snapshot. */
export interface SnapshotLevel {
  overall: number;
  ready: number;
  byCategory: Record<string, number>;
}

/**
 * A program is one framework cycle ("SOC 2 Type II 2027"): its scope (report type, window, categories, the
 * system description) and the controls adopted into it. `scope` is validated by the program module's zod schema.
 */
export const programs = pgTable(
  "programs",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    name: text("name").notNull(),
    framework: text("framework").notNull().default("soc2"),
    reportType: text("report_type").notNull().default("type2"),
    asOfDate: date("as_of_date"),
    windowStart: date("window_start"),
    windowEnd: date("window_end"),
    /** Selected Trust Services categories; security is always among them. */
    categories: jsonb("categories").$type<string[]>().notNull(),
    scope: jsonb("scope").$type<Record<string, unknown>>().notNull(),
    scopedAt: ts("scoped_at"),
    archivedAt: ts("archived_at"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("programs_org").on(t.organizationId)],
);

/** A control adopted into a program (a copy of a library control, or a custom one), with its manual status. */
export const programControls = pgTable(
  "program_controls",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    /** The control's stable id inside the program: the library id (GOV-01) or a custom one (CUS-01). */
    key: text("key").notNull(),
    libraryId: text("library_id"),
    name: text("name").notNull(),
    description: text("description").notNull(),
    ownerRole: text("owner_role").notNull(),
    ownerUserId: uuid("owner_user_id").references(() => users.id),
    frequency: text("frequency").notNull(),
    natureType: text("nature_type").notNull(),
    natureMode: text("nature_mode").notNull(),
    evidence: jsonb("evidence").$type<string[]>().notNull(),
    guidance: text("guidance").notNull().default(""),
    policies: jsonb("policies").$type<string[]>().notNull(),
    criteria: jsonb("criteria").$type<string[]>().notNull(),
    /** How the organization implements it, in its own words (the SSP narrative). */
    narrative: text("narrative").notNull().default(""),
    applicable: boolean("applicable").notNull().default(true),
    notApplicableReason: text("not_applicable_reason"),
    status: text("status").notNull().default("not_started"),
    statusReason: text("status_reason").notNull().default(""),
    statusSetBy: uuid("status_set_by").references(() => users.id),
    statusSetAt: ts("status_set_at"),
    /**
     * How many days a piece of this control's evidence stays fresh, replacing the frequency rule (null: the rule in
     * src/core/freshness.ts), and why: set by people who edit controls, shown on the control page.
     */
    freshnessOverrideDays: integer("freshness_override_days"),
    freshnessOverrideReason: text("freshness_override_reason"),
    /**
     * What evidence and tests say about the control (src/core/control-status.ts ControlSignals), kept current by
     * src/modules/programs/signals.ts whenever evidence, test results or the clock change them. Null: not yet
     * computed (treated as "no evidence, no tests").
     */
    signals: jsonb("signals").$type<ControlSignals>(),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("program_controls_key").on(t.programId, t.key),
    index("program_controls_org").on(t.organizationId, t.programId),
  ],
);

/** Every status change of a program control: the history behind "since when" and the readiness trend. */
export const controlStatusEvents = pgTable(
  "control_status_events",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    controlId: uuid("control_id")
      .notNull()
      .references(() => programControls.id),
    status: text("status").notNull(),
    reason: text("reason").notNull().default(""),
    source: text("source").notNull(),
    actorId: uuid("actor_id"),
    at: ts("at").notNull().defaultNow(),
  },
  (t) => [index("control_status_events_control").on(t.controlId, t.at)],
);

/** The self-assessment: one answer per criterion of a program. */
export const assessmentAnswers = pgTable(
  "assessment_answers",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    criterionId: text("criterion_id").notNull(),
    answer: text("answer").notNull(),
    notes: text("notes").notNull().default(""),
    answeredBy: uuid("answered_by").references(() => users.id),
    answeredAt: ts("answered_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("assessment_answers_criterion").on(t.programId, t.criterionId)],
);

/** One item of the remediation plan: a gap, why it exists, its risk, the fix, who and by when, how it is verified. */
export const remediationItems = pgTable(
  "remediation_items",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    /** Short stable reference inside the program (R-1, R-2, …): people quote it in tickets and meetings. */
    ref: text("ref").notNull(),
    title: text("title").notNull(),
    gap: text("gap").notNull(),
    rootCause: text("root_cause").notNull().default(""),
    /** The risk in words: what could happen while the gap stays open (likelihood × impact rate it). */
    riskDescription: text("risk_description").notNull().default(""),
    likelihood: integer("likelihood").notNull(),
    impact: integer("impact").notNull(),
    priority: text("priority").notNull(),
    action: text("action").notNull().default(""),
    ownerUserId: uuid("owner_user_id").references(() => users.id),
    dueDate: date("due_date"),
    monitoring: text("monitoring").notNull().default(""),
    /** What the fix needs: people, budget, tools (validated by the remediation module's zod schema). */
    resources: jsonb("resources").$type<RemediationResource[]>().notNull().default([]),
    /** Who is to verify the fix once it is done (never the owner); the actual verifier is `verifiedBy`. */
    verifierUserId: uuid("verifier_user_id").references(() => users.id),
    status: text("status").notNull().default("open"),
    source: text("source").notNull().default("manual"),
    criteria: jsonb("criteria").$type<string[]>().notNull(),
    controls: jsonb("controls").$type<string[]>().notNull(),
    evidence: jsonb("evidence").$type<string[]>().notNull(),
    completedAt: ts("completed_at"),
    verifiedAt: ts("verified_at"),
    verifiedBy: uuid("verified_by").references(() => users.id),
    /** What was done (required to mark the item done); cleared when it is reopened. */
    doneNote: text("done_note").notNull().default(""),
    /** How the verifier checked the fix (required to verify); cleared when the item is reopened. */
    verificationNote: text("verification_note").notNull().default(""),
    /** The gap the item was made for (a criterion or a control of the program): one open item per gap. */
    sourceCriterion: text("source_criterion"),
    sourceControl: text("source_control"),
    overdueNotifiedOn: date("overdue_notified_on"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("remediation_items_ref").on(t.programId, t.ref),
    index("remediation_items_org").on(t.organizationId, t.programId, t.status),
  ],
);

/** One resource a remediation item needs: a person or team, a budget, or a tool. */
export type RemediationResource = { kind: "people" | "budget" | "tool"; name: string; detail: string };

/**
 * One step of a remediation item's corrective action, in order (`position`), with its own owner, dates and
 * status (todo, in_progress, done, skipped). Steps roll up into the item's progress and the plan's burndown.
 */
export const remediationSteps = pgTable(
  "remediation_steps",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    itemId: uuid("item_id")
      .notNull()
      .references(() => remediationItems.id),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    ownerUserId: uuid("owner_user_id").references(() => users.id),
    startDate: date("start_date"),
    dueDate: date("due_date"),
    status: text("status").notNull().default("todo"),
    /** When the step was last set done or skipped (null while it is open): the burndown counts steps by it. */
    completedAt: ts("completed_at"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("remediation_steps_item").on(t.organizationId, t.itemId, t.position)],
);

/** A comment on a remediation item; `mentions` holds the ids of the members its @email mentions resolved to. */
export const remediationComments = pgTable(
  "remediation_comments",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    itemId: uuid("item_id")
      .notNull()
      .references(() => remediationItems.id),
    authorUserId: uuid("author_user_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    mentions: jsonb("mentions").$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [index("remediation_comments_item").on(t.organizationId, t.itemId, t.createdAt)],
);

/** A daily picture of a program's readiness, for the trend chart. */
export const readinessSnapshots = pgTable(
  "readiness_snapshots",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    day: date("day").notNull(),
    overall: real("overall").notNull(),
    criteriaReady: integer("criteria_ready").notNull(),
    criteriaTotal: integer("criteria_total").notNull(),
    byCategory: jsonb("by_category").$type<Record<string, number>>().notNull(),
    /** The same reading at each level of proof (src/core/readiness.ts); null on days recorded before levels. */
    levels: jsonb("levels").$type<Record<ReadinessLevel, SnapshotLevel>>(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("readiness_snapshots_day").on(t.programId, t.day)],
);

/** In-app notifications for one person in one organization. */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    link: text("link"),
    readAt: ts("read_at"),
    createdAt: createdAt(),
  },
  (t) => [index("notifications_user").on(t.organizationId, t.userId, t.createdAt)],
);

/**
 * Readiness of each criterion of a program, kept current in the transaction of every change that affects it
 * (a full recompute rebuilds it): the dashboard reads 61 rows instead of re-deriving them.
 */
export const criterionReadiness = pgTable(
  "criterion_readiness",
  {
    organizationId: orgRef().references(() => organizations.id),
    programId: uuid("program_id")
      .notNull()
      .references(() => programs.id),
    criterionId: text("criterion_id").notNull(),
    category: text("category").notNull(),
    state: text("state").notNull(),
    score: real("score").notNull(),
    applicable: integer("applicable").notNull(),
    done: integer("done").notNull(),
    notApplicable: integer("not_applicable").notNull(),
    pending: jsonb("pending").$type<string[]>().notNull(),
    reason: text("reason").notNull(),
    /** The criterion counted at each level of proof: declared, evidenced, operating (src/core/readiness.ts). */
    levels: jsonb("levels").$type<Record<ReadinessLevel, LevelReadiness>>().notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.criterionId] })],
);
