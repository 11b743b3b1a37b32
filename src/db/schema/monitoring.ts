import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, orgRef, ts } from "./common.ts";
import { organizations, users } from "./identity.ts";

/**
 * Continuous monitoring (docs/monitoring.md): connections collect resources, tests evaluate them, and results
 * are kept as status intervals — one row per status change of a test on a resource, never one per run.
 */

/** A configured connector of an organization. Secrets are sealed with AES-256-GCM and never leave the server. */
export const connections = pgTable(
  "connections",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    /** The connector type (src/integrations/registry.ts): postgres, git, people_csv, … */
    type: text("type").notNull(),
    name: text("name").notNull(),
    /** Non-secret settings, validated by the connector's config schema. */
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    /** The connector's secrets as one sealed JSON object (`keys.encrypt`); null when it has none. */
    secretsSealed: text("secrets_sealed"),
    /** Names of the secret fields that are set (shown to people instead of the values). */
    secretFields: jsonb("secret_fields").$type<string[]>().notNull().default([]),
    intervalSeconds: integer("interval_seconds").notNull().default(3600),
    enabled: boolean("enabled").notNull().default(true),
    /** When the scheduler enqueues the next sync (null: as soon as possible). */
    nextSyncAt: ts("next_sync_at"),
    lastSyncId: uuid("last_sync_id"),
    lastSyncStatus: text("last_sync_status"),
    lastSyncAt: ts("last_sync_at"),
    lastSyncError: text("last_sync_error"),
    lastSyncGuidance: text("last_sync_guidance"),
    lastSuccessAt: ts("last_success_at"),
    /** The sync holding this connection (one at a time) and until when its claim lasts without news. */
    syncLockId: uuid("sync_lock_id"),
    syncLockUntil: ts("sync_lock_until"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    /** Removed connections stay for the history of their resources and results. */
    deletedAt: ts("deleted_at"),
  },
  (t) => [
    index("connections_org").on(t.organizationId),
    uniqueIndex("connections_name").on(t.organizationId, t.name).where(sql`deleted_at IS NULL`),
    index("connections_due").on(t.nextSyncAt),
  ],
);

/** One run of a connection's sync: what happened, with counts, progress and the error. */
export const connectionSyncs = pgTable(
  "connection_syncs",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id),
    jobId: uuid("job_id"),
    /** manual | schedule */
    trigger: text("trigger").notNull(),
    /** running | succeeded | partial | failed */
    status: text("status").notNull().default("running"),
    progress: integer("progress").notNull().default(0),
    message: text("message"),
    counts: jsonb("counts").$type<Record<string, number>>().notNull().default({}),
    /** Problems that made the sync partial (e.g. CSV rows with their line numbers). */
    warnings: jsonb("warnings").$type<string[]>().notNull().default([]),
    error: text("error"),
    guidance: text("guidance"),
    requestedBy: uuid("requested_by").references(() => users.id),
    startedAt: ts("started_at").notNull().defaultNow(),
    finishedAt: ts("finished_at"),
  },
  (t) => [index("connection_syncs_connection").on(t.connectionId, t.startedAt)],
);

/** The typed inventory: what connections found, with the raw attributes kept. */
export const resources = pgTable(
  "resources",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    connectionId: uuid("connection_id")
      .notNull()
      .references(() => connections.id),
    /** user, group, repository, bucket, database, instance, security_group, device, database_role, setting, person, … */
    type: text("type").notNull(),
    externalId: text("external_id").notNull(),
    name: text("name").notNull(),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull(),
    firstSeenAt: ts("first_seen_at").notNull().defaultNow(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
    /** The sync that last saw it. */
    lastSyncId: uuid("last_sync_id"),
    /** Set when a complete sync no longer finds it (failed or partial syncs never set it). */
    missingSince: ts("missing_since"),
  },
  (t) => [
    uniqueIndex("resources_external").on(t.connectionId, t.type, t.externalId),
    index("resources_org_type").on(t.organizationId, t.type),
  ],
);

