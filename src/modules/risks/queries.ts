/** Reading the register: the list with its filters (also the CSV export's), one risk, the heat map. */
import { and, count, eq, gte, ilike, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { utcDay } from "../../core/dates.ts";
import { levelRange, type RiskScales, reviewOverdue, riskLevel, riskScore, treatmentState } from "../../core/risks.ts";
import type { Db } from "../../db/client.ts";
import { risks, users } from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { notFound } from "../../platform/errors.ts";
import { linkedControlKeys } from "../registers/public.ts";
import type { Filters, ListQuery } from "./schema.ts";
import { loadScales } from "./settings.ts";

export const REGISTER = "risk";

export type RiskRow = typeof risks.$inferSelect;

/** A risk as the API answers it: scores, levels, treatment state and overdue flag worked out. */
export function riskView(r: RiskRow, s: RiskScales, ownerName: string | null, controls: string[], today: string) {
  const score = riskScore(r.likelihood, r.impact);
  const residualScore =
    r.residualLikelihood !== null && r.residualImpact !== null
      ? riskScore(r.residualLikelihood, r.residualImpact)
      : null;
  return {
    ...r,
    ownerName,
    score,
    level: riskLevel(score, s.thresholds),
    residualScore,
    residualLevel: residualScore === null ? null : riskLevel(residualScore, s.thresholds),
    treatmentState: treatmentState(r.treatment, controls.length),
    controls,
    reviewOverdue: reviewOverdue(r.status, r.reviewDate, today),
  };
}
export type RiskView = ReturnType<typeof riskView>;

function filterWhere(organizationId: string, q: Filters, s: RiskScales, today: string): SQL {
  const where: SQL[] = [eq(risks.organizationId, organizationId)];
  const residual = q.basis === "residual";
  const l = residual ? risks.residualLikelihood : risks.likelihood;
  const i = residual ? risks.residualImpact : risks.impact;
  if (q.type) where.push(eq(risks.type, q.type));
  if (q.status) where.push(eq(risks.status, q.status));
  if (q.treatment) where.push(q.treatment === "none" ? isNull(risks.treatment) : eq(risks.treatment, q.treatment));
  if (q.owner) where.push(q.owner === "none" ? isNull(risks.ownerUserId) : eq(risks.ownerUserId, q.owner));
  if (q.overdue) where.push(eq(risks.status, "open"), lt(risks.reviewDate, today));
  if (q.likelihood) where.push(eq(l, q.likelihood));
  if (q.impact) where.push(eq(i, q.impact));
  if (q.level) {
    const [from, to] = levelRange(q.level, s.thresholds);
    const score = sql`(${l} * ${i})`;
    where.push(isNotNull(l), gte(score, from));
    if (to !== null) where.push(lt(score, to));
  }
  if (q.q) {
    const p = likePattern(q.q);
    where.push(or(ilike(risks.title, p), ilike(risks.description, p), ilike(risks.category, p))!);
  }
  return and(...where)!;
}

async function views(
  db: Db,
  organizationId: string,
  rows: { risk: RiskRow; ownerName: string | null }[],
  s: RiskScales,
  today: string,
) {
  const links = await linkedControlKeys(
    db,
    organizationId,
    REGISTER,
    rows.map((r) => r.risk.id),
  );
  return rows.map((r) => riskView(r.risk, s, r.ownerName, links.get(r.risk.id) ?? [], today));
}

const selection = { risk: risks, ownerName: users.name };
// Open first, then the highest inherent score, then the title.
const order = [risks.status, sql`${risks.likelihood} * ${risks.impact} desc`, risks.title, risks.id] as const;

export async function listRisks(db: Db, organizationId: string, q: ListQuery, now = new Date()) {
  const today = utcDay(now);
  const { scales } = await loadScales(db, organizationId);
  const filter = filterWhere(organizationId, q, scales, today);
  const [rows, [total]] = await Promise.all([
    db
      .select(selection)
      .from(risks)
      .leftJoin(users, eq(users.id, risks.ownerUserId))
      .where(filter)
      .orderBy(...order)
      .limit(q.pageSize)
      .offset(pageOffset(q)),
    db.select({ n: count() }).from(risks).where(filter),
  ]);
  return {
    items: await views(db, organizationId, rows, scales, today),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Every risk matching the filters (no paging), for the CSV export and the assessment snapshot. */
export async function allRisks(db: Db, organizationId: string, q: Filters, now = new Date()) {
  const today = utcDay(now);
  const { scales } = await loadScales(db, organizationId);
  const rows = await db
    .select(selection)
    .from(risks)
    .leftJoin(users, eq(users.id, risks.ownerUserId))
    .where(filterWhere(organizationId, q, scales, today))
    .orderBy(...order);
  return { scales, items: await views(db, organizationId, rows, scales, today) };
}

export async function loadRisk(db: Db, organizationId: string, id: string, now = new Date()) {
  const [row] = await db
    .select(selection)
    .from(risks)
    .leftJoin(users, eq(users.id, risks.ownerUserId))
    .where(and(eq(risks.organizationId, organizationId), eq(risks.id, id)));
  if (!row) throw notFound("The risk");
  const { scales } = await loadScales(db, organizationId);
  return (await views(db, organizationId, [row], scales, utcDay(now)))[0]!;
}

/** Open risks per cell of the likelihood × impact grid, before and after treatment. */
export async function heatMap(db: Db, organizationId: string) {
  const { scales } = await loadScales(db, organizationId);
  const rows = await db
    .select({
      likelihood: risks.likelihood,
      impact: risks.impact,
      residualLikelihood: risks.residualLikelihood,
      residualImpact: risks.residualImpact,
    })
    .from(risks)
    .where(and(eq(risks.organizationId, organizationId), eq(risks.status, "open")));
  return heatMapOf(scales, rows);
}

/** The grid from rated risks (also drawn from an assessment's snapshot). */
export function heatMapOf(
  scales: RiskScales,
  rows: readonly {
    likelihood: number;
    impact: number;
    residualLikelihood: number | null;
    residualImpact: number | null;
  }[],
) {
  const cells = [];
  for (let l = 1; l <= scales.likelihood.length; l++)
    for (let i = 1; i <= scales.impact.length; i++)
      cells.push({
        likelihood: l,
        impact: i,
        level: riskLevel(riskScore(l, i), scales.thresholds),
        inherent: rows.filter((r) => r.likelihood === l && r.impact === i).length,
        residual: rows.filter((r) => r.residualLikelihood === l && r.residualImpact === i).length,
      });
  return {
    likelihood: scales.likelihood,
    impact: scales.impact,
    thresholds: scales.thresholds,
    cells,
    open: rows.length,
    withoutResidual: rows.filter((r) => r.residualLikelihood === null).length,
  };
}
