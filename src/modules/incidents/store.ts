/**
 * Data access of the incident register: loading an incident for a write (locked), the next running number, who
 * may command an incident, and the shape the ledger records.
 */
import { and, eq, inArray, max } from "drizzle-orm";
import { ROLE_LABELS, type Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { incidents, memberships, users } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { badRequest, notFound } from "../../platform/errors.ts";
import { policy } from "./policy.ts";

export type IncidentRow = typeof incidents.$inferSelect;

export const refOf = (number: number) => `INC-${number}`;
/** The web app's page of an incident (notifications link here). */
export const incidentLink = (id: string) => `/incidents/${id}`;

/** The incident, locked for the rest of the change (parallel moves of one incident queue here); 404 elsewhere. */
export async function lockIncident(c: Change, id: string): Promise<IncidentRow> {
  const [row] = await c.tx
    .select()
    .from(incidents)
    .where(and(eq(incidents.organizationId, c.organizationId!), eq(incidents.id, id)))
    .for("update");
  if (!row) throw notFound("The incident");
  return row;
}

/** The next running numbers of the organization (writers queue on the ledger lock, so none is handed out twice). */
export async function nextNumbers(c: Change, count: number): Promise<number[]> {
  const [row] = await c.tx
    .select({ n: max(incidents.number) })
    .from(incidents)
    .where(eq(incidents.organizationId, c.organizationId!));
  const first = (row?.n ?? 0) + 1;
  return Array.from({ length: count }, (_, i) => first + i);
}

const COMMANDER_ROLES: readonly Role[] = policy["incidents.manage"].roles;

/** Checks that each user is a member who may run incidents; answers them by id. */
export async function assertCommanders(db: Db, organizationId: string, userIds: readonly string[]) {
  const wanted = [...new Set(userIds)];
  if (!wanted.length) return new Map<string, { id: string; name: string; email: string }>();
  const found = await db
    .select({ id: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, wanted)));
  const byId = new Map(found.map((m) => [m.id, m]));
  for (const id of wanted) {
    const m = byId.get(id);
    if (!m)
      throw badRequest(
        "owner_not_member",
        "The incident commander must be a member of this organization. Pick someone from the members list.",
      );
    if (!COMMANDER_ROLES.includes(m.role as Role))
      throw badRequest(
        "owner_cannot_manage_incidents",
        `${m.name} is ${ROLE_LABELS[m.role as Role].toLowerCase()} here and cannot run incidents. Choose an owner, admin, compliance manager or control owner.`,
      );
  }
  return new Map(found.map((m) => [m.id, { id: m.id, name: m.name, email: m.email }]));
}

/** What the ledger keeps of an incident when it is created. */
export const ledgerView = (r: IncidentRow) => ({
  number: r.number,
  title: r.title,
  severity: r.severity,
  category: r.category,
  status: r.status,
  detectedAt: r.detectedAt.toISOString(),
  ownerUserId: r.ownerUserId,
  personalData: r.personalData,
});
