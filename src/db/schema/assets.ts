import { sql } from "drizzle-orm";
import { boolean, date, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ASSET_KINDS, CLASSIFICATIONS, ENVIRONMENTS } from "../../core/assets.ts";
import { PLAN_KINDS, TEST_KINDS, TEST_RESULTS } from "../../core/continuity.ts";
import { createdAt, orgRef, ts } from "./common.ts";
import { evidence } from "./evidence.ts";
import { organizations, users } from "./identity.ts";
import { connections, resources } from "./monitoring.ts";
import { remediationItems } from "./program.ts";

/**
 * The asset inventory (docs/assets.md): systems, data stores, endpoints, SaaS applications… entered by hand, imported
 * from a file, or promoted from a connection's resources (then `resourceId` ties the asset to what the sync sees).
 */
export const assets = pgTable(
  "assets",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: ASSET_KINDS }).notNull(),
    description: text("description"),
    ownerUserId: uuid("owner_user_id").references(() => users.id),
    classification: text("classification", { enum: CLASSIFICATIONS }),
    environment: text("environment", { enum: ENVIRONMENTS }),
    inScope: boolean("in_scope").notNull().default(false),
    /** The connection it came from (null: entered by hand or imported from a file). */
    connectionId: uuid("connection_id").references(() => connections.id),
    resourceId: uuid("resource_id").references(() => resources.id),
    /** The id the source knows it by (the resource's id for promoted assets, free text otherwise). */
    externalId: text("external_id"),
    /** When its connection last saw it; null for assets entered by hand. */
    lastSeenAt: ts("last_seen_at"),
    /** Set when a complete sync of its connection no longer finds it. */
    missingSince: ts("missing_since"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("assets_org_kind_name").on(t.organizationId, t.kind, sql`lower(${t.name})`),
    uniqueIndex("assets_org_resource").on(t.organizationId, t.resourceId).where(sql`resource_id IS NOT NULL`),
    index("assets_org_scope").on(t.organizationId, t.inScope, t.kind),
  ],
);

/** Someone reviewed the whole inventory (AST-01 asks for one at least every 12 months). */
export const assetInventoryReviews = pgTable(
  "asset_inventory_reviews",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    reviewedBy: uuid("reviewed_by").references(() => users.id),
    note: text("note"),
    assetCount: integer("asset_count").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("asset_inventory_reviews_org").on(t.organizationId, t.createdAt)],
);

/** A business continuity, disaster recovery or communication plan: its document and its review dates. */
export const continuityPlans = pgTable(
  "continuity_plans",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: PLAN_KINDS }).notNull(),
    description: text("description"),
    ownerUserId: uuid("owner_user_id").references(() => users.id),
    documentUrl: text("document_url"),
    evidenceId: uuid("evidence_id").references(() => evidence.id),
    lastReviewedOn: date("last_reviewed_on"),
    nextReviewOn: date("next_review_on"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("continuity_plans_org_name").on(t.organizationId, sql`lower(${t.name})`)],
);

/** The recovery time and recovery point objectives of one system or data store of the inventory. */
export const recoveryObjectives = pgTable(
  "recovery_objectives",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => assets.id),
    rtoMinutes: integer("rto_minutes"),
    rpoMinutes: integer("rpo_minutes"),
    notes: text("notes"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("recovery_objectives_org_asset").on(t.organizationId, t.assetId)],
);

/** A restore test, failover drill or continuity exercise, with its result and what it achieved. */
export const continuityTests = pgTable(
  "continuity_tests",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    kind: text("kind", { enum: TEST_KINDS }).notNull(),
    performedOn: date("performed_on").notNull(),
    scenario: text("scenario").notNull(),
    result: text("result", { enum: TEST_RESULTS }).notNull(),
    /** How long the recovery took, and how much data (as minutes before the incident) was lost. */
    recoveryMinutes: integer("recovery_minutes"),
    dataLossMinutes: integer("data_loss_minutes"),
    findings: text("findings"),
    planId: uuid("plan_id").references(() => continuityPlans.id),
    evidenceId: uuid("evidence_id").references(() => evidence.id),
    remediationItemId: uuid("remediation_item_id").references(() => remediationItems.id),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("continuity_tests_org_day").on(t.organizationId, t.performedOn)],
);

/** The systems a test covered, with the objectives they had then (a later change of objective rewrites no test). */
export const continuityTestSystems = pgTable(
  "continuity_test_systems",
  {
    organizationId: orgRef().references(() => organizations.id),
    testId: uuid("test_id")
      .notNull()
      .references(() => continuityTests.id),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => assets.id),
    rtoMinutes: integer("rto_minutes"),
    rpoMinutes: integer("rpo_minutes"),
  },
  (t) => [
    uniqueIndex("continuity_test_systems_key").on(t.organizationId, t.testId, t.assetId),
    index("continuity_test_systems_asset").on(t.organizationId, t.assetId),
  ],
);
