/**
 * Data access of the incident register: loading an incident for a write (locked), the next running number, who
 * may command an incident, and the shape the ledger records.
 */
import { and, asc, eq, inArray, max, sql } from "drizzle-orm";
import { ROLE_LABELS, type Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { assets, incidentAssets, incidents, memberships, users } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { badRequest, notFound } from "../../platform/errors.ts";
import { assetsByName } from "../assets/public.ts";
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

/** Checks that every asset id is one of the organization's assets (400 `unknown_asset` otherwise). */
export async function assertAssets(db: Db, organizationId: string, ids: readonly string[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return;
  const found = await db
    .select({ id: assets.id })
    .from(assets)
    .where(and(eq(assets.organizationId, organizationId), inArray(assets.id, wanted)));
  if (found.length !== wanted.length)
    throw badRequest(
      "unknown_asset",
      "An affected asset is not in this organization's inventory. Pick it from the list.",
    );
}

/** Replaces the incident's affected assets; answers the ids before and after (sorted) for the ledger. */
export async function setIncidentAssets(c: Change, incidentId: string, ids: readonly string[]) {
  const organizationId = c.organizationId!;
  const wanted = [...new Set(ids)].sort();
  await assertAssets(c.tx, organizationId, wanted);
  const before = (await assetIdsOf(c.tx, organizationId, [incidentId])).get(incidentId) ?? [];
  if (before.join() === wanted.join()) return { before, after: before, changed: false };
  await c.tx
    .delete(incidentAssets)
    .where(and(eq(incidentAssets.organizationId, organizationId), eq(incidentAssets.incidentId, incidentId)));
  if (wanted.length)
    await c.tx
      .insert(incidentAssets)
      .values(wanted.map((assetId) => ({ organizationId, incidentId, assetId, createdAt: c.now })));
  return { before, after: wanted, changed: true };
}

/** The affected asset ids of each incident, sorted. */
export async function assetIdsOf(db: Db, organizationId: string, incidentIds: readonly string[]) {
  const out = new Map<string, string[]>(incidentIds.map((id) => [id, []]));
  if (!incidentIds.length) return out;
  const rows = await db
    .select({ incidentId: incidentAssets.incidentId, assetId: incidentAssets.assetId })
    .from(incidentAssets)
    .where(and(eq(incidentAssets.organizationId, organizationId), inArray(incidentAssets.incidentId, [...incidentIds])))
    .orderBy(asc(incidentAssets.assetId));
  for (const r of rows) out.get(r.incidentId)?.push(r.assetId);
  return out;
}

/** The affected assets of each incident with their names and kinds, by name. */
export async function affectedAssetsOf(db: Db, organizationId: string, incidentIds: readonly string[]) {
  const out = new Map<string, { id: string; name: string; kind: (typeof assets.$inferSelect)["kind"] }[]>(
    incidentIds.map((id) => [id, []]),
  );
  if (!incidentIds.length) return out;
  const rows = await db
    .select({ incidentId: incidentAssets.incidentId, id: assets.id, name: assets.name, kind: assets.kind })
    .from(incidentAssets)
    .innerJoin(assets, eq(assets.id, incidentAssets.assetId))
    .where(and(eq(incidentAssets.organizationId, organizationId), inArray(incidentAssets.incidentId, [...incidentIds])))
    .orderBy(asc(sql`lower(${assets.name})`));
  for (const { incidentId, ...a } of rows) out.get(incidentId)?.push(a);
  return out;
}

/**
 * Splits names of affected systems into the assets they name (a name that matches exactly one asset of the
 * organization, case aside) and the rest, kept as free text: what imports and the 0031 migration do with free text.
 */
export async function matchAssetNames(db: Db, organizationId: string, names: readonly string[]) {
  const byName = await assetsByName(db, organizationId, names);
  return (list: readonly string[]) => {
    const assetIds: string[] = [];
    const rest: string[] = [];
    for (const n of list) {
      const hit = byName.get(n.trim().toLowerCase());
      if (hit?.length === 1) assetIds.push(hit[0]!.id);
      else rest.push(n);
    }
    return { assetIds: [...new Set(assetIds)], rest };
  };
}
