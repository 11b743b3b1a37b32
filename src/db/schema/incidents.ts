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
import {
  INCIDENT_SEVERITIES,
  INCIDENT_STATUSES,
  type IncidentStatus,
  OBLIGATION_AUDIENCES,
} from "../../core/incidents.ts";
import { assets } from "./assets.ts";
import { createdAt, orgRef, ts } from "./common.ts";
import { organizations, users } from "./identity.ts";
import { remediationItems } from "./program.ts";

/**
 * The incident register: one row per security incident (or event closed as not one), with its lifecycle times,
 * what it touched, and its post-mortem. `number` is the organization's running number (INC-7).
 */
export const incidents = pgTable(
  "incidents",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    severity: text("severity", { enum: INCIDENT_SEVERITIES }).notNull(),
    category: text("category").notNull().default(""),
    status: text("status", { enum: INCIDENT_STATUSES }).notNull().default("detected"),
    reportedBy: text("reported_by").notNull().default(""),
    /** The incident commander: a member of the organization. */
    ownerUserId: uuid("owner_user_id").references(() => users.id),
    detectedAt: ts("detected_at").notNull(),
    triagedAt: ts("triaged_at"),
    containedAt: ts("contained_at"),
    resolvedAt: ts("resolved_at"),
    postmortemAt: ts("postmortem_at"),
    closedAt: ts("closed_at"),
    /** Why it was closed as not an incident. */
    closeReason: text("close_reason").notNull().default(""),
    /** Lifecycle states passed over by a forward skip, in order. */
    skipped: jsonb("skipped").$type<IncidentStatus[]>().notNull().default([]),
    affectedSystems: jsonb("affected_systems").$type<string[]>().notNull().default([]),
    dataCategories: jsonb("data_categories").$type<string[]>().notNull().default([]),
    recordsEstimate: integer("records_estimate"),
    personalData: boolean("personal_data").notNull().default(false),
    rootCause: text("root_cause").notNull().default(""),
    lessonsLearned: text("lessons_learned").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("incidents_org_number").on(t.organizationId, t.number),
    index("incidents_org_status").on(t.organizationId, t.status, t.detectedAt),
  ],
);

/** What happened when, in the incident's own words: ordered by `at` (entries may be back-dated). */
export const incidentTimeline = pgTable(
  "incident_timeline",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id),
    at: ts("at").notNull(),
    text: text("text").notNull(),
    authorUserId: uuid("author_user_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("incident_timeline_org_incident").on(t.organizationId, t.incidentId, t.at)],
);

/** Who must be told about the incident, on what basis, by when (detection + hours), and when they were. */
export const incidentObligations = pgTable(
  "incident_obligations",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id),
    audience: text("audience", { enum: OBLIGATION_AUDIENCES }).notNull(),
    recipient: text("recipient").notNull().default(""),
    basis: text("basis").notNull().default(""),
    hours: integer("hours").notNull(),
    deadlineAt: ts("deadline_at").notNull(),
    notifiedAt: ts("notified_at"),
    /** The last reminder sent to the owner ("<deadline>:due_soon|overdue"): each is sent once. */
    reminded: text("reminded"),
    createdAt: createdAt(),
  },
  (t) => [index("incident_obligations_org_incident").on(t.organizationId, t.incidentId)],
);

/**
 * The assets of the inventory an incident affected (free text in `incidents.affected_systems` keeps what the register
 * does not hold). An asset an incident names cannot be removed from the inventory.
 */
export const incidentAssets = pgTable(
  "incident_assets",
  {
    organizationId: orgRef().references(() => organizations.id),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => assets.id),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.assetId] }),
    index("incident_assets_org_asset").on(t.organizationId, t.assetId),
  ],
);

/** Remediation items that carry the incident's action items. */
export const incidentRemediationLinks = pgTable(
  "incident_remediation_links",
  {
    organizationId: orgRef().references(() => organizations.id),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id),
    remediationItemId: uuid("remediation_item_id")
      .notNull()
      .references(() => remediationItems.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.remediationItemId] }),
    index("incident_remediation_links_org").on(t.organizationId, t.remediationItemId),
  ],
);

/** A tabletop exercise: a rehearsal of the incident response on a made-up scenario. */
export const tabletopExercises = pgTable(
  "tabletop_exercises",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    heldOn: date("held_on").notNull(),
    scenario: text("scenario").notNull(),
    participants: jsonb("participants").$type<string[]>().notNull().default([]),
    findings: text("findings").notNull().default(""),
    followUps: text("follow_ups").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("tabletop_exercises_org").on(t.organizationId, t.heldOn)],
);
