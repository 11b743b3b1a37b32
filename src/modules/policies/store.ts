/** Reading policies: the organization's settings, one policy or version, acceptance counts. */
import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  memberships,
  people,
  policies,
  policyAcknowledgements,
  policySettings,
  policyVersions,
  users,
} from "../../db/schema/index.ts";
import { notFound } from "../../platform/errors.ts";

export type PolicyRow = typeof policies.$inferSelect;
export type VersionRow = typeof policyVersions.$inferSelect;
export type SettingsRow = typeof policySettings.$inferSelect;

export const DEFAULT_SETTINGS = {
  independentApproval: true,
  requiredAcceptancePercent: 95,
  acceptanceDueDays: 30,
  reminderIntervalDays: 7,
} as const;

export async function settingsOf(db: Db, organizationId: string) {
  const [row] = await db.select().from(policySettings).where(eq(policySettings.organizationId, organizationId));
  return {
    independentApproval: row?.independentApproval ?? DEFAULT_SETTINGS.independentApproval,
    requiredAcceptancePercent: row?.requiredAcceptancePercent ?? DEFAULT_SETTINGS.requiredAcceptancePercent,
    acceptanceDueDays: row?.acceptanceDueDays ?? DEFAULT_SETTINGS.acceptanceDueDays,
    reminderIntervalDays: row?.reminderIntervalDays ?? DEFAULT_SETTINGS.reminderIntervalDays,
  };
}
export type PolicySettings = Awaited<ReturnType<typeof settingsOf>>;

export async function loadPolicy(db: Db, organizationId: string, id: string): Promise<PolicyRow> {
  const [row] = await db
    .select()
    .from(policies)
    .where(and(eq(policies.organizationId, organizationId), eq(policies.id, id)));
  if (!row) throw notFound("The policy");
  return row;
}

/** One version of the policy, by id or by number. */
export async function loadVersion(
  db: Db,
  organizationId: string,
  policyId: string,
  which: string | number,
): Promise<VersionRow> {
  const [row] = await db
    .select()
    .from(policyVersions)
    .where(
      and(
        eq(policyVersions.organizationId, organizationId),
        eq(policyVersions.policyId, policyId),
        typeof which === "number" ? eq(policyVersions.number, which) : eq(policyVersions.id, which),
      ),
    );
  if (!row) throw notFound(typeof which === "number" ? `Version ${which} of the policy` : "The policy version");
  return row;
}

export async function versionsOf(db: Db, organizationId: string, policyId: string): Promise<VersionRow[]> {
  return db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.organizationId, organizationId), eq(policyVersions.policyId, policyId)))
    .orderBy(asc(policyVersions.number));
}

/** The members among these user ids, with their role (others are not members of the organization). */
export async function membersOf(db: Db, organizationId: string, userIds: readonly string[]) {
  if (!userIds.length) return [];
  return db
    .select({ userId: memberships.userId, role: memberships.role, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, [...userIds])));
}

export interface Acceptance {
  policyId: string;
  requested: number;
  accepted: number;
}

/**
 * Per policy: people asked to accept its required version and how many did (people who left are not counted).
 * One grouped query for any number of policies.
 */
export async function acceptanceCounts(
  db: Db,
  organizationId: string,
  policyIds?: readonly string[],
): Promise<Map<string, Acceptance>> {
  if (policyIds && !policyIds.length) return new Map();
  const required = db
    .select({ id: policies.requiredVersionId })
    .from(policies)
    .where(
      and(eq(policies.organizationId, organizationId), policyIds ? inArray(policies.id, [...policyIds]) : undefined),
    );
  // People who left are few: a hashed NOT IN over them beats joining every request to its person.
  const left = db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.organizationId, organizationId), eq(people.status, "left")));
  const rows = await db
    .select({
      policyId: policyAcknowledgements.policyId,
      requested: sql<number>`count(*)::int`,
      accepted: sql<number>`count(${policyAcknowledgements.acceptedAt})::int`,
    })
    .from(policyAcknowledgements)
    .where(
      and(
        eq(policyAcknowledgements.organizationId, organizationId),
        inArray(policyAcknowledgements.versionId, required),
        notInArray(policyAcknowledgements.personId, left),
      ),
    )
    .groupBy(policyAcknowledgements.policyId);
  return new Map(rows.map((r) => [r.policyId, r]));
}

/** Accepted share in percent (100 when nobody was asked), rounded down to one decimal. */
export const percentOf = (a: Pick<Acceptance, "requested" | "accepted"> | undefined) =>
  !a || a.requested === 0 ? 100 : Math.floor((a.accepted / a.requested) * 1000) / 10;
