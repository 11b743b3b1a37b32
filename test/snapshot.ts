import { asc, eq, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../src/db/client.ts";
import {
  agentEnrollmentTokens,
  alertDeliveries,
  alertDigests,
  alertWebhooks,
  apiTokens,
  assessmentAnswers,
  connectionSyncs,
  connections,
  controlStatusEvents,
  criterionReadiness,
  customTests,
  devices,
  evidence,
  evidenceBlobs,
  evidenceControls,
  evidenceFreshnessNotices,
  invitations,
  jobs,
  ledgerEntries,
  memberships,
  notificationPreferences,
  notifications,
  organizations,
  programControls,
  programs,
  readinessSnapshots,
  remediationItems,
  resources,
  sessions,
  testExceptions,
  testSettings,
  testStatusIntervals,
} from "../src/db/schema/index.ts";

/** Columns that move on reads (touch timestamps), left out so a snapshot only changes when data does. */
const VOLATILE = new Set(["lastSeenAt", "lastUsedAt"]);

async function rows(db: Db, table: PgTable, where: SQL, order: PgColumn) {
  const all = (await db.select().from(table).where(where).orderBy(asc(order))) as Record<string, unknown>[];
  return all.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !VOLATILE.has(k))));
}

/**
 * Everything an organization owns, for "bad input writes nothing" and "org B cannot touch org A" checks:
 * compare a snapshot before and after.
 */
/** Every organization-scoped table with the column that orders its rows. */
const OWNED: Record<string, [PgTable & { organizationId: PgColumn }, PgColumn]> = {
  memberships: [memberships, memberships.id],
  invitations: [invitations, invitations.id],
  apiTokens: [apiTokens, apiTokens.id],
  sessions: [sessions, sessions.id],
  jobs: [jobs, jobs.id],
  ledger: [ledgerEntries, ledgerEntries.seq],
  programs: [programs, programs.id],
  programControls: [programControls, programControls.id],
  controlStatusEvents: [controlStatusEvents, controlStatusEvents.id],
  assessmentAnswers: [assessmentAnswers, assessmentAnswers.id],
  remediationItems: [remediationItems, remediationItems.id],
  criterionReadiness: [criterionReadiness, criterionReadiness.criterionId],
  readinessSnapshots: [readinessSnapshots, readinessSnapshots.id],
  notifications: [notifications, notifications.id],
  evidence: [evidence, evidence.id],
  evidenceBlobs: [evidenceBlobs, evidenceBlobs.id],
  evidenceControls: [evidenceControls, evidenceControls.id],
  evidenceFreshnessNotices: [evidenceFreshnessNotices, evidenceFreshnessNotices.id],
  connections: [connections, connections.id],
  connectionSyncs: [connectionSyncs, connectionSyncs.id],
  resources: [resources, resources.id],
  testStatusIntervals: [testStatusIntervals, testStatusIntervals.id],
  customTests: [customTests, customTests.id],
  testSettings: [testSettings, testSettings.id],
  testExceptions: [testExceptions, testExceptions.id],
  agentEnrollmentTokens: [agentEnrollmentTokens, agentEnrollmentTokens.id],
  devices: [devices, devices.id],
  notificationPreferences: [notificationPreferences, notificationPreferences.kind],
  alertWebhooks: [alertWebhooks, alertWebhooks.id],
  alertDeliveries: [alertDeliveries, alertDeliveries.id],
  alertDigests: [alertDigests, alertDigests.userId],
};

/**
 * Everything an organization owns, for "bad input writes nothing" and "org B cannot touch org A" checks:
 * compare a snapshot before and after.
 */
export async function snapshotOrg(db: Db, organizationId: string) {
  const snapshot: Record<string, Record<string, unknown>[]> = {
    organization: await rows(db, organizations, eq(organizations.id, organizationId), organizations.id),
  };
  for (const [name, [table, order]] of Object.entries(OWNED))
    snapshot[name] = await rows(db, table, eq(table.organizationId, organizationId), order);
  return snapshot;
}

/** The organization's ledger actions in order (for asserting what a request recorded). */
export async function ledgerOf(db: Db, organizationId: string) {
  const entries = await db
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.organizationId, organizationId))
    .orderBy(asc(ledgerEntries.seq));
  return entries.map((e) => ({ ...e, changes: JSON.parse(e.changes) as { before: unknown; after: unknown } }));
}
