import { and, asc, desc, eq, ilike, isNull, or, type SQL, sql } from "drizzle-orm";
import { staleOnSqlText, utcDay } from "../../core/freshness.ts";
import type { Db } from "../../db/client.ts";
import { evidence, evidenceBlobs, users } from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { badRequest } from "../../platform/errors.ts";
import type { EvidenceDetail, ListFilter } from "./schema.ts";
import { joinedColumns, linksOf, loadEvidence, selectJoined, toItem } from "./views.ts";

/** The day a piece of evidence stops vouching for a linked control, in SQL (same rule as core/freshness.ts). */
const staleOnOfLink = sql.raw(
  staleOnSqlText(
    `"pc"."frequency"`,
    `"evidence"."collected_at"`,
    `"evidence"."effective_to"`,
    `"evidence"."source"`,
    `"pc"."freshness_override_days"`,
  ),
);

/** The latest stale day over the evidence's linked controls that have a clock (NULL: none). */
const latestStaleOn = sql`(SELECT max(${staleOnOfLink}) FROM evidence_controls ec JOIN program_controls pc ON pc.id = ec.control_id WHERE ec.evidence_id = ${evidence.id})`;

/** Stale for every control it is linked to: a current version, past the latest stale day of its links. */
export const staleCondition = (today: string) =>
  sql`(${evidence.supersededById} IS NULL AND ${latestStaleOn} <= ${today}::date)`;

const collectedDay = sql`((${evidence.collectedAt}) AT TIME ZONE 'UTC')::date`;

/**
 * The evidence library, filtered. `collectedBy`: only what that person submitted (people who may not read the whole
 * library, see policy.ts `rules.readsAllEvidence`).
 */
export async function listEvidence(
  db: Db,
  organizationId: string,
  f: ListFilter,
  { now = new Date(), collectedBy }: { now?: Date; collectedBy?: string } = {},
) {
  if (f.from && f.to && f.from > f.to) throw badRequest("invalid_range", `“from” (${f.from}) is after “to” (${f.to}).`);
  const where: SQL[] = [eq(evidence.organizationId, organizationId)];
  if (collectedBy) where.push(eq(evidence.collectedBy, collectedBy));
  if (!f.superseded) where.push(isNull(evidence.supersededById));
  if (f.kind) where.push(eq(evidence.kind, f.kind));
  if (f.source) where.push(eq(evidence.source, f.source));
  if (f.q) {
    const p = likePattern(f.q);
    where.push(or(ilike(evidence.title, p), ilike(evidence.description, p), ilike(evidence.fileName, p))!);
  }
  if (f.control || f.program) {
    const link: SQL[] = [sql`l.evidence_id = ${evidence.id}`, sql`l.organization_id = ${organizationId}`];
    if (f.control) link.push(sql`l.control_key = ${f.control}`);
    if (f.program) link.push(sql`l.program_id = ${f.program}`);
    where.push(sql`EXISTS (SELECT 1 FROM evidence_controls l WHERE ${sql.join(link, sql` AND `)})`);
  }
  if (f.from) where.push(sql`COALESCE(${evidence.effectiveTo}, ${collectedDay}) >= ${f.from}::date`);
  if (f.to) where.push(sql`COALESCE(${evidence.effectiveFrom}, ${collectedDay}) <= ${f.to}::date`);
  if (f.stale !== undefined) {
    const stale = staleCondition(utcDay(now));
    where.push(f.stale ? stale : sql`NOT COALESCE(${stale}, false)`);
  }
  const rows = await db
    .select({ ...joinedColumns, total: sql<number>`(count(*) over())::int` })
    .from(evidence)
    .leftJoin(evidenceBlobs, eq(evidenceBlobs.id, evidence.blobId))
    .leftJoin(users, eq(users.id, evidence.collectedBy))
    .where(and(...where))
    .orderBy(desc(evidence.collectedAt), desc(evidence.id))
    .limit(f.pageSize)
    .offset(pageOffset(f));
  const links = await linksOf(
    db,
    organizationId,
    rows.map((r) => r.e.id),
  );
  return {
    items: rows.map((r) => toItem(r, links.get(r.e.id) ?? [], now)),
    total: rows[0]?.total ?? 0,
    page: f.page,
    pageSize: f.pageSize,
  };
}

/** One piece of evidence with its linked controls and every version of it. */
export async function getEvidence(db: Db, organizationId: string, id: string): Promise<EvidenceDetail> {
  const row = await loadEvidence(db, organizationId, id);
  const versions = await selectJoined(db)
    .where(and(eq(evidence.organizationId, organizationId), eq(evidence.chainId, row.e.chainId)))
    .orderBy(asc(evidence.version));
  const links = await linksOf(db, organizationId, [id]);
  return {
    ...toItem(row, links.get(id) ?? []),
    versions: versions.map(({ e, by }) => ({
      id: e.id,
      version: e.version,
      title: e.title,
      collectedAt: e.collectedAt,
      collectedBy: by?.id ? { id: by.id, name: by.name ?? "" } : null,
      correctionReason: e.correctionReason,
      current: e.supersededById === null,
      createdAt: e.createdAt,
    })),
  };
}
