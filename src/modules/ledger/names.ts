/**
 * Loads what a page of ledger entries names by id (people, records, tests, resources), with one query per kind of
 * record, always inside the organization. Records deleted since keep what their entries say about them (describe.ts
 * falls back to the entry's own fields).
 */
import { and, eq, inArray } from "drizzle-orm";
import { UUID_PATTERN } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import {
  agentEnrollmentTokens,
  alertWebhooks,
  apiTokens,
  connectionSyncs,
  connections,
  customTests,
  devices,
  evidence,
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
  testExceptions,
  users,
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
const RECORDS: Record<string, Loader> = {
  policy: (db, org, ids) =>
    db
      .select({ id: policies.id, label: policies.title })
      .from(policies)
      .where(and(eq(policies.organizationId, org), inArray(policies.id, ids))),
  remediation_item: (db, org, ids) =>
    db
      .select({ id: remediationItems.id, label: remediationItems.ref })
      .from(remediationItems)
      .where(and(eq(remediationItems.organizationId, org), inArray(remediationItems.id, ids))),
  program_control: (db, org, ids) =>
    db
      .select({ id: programControls.id, label: programControls.key })
      .from(programControls)
      .where(and(eq(programControls.organizationId, org), inArray(programControls.id, ids))),
  program: (db, org, ids) =>
    db
      .select({ id: programs.id, label: programs.name })
      .from(programs)
      .where(and(eq(programs.organizationId, org), inArray(programs.id, ids))),
  connection: (db, org, ids) =>
    db
      .select({ id: connections.id, label: connections.name })
      .from(connections)
      .where(and(eq(connections.organizationId, org), inArray(connections.id, ids))),
  connection_sync: (db, org, ids) =>
    db
      .select({ id: connectionSyncs.id, label: connections.name })
      .from(connectionSyncs)
      .innerJoin(connections, eq(connections.id, connectionSyncs.connectionId))
      .where(and(eq(connections.organizationId, org), inArray(connectionSyncs.id, ids))),
  person: (db, org, ids) =>
    db
      .select({ id: people.id, label: people.fullName })
      .from(people)
      .where(and(eq(people.organizationId, org), inArray(people.id, ids))),
  evidence: (db, org, ids) =>
    db
      .select({ id: evidence.id, label: evidence.title })
      .from(evidence)
      .where(and(eq(evidence.organizationId, org), inArray(evidence.id, ids))),
  membership: (db, org, ids) =>
    db
      .select({ id: memberships.id, label: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organizationId, org), inArray(memberships.id, ids))),
  invitation: (db, org, ids) =>
    db
      .select({ id: invitations.id, label: invitations.email })
      .from(invitations)
      .where(and(eq(invitations.organizationId, org), inArray(invitations.id, ids))),
  api_token: (db, org, ids) =>
    db
      .select({ id: apiTokens.id, label: apiTokens.name })
      .from(apiTokens)
      .where(and(eq(apiTokens.organizationId, org), inArray(apiTokens.id, ids))),
  alert_webhook: (db, org, ids) =>
    db
      .select({ id: alertWebhooks.id, label: alertWebhooks.name })
      .from(alertWebhooks)
      .where(and(eq(alertWebhooks.organizationId, org), inArray(alertWebhooks.id, ids))),
  device: (db, org, ids) =>
    db
      .select({ id: devices.id, label: devices.hostname })
      .from(devices)
      .where(and(eq(devices.organizationId, org), inArray(devices.id, ids))),
  agent_enrollment_token: (db, org, ids) =>
    db
      .select({ id: agentEnrollmentTokens.id, label: agentEnrollmentTokens.name })
      .from(agentEnrollmentTokens)
      .where(and(eq(agentEnrollmentTokens.organizationId, org), inArray(agentEnrollmentTokens.id, ids))),
  custom_test: (db, org, ids) =>
    db
      .select({ id: customTests.id, label: customTests.title })
      .from(customTests)
      .where(and(eq(customTests.organizationId, org), inArray(customTests.id, ids))),
  job: (db, org, ids) =>
    db
      .select({ id: jobs.id, label: jobs.name })
      .from(jobs)
      .where(and(eq(jobs.organizationId, org), inArray(jobs.id, ids))),
  organization: (db, org, ids) =>
    db
      .select({ id: organizations.id, label: organizations.name })
      .from(organizations)
      .where(and(eq(organizations.id, org), inArray(organizations.id, ids))),
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