/**
 * Test results as intervals: the status of a test on a resource from `started_at` until `ended_at` (null: still
 * open). A run writes only changes. Exceptions are not folded in here: they are a time-bounded overlay joined at
 * read time, so an exception never rewrites what a test saw and its expiry needs no job to take effect.
 */
export const testStatusIntervals = pgTable(
  "test_status_intervals",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    testId: text("test_id").notNull(),
    resourceId: uuid("resource_id").references(() => resources.id),
    /** pass | fail | not_applicable | error */
    status: text("status").notNull(),
    reason: text("reason").notNull().default(""),
    remediation: text("remediation").notNull().default(""),
    startedAt: ts("started_at").notNull(),
    endedAt: ts("ended_at"),
  },
  (t) => [
    // At most one open interval per test and resource (a whole-test interval has no resource).
    uniqueIndex("test_status_intervals_open")
      .on(t.organizationId, t.testId, sql`coalesce(resource_id, '00000000-0000-0000-0000-000000000000'::uuid)`)
      .where(sql`ended_at IS NULL`),
    // Point-in-time queries: the intervals of some tests that started before a date, kept when they had not ended.
    // The end, status and resource are in the key so the count can be answered from the index alone.
    index("test_status_intervals_at").on(t.organizationId, t.testId, t.startedAt, t.endedAt, t.status, t.resourceId),
    index("test_status_intervals_resource").on(t.resourceId, t.startedAt),
  ],
);

/** Tests without code: a declarative rule (src/core/rules.ts) on the attributes of one resource type. */
export const customTests = pgTable(
  "custom_tests",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    /** Unique in the organization; the test id is `custom.<key>`. */
    key: text("key").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    resourceType: text("resource_type").notNull(),
    severity: text("severity").notNull(),
    /** Must hold for the resource to pass. */
    rule: jsonb("rule").notNull(),
    /** When given and false for a resource, the test does not apply to it. */
    appliesWhen: jsonb("applies_when"),
    remediation: text("remediation").notNull().default(""),
    /** Library control ids (ACC-03) or program control keys (CUS-01) the test supports. */
    controls: jsonb("controls").$type<string[]>().notNull(),
    enabled: boolean("enabled").notNull().default(false),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    deletedAt: ts("deleted_at"),
  },
  (t) => [uniqueIndex("custom_tests_key").on(t.organizationId, t.key)],
);

/** An organization's choice to turn a catalogue test off (catalogue tests are on unless a row says otherwise). */
export const testSettings = pgTable(
  "test_settings",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    testId: text("test_id").notNull(),
    enabled: boolean("enabled").notNull(),
    updatedBy: uuid("updated_by").references(() => users.id),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("test_settings_test").on(t.organizationId, t.testId)],
);

/**
 * An accepted failure of a test (on one resource, or on every resource when `resource_id` is null): requested
 * with a justification, approved by another member with the authority, effective from approval until it
 * expires or is revoked. Then the failure counts again.
 */
export const testExceptions = pgTable(
  "test_exceptions",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    testId: text("test_id").notNull(),
    resourceId: uuid("resource_id").references(() => resources.id),
    justification: text("justification").notNull(),
    approverUserId: uuid("approver_user_id")
      .notNull()
      .references(() => users.id),
    /** pending | approved | rejected (revoked and expired are derived from the dates). */
    decision: text("decision").notNull().default("pending"),
    decidedAt: ts("decided_at"),
    decisionNote: text("decision_note").notNull().default(""),
    expiresAt: ts("expires_at").notNull(),
    revokedAt: ts("revoked_at"),
    revokedBy: uuid("revoked_by").references(() => users.id),
    revokeReason: text("revoke_reason"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("test_exceptions_test").on(t.organizationId, t.testId)],
);
