/** Reading the inventory: the list with its filters, one asset, the in-scope summary and the reviews. */
import { and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import { ASSET_KINDS, type AssetFacts } from "../../core/assets.ts";
import type { Db } from "../../db/client.ts";
import {
  assetInventoryReviews,
  assets,
  connections,
  continuityTestSystems,
  incidentAssets,
  recoveryObjectives,
  users,
} from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { notFound } from "../../platform/errors.ts";
import type { ListQuery } from "./schema.ts";

const columns = {
  id: assets.id,
  name: assets.name,
  kind: assets.kind,
  description: assets.description,
  ownerUserId: assets.ownerUserId,
  ownerName: users.name,
  ownerEmail: users.email,
  classification: assets.classification,
  environment: assets.environment,
  inScope: assets.inScope,
  connectionId: assets.connectionId,
  connectionName: connections.name,
  resourceId: assets.resourceId,
  externalId: assets.externalId,
  lastSeenAt: assets.lastSeenAt,
  missingSince: assets.missingSince,
  createdAt: assets.createdAt,
  updatedAt: assets.updatedAt,
};

type Row = { connectionId: string | null } & Record<string, unknown>;
const view = <R extends Row>(r: R) => ({
  ...r,
  source: r.connectionId ? ("connection" as const) : ("manual" as const),
});

function select(db: Db) {
  return db
    .select(columns)
    .from(assets)
    .leftJoin(users, eq(users.id, assets.ownerUserId))
    .leftJoin(connections, eq(connections.id, assets.connectionId));
}

function filterOf(organizationId: string, q: Omit<ListQuery, "page" | "pageSize">): SQL {
  const where: (SQL | undefined)[] = [eq(assets.organizationId, organizationId)];
  if (q.kind) where.push(eq(assets.kind, q.kind));
  if (q.classification === "none") where.push(isNull(assets.classification));
  else if (q.classification) where.push(eq(assets.classification, q.classification));
  if (q.environment) where.push(eq(assets.environment, q.environment));
  if (q.inScope !== undefined) where.push(eq(assets.inScope, q.inScope));
  if (q.owner === "none") where.push(isNull(assets.ownerUserId));
  else if (q.owner) where.push(eq(assets.ownerUserId, q.owner));
  if (q.source === "manual") where.push(isNull(assets.connectionId));
  if (q.source === "connection") where.push(isNotNull(assets.connectionId));
  if (q.connectionId) where.push(eq(assets.connectionId, q.connectionId));
  if (q.missing !== undefined) where.push(q.missing ? isNotNull(assets.missingSince) : isNull(assets.missingSince));
  if (q.q) {
    const p = likePattern(q.q);
    where.push(or(ilike(assets.name, p), ilike(assets.description, p), ilike(assets.externalId, p)));
  }
  return and(...where)!;
}

export async function listAssets(db: Db, organizationId: string, q: ListQuery) {
  const where = filterOf(organizationId, q);
  const [rows, [total]] = await Promise.all([
    select(db)
      .where(where)
      .orderBy(asc(sql`lower(${assets.name})`), asc(assets.kind), asc(assets.id))
      .limit(q.pageSize)
      .offset(pageOffset(q)),
    db.select({ n: count() }).from(assets).where(where),
  ]);
  return { items: rows.map(view), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** Every asset the filters select, for the CSV export (no paging). */
export async function allAssets(db: Db, organizationId: string, q: Omit<ListQuery, "page" | "pageSize">) {
  const rows = await select(db)
    .where(filterOf(organizationId, q))
    .orderBy(asc(sql`lower(${assets.name})`), asc(assets.kind), asc(assets.id));
  return rows.map(view);
}

export async function loadAsset(db: Db, organizationId: string, id: string) {
  const [row] = await select(db).where(and(eq(assets.organizationId, organizationId), eq(assets.id, id)));
  if (!row) throw notFound("The asset");
  return view(row);
}

export async function loadAssets(db: Db, organizationId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  const rows = await select(db).where(and(eq(assets.organizationId, organizationId), inArray(assets.id, [...ids])));
  return rows.map(view);
}

export async function assetExists(db: Db, organizationId: string, id: string) {
  const [row] = await db
    .select({ id: assets.id })
    .from(assets)
    .where(and(eq(assets.organizationId, organizationId), eq(assets.id, id)));
  return !!row;
}

/** What the control checks judge: every asset's kind, scope, owner and classification. */
export async function assetFacts(db: Db, organizationId: string): Promise<AssetFacts[]> {
  return db
    .select({
      name: assets.name,
      kind: assets.kind,
      inScope: assets.inScope,
      ownerUserId: assets.ownerUserId,
      classification: assets.classification,
    })
    .from(assets)
    .where(eq(assets.organizationId, organizationId));
}

export async function lastReviewAt(db: Db, organizationId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: assetInventoryReviews.createdAt })
    .from(assetInventoryReviews)
    .where(eq(assetInventoryReviews.organizationId, organizationId))
    .orderBy(desc(assetInventoryReviews.createdAt))
    .limit(1);
  return row?.at ?? null;
}

export async function listReviews(db: Db, organizationId: string) {
  const items = await db
    .select({
      id: assetInventoryReviews.id,
      reviewedBy: assetInventoryReviews.reviewedBy,
      reviewerName: users.name,
      note: assetInventoryReviews.note,
      assetCount: assetInventoryReviews.assetCount,
      createdAt: assetInventoryReviews.createdAt,
    })
    .from(assetInventoryReviews)
    .leftJoin(users, eq(users.id, assetInventoryReviews.reviewedBy))
    .where(eq(assetInventoryReviews.organizationId, organizationId))
    .orderBy(desc(assetInventoryReviews.createdAt))
    .limit(50);
  return { items };
}

/** The system description's view of the inventory: the in-scope assets by kind, with owners and classifications. */
export async function inScopeSummary(db: Db, organizationId: string) {
  const rows = await select(db)
    .where(and(eq(assets.organizationId, organizationId), eq(assets.inScope, true)))
    .orderBy(asc(sql`lower(${assets.name})`));
  const byKind = Object.fromEntries(ASSET_KINDS.map((k) => [k, [] as unknown[]])) as Record<
    (typeof ASSET_KINDS)[number],
    { id: string; name: string; ownerName: string | null; classification: string | null; environment: string | null }[]
  >;
  for (const r of rows)
    byKind[r.kind].push({
      id: r.id,
      name: r.name,
      ownerName: r.ownerName,
      classification: r.classification,
      environment: r.environment,
    });
  return {
    total: rows.length,
    byKind: byKind as never,
    withoutOwner: rows.filter((r) => !r.ownerUserId).length,
    unclassified: rows.filter((r) => !r.classification).length,
    lastReviewAt: await lastReviewAt(db, organizationId),
  };
}

/** Why the asset cannot be removed (incidents or continuity records name it), or null. */
export async function assetInUse(db: Db, organizationId: string, id: string): Promise<string | null> {
  const [objective] = await db
    .select({ n: count() })
    .from(recoveryObjectives)
    .where(and(eq(recoveryObjectives.organizationId, organizationId), eq(recoveryObjectives.assetId, id)));
  const [tests] = await db
    .select({ n: count() })
    .from(continuityTestSystems)
    .where(and(eq(continuityTestSystems.organizationId, organizationId), eq(continuityTestSystems.assetId, id)));
  const [named] = await db
    .select({ n: count() })
    .from(incidentAssets)
    .where(and(eq(incidentAssets.organizationId, organizationId), eq(incidentAssets.assetId, id)));
  if (named?.n)
    return `${named.n === 1 ? "an incident names it" : `${named.n} incidents name it`} as affected; incidents are records and keep what they affected. Mark it out of scope instead.`;
  if (tests?.n)
    return `${tests.n === 1 ? "a continuity test covers it" : `${tests.n} continuity tests cover it`}; tests are records and keep the systems they covered. Mark it out of scope instead.`;
  if (objective?.n) return "it has recovery objectives: remove them under Continuity first.";
  return null;
}

/**
 * The organization's assets by lower-cased name — a list, since names are unique per kind only — all of them, or
 * those whose names are given: how imports and free text are matched to the inventory.
 */
export async function assetsByName(db: Db, organizationId: string, names?: readonly string[]) {
  const lower = names && [...new Set(names.map((n) => n.trim().toLowerCase()).filter(Boolean))];
  const byName = new Map<string, { id: string; kind: (typeof assets.$inferSelect)["kind"] }[]>();
  if (lower && !lower.length) return byName;
  const name = sql<string>`lower(${assets.name})`;
  for (const a of await db
    .select({ id: assets.id, kind: assets.kind, name })
    .from(assets)
    .where(and(eq(assets.organizationId, organizationId), lower ? inArray(name, lower) : undefined)))
    byName.set(a.name, [...(byName.get(a.name) ?? []), { id: a.id, kind: a.kind }]);
  return byName;
}
