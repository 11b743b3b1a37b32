/**
 * Loads what a page of ledger entries names by id (people, records, tests, resources), with one query per kind of
 * record, always inside the organization. Records deleted since keep what their entries say about them (describe.ts
 * falls back to the entry's own fields).
 */
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn, PgTable } from "drizzle-orm/pg-core";
import { UUID_PATTERN } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import {
  agentEnrollmentTokens,
  alertWebhooks,
  apiTokens,
  assets,
  changes,
  connectionSyncs,
  connections,
  continuityPlans,
  customTests,
  devices,
  evidence,
  incidents,
  invitations,
  jobs,
  memberships,
  organizations,
  people,
  policies,
  programControls,
  programs,
  remediationItems,
  resources,
  riskAssessments,
  risks,
  testExceptions,
  users,
  vendorReports,
  vendors,
  vulnerabilities,
  vulnerabilityImports,
} from "../../db/schema/index.ts";
import { loadTests } from "../../integrations/definitions.ts";
import { type DescribableEntry, type Names, recordKey } from "./describe.ts";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const uuid = (v: unknown): v is string => typeof v === "string" && UUID_PATTERN.test(v);

/** Payload fields that hold a person's user id. */
const PEOPLE_FIELDS = ["userId", "ownerUserId", "approverUserId", "verifierUserId", "verifiedBy", "revokedBy"];

/** Per entity type: the id → label query (the label is how people refer to that record). */
type Loader = (db: Db, organizationId: string, ids: string[]) => Promise<{ id: string; label: string }[]>;
type OrgTable = PgTable & { id: AnyPgColumn; organizationId: AnyPgColumn };

/** The usual loader: a column (or expression) of the record's own row, within the organization. */
const labelled =
  (table: OrgTable, label: AnyPgColumn | SQL<string>): Loader =>
  (db, org, ids) =>
    db
      .select({ id: table.id, label })
      .from(table as PgTable)
      .where(and(eq(table.organizationId, org), inArray(table.id, ids))) as Promise<{ id: string; label: string }[]>;

const RECORDS: Record<string, Loader> = {
  policy: labelled(policies, policies.title),
  remediation_item: labelled(remediationItems, remediationItems.ref),
  program_control: labelled(programControls, programControls.key),
  program: labelled(programs, programs.name),
  connection: labelled(connections, connections.name),
  connection_sync: (db, org, ids) =>
    db
      .select({ id: connectionSyncs.id, label: connections.name })
      .from(connectionSyncs)
      .innerJoin(connections, eq(connections.id, connectionSyncs.connectionId))
      .where(and(eq(connections.organizationId, org), inArray(connectionSyncs.id, ids))),
  person: labelled(people, people.fullName),
  evidence: labelled(evidence, evidence.title),
  membership: (db, org, ids) =>
    db
      .select({ id: memberships.id, label: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, org), inArray(memberships.id, ids))),
  invitation: labelled(invitations, invitations.email),
  api_token: labelled(apiTokens, apiTokens.name),
  alert_webhook: labelled(alertWebhooks, alertWebhooks.name),
  device: labelled(devices, devices.hostname),
  agent_enrollment_token: labelled(agentEnrollmentTokens, agentEnrollmentTokens.name),
  custom_test: labelled(customTests, customTests.title),
  job: labelled(jobs, jobs.name),
  organization: (db, org, ids) =>
    db
      .select({ id: organizations.id, label: organizations.name })
      .from(organizations)
      .where(and(eq(organizations.id, org), inArray(organizations.id, ids))),
  // The registers: their records keep their names in the tables, not in every entry (a status move carries none).
  risk: labelled(risks, risks.title),
  risk_assessment: labelled(riskAssessments, riskAssessments.name),
  vendor: labelled(vendors, vendors.name),
  asset: labelled(assets, assets.name),
  continuity_plan: labelled(continuityPlans, continuityPlans.name),
  incident: labelled(incidents, sql<string>`'INC-' || ${incidents.number}`),
  change_record: labelled(changes, changes.title),
  vulnerability: labelled(vulnerabilities, vulnerabilities.title),
  vulnerability_import: labelled(vulnerabilityImports, vulnerabilityImports.fileName),
  vendor_report: labelled(vendorReports, vendorReports.fileName),
};

export async function loadNames(db: Db, organizationId: string, entries: readonly DescribableEntry[]): Promise<Names> {
  const people = new Set<string>();
  const byType = new Map<string, Set<string>>();
  const testIds = new Set<string>();
  const resourceIds = new Set<string>();
  const exceptionIds = new Set<string>();
  for (const e of entries) {
    if (uuid(e.actorId)) people.add(e.actorId);
    if (uuid(e.entityId)) {
      if (e.entityType === "user") people.add(e.entityId);
      else if (e.entityType === "test_exception") exceptionIds.add(e.entityId);
      else if (RECORDS[e.entityType]) {
        const ids = byType.get(e.entityType) ?? new Set();
        ids.add(e.entityId);
        byType.set(e.entityType, ids);
      }
    }
    for (const side of [obj(e.changes.before), obj(e.changes.after)]) {
      for (const f of PEOPLE_FIELDS) if (uuid(side[f])) people.add(side[f]);
      if (typeof side.testId === "string") testIds.add(side.testId);
      if (uuid(side.resourceId)) resourceIds.add(side.resourceId);
    }
  }

  const names = { people: new Map(), records: new Map(), tests: new Map(), resources: new Map() } satisfies Names;
  // An exception's entries carry its test and resource; the ones that do not (expiry notices do) are looked up.
  if (exceptionIds.size)
    for (const x of await db
      .select({ id: testExceptions.id, testId: testExceptions.testId, resourceId: testExceptions.resourceId })
      .from(testExceptions)
      .where(and(eq(testExceptions.organizationId, organizationId), inArray(testExceptions.id, [...exceptionIds])))) {
      testIds.add(x.testId);
      if (x.resourceId) resourceIds.add(x.resourceId);
    }
  if (people.size)
    for (const u of await db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(inArray(users.id, [...people])))
      if (u.name) names.people.set(u.id, u.name);
  for (const [type, ids] of byType)
    for (const r of await RECORDS[type]!(db, organizationId, [...ids]))
      if (r.label) names.records.set(recordKey(type, r.id), r.label);
  if (testIds.size)
    for (const t of await loadTests(db, organizationId)) if (testIds.has(t.id)) names.tests.set(t.id, t.title);
  if (resourceIds.size)
    for (const r of await db
      .select({ id: resources.id, name: resources.name })
      .from(resources)
      .where(and(eq(resources.organizationId, organizationId), inArray(resources.id, [...resourceIds]))))
      names.resources.set(r.id, r.name);
  return names;
}
