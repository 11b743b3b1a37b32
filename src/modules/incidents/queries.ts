/** Reading the register: the list with its filters, one incident with everything on it, the export, tabletops. */
import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  isNull,
  lt,
  lte,
  notInArray,
  or,
  type SQL,
  sql,
} from "drizzle-orm";
import { CLOSED_STATUSES, nextStatuses, obligationState } from "../../core/incidents.ts";
import type { Db } from "../../db/client.ts";
import {
  assets,
  incidentAssets,
  incidentObligations,
  incidentRemediationLinks,
  incidents,
  incidentTimeline,
  remediationItems,
  tabletopExercises,
  users,
} from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { notFound } from "../../platform/errors.ts";
import type { ListQuery } from "./schema.ts";
import { affectedAssetsOf, type IncidentRow, refOf } from "./store.ts";

type Filters = Omit<ListQuery, "page" | "pageSize">;

function whereOf(organizationId: string, q: Filters): SQL {
  const where: SQL[] = [eq(incidents.organizationId, organizationId)];
  if (q.status) where.push(eq(incidents.status, q.status));
  if (q.severity) where.push(eq(incidents.severity, q.severity));
  if (q.open === true) where.push(notInArray(incidents.status, [...CLOSED_STATUSES]));
  if (q.open === false) where.push(inArray(incidents.status, [...CLOSED_STATUSES]));
  if (q.from) where.push(gte(incidents.detectedAt, new Date(`${q.from}T00:00:00Z`)));
  if (q.to) where.push(lt(incidents.detectedAt, new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000)));
  if (q.q) {
    const p = likePattern(q.q);
    const number = /^(?:inc-?)?(\d{1,9})$/i.exec(q.q)?.[1];
    where.push(
      or(
        ilike(incidents.title, p),
        ilike(incidents.summary, p),
        ilike(incidents.category, p),
        sql`${incidents.affectedSystems}::text ilike ${p}`,
        sql`exists (select 1 from ${incidentAssets} ia join ${assets} a on a.id = ia.asset_id where ia.incident_id = ${incidents.id} and ia.organization_id = ${organizationId} and a.name ilike ${p})`,
        ...(number ? [eq(incidents.number, Number(number))] : []),
      )!,
    );
  }
  return and(...where)!;
}

const overdueCount = (now: Date) =>
  sql<number>`(select count(*) from ${incidentObligations} o where o.incident_id = "incidents"."id"
    and o.notified_at is null and o.deadline_at < ${now.toISOString()})`.mapWith(Number);

const summaryColumns = (now: Date) => ({
  row: incidents,
  ownerName: users.name,
  ownerEmail: users.email,
  overdueObligations: overdueCount(now),
});

type SummaryRow = { row: IncidentRow; ownerName: string | null; ownerEmail: string | null; overdueObligations: number };

const summaryOf = (r: SummaryRow) => ({
  id: r.row.id,
  number: r.row.number,
  ref: refOf(r.row.number),
  title: r.row.title,
  severity: r.row.severity,
  category: r.row.category,
  status: r.row.status,
  owner: r.row.ownerUserId ? { id: r.row.ownerUserId, name: r.ownerName ?? "", email: r.ownerEmail ?? "" } : null,
  detectedAt: r.row.detectedAt,
  resolvedAt: r.row.resolvedAt,
  personalData: r.row.personalData,
  overdueObligations: r.overdueObligations,
});

export async function listIncidents(db: Db, organizationId: string, q: ListQuery, now = new Date()) {
  const filter = whereOf(organizationId, q);
  const [rows, [total]] = await Promise.all([
    db
      .select(summaryColumns(now))
      .from(incidents)
      .leftJoin(users, eq(users.id, incidents.ownerUserId))
      .where(filter)
      .orderBy(desc(incidents.detectedAt), desc(incidents.number))
      .limit(q.pageSize)
      .offset(pageOffset(q)),
    db.select({ n: count() }).from(incidents).where(filter),
  ]);
  return { items: rows.map(summaryOf), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** Every incident the filters select, oldest first (the export; at most 50 000). */
export async function exportIncidents(db: Db, organizationId: string, q: Filters, now = new Date()) {
  const rows = await db
    .select(summaryColumns(now))
    .from(incidents)
    .leftJoin(users, eq(users.id, incidents.ownerUserId))
    .where(whereOf(organizationId, q))
    .orderBy(asc(incidents.detectedAt), asc(incidents.number))
    .limit(50_000);
  const affected = new Map<string, string[]>();
  for (let i = 0; i < rows.length; i += 1000) {
    const ids = rows.slice(i, i + 1000).map((r) => r.row.id);
    for (const [id, list] of await affectedAssetsOf(db, organizationId, ids))
      affected.set(
        id,
        list.map((a) => a.name),
      );
  }
  // The assets by name first, then the free text: an import of the file links the same assets again.
  return rows.map((r) => ({
    ...r.row,
    ...summaryOf(r),
    affectedSystems: [...(affected.get(r.row.id) ?? []), ...r.row.affectedSystems],
  }));
}

export async function loadIncident(db: Db, organizationId: string, id: string, now = new Date()) {
  const [r] = await db
    .select(summaryColumns(now))
    .from(incidents)
    .leftJoin(users, eq(users.id, incidents.ownerUserId))
    .where(and(eq(incidents.organizationId, organizationId), eq(incidents.id, id)));
  if (!r) throw notFound("The incident");
  const [timeline, obligations, remediation, affected] = await Promise.all([
    db
      .select({ entry: incidentTimeline, name: users.name, email: users.email })
      .from(incidentTimeline)
      .leftJoin(users, eq(users.id, incidentTimeline.authorUserId))
      .where(and(eq(incidentTimeline.organizationId, organizationId), eq(incidentTimeline.incidentId, id)))
      .orderBy(asc(incidentTimeline.at), asc(incidentTimeline.createdAt)),
    db
      .select()
      .from(incidentObligations)
      .where(and(eq(incidentObligations.organizationId, organizationId), eq(incidentObligations.incidentId, id)))
      .orderBy(asc(incidentObligations.deadlineAt), asc(incidentObligations.createdAt)),
    db
      .select({
        id: remediationItems.id,
        programId: remediationItems.programId,
        ref: remediationItems.ref,
        title: remediationItems.title,
        status: remediationItems.status,
        dueDate: remediationItems.dueDate,
      })
      .from(incidentRemediationLinks)
      .innerJoin(remediationItems, eq(remediationItems.id, incidentRemediationLinks.remediationItemId))
      .where(
        and(eq(incidentRemediationLinks.organizationId, organizationId), eq(incidentRemediationLinks.incidentId, id)),
      )
      .orderBy(remediationItems.ref),
    affectedAssetsOf(db, organizationId, [id]),
  ]);
  const row = r.row;
  return {
    ...summaryOf(r),
    summary: row.summary,
    reportedBy: row.reportedBy,
    triagedAt: row.triagedAt,
    containedAt: row.containedAt,
    postmortemAt: row.postmortemAt,
    closedAt: row.closedAt,
    closeReason: row.closeReason,
    skipped: row.skipped,
    affectedAssets: affected.get(id) ?? [],
    affectedSystems: row.affectedSystems,
    dataCategories: row.dataCategories,
    recordsEstimate: row.recordsEstimate,
    rootCause: row.rootCause,
    lessonsLearned: row.lessonsLearned,
    nextStatuses: nextStatuses(row.status),
    timeline: timeline.map((t) => ({
      id: t.entry.id,
      at: t.entry.at,
      text: t.entry.text,
      author: t.entry.authorUserId ? { id: t.entry.authorUserId, name: t.name ?? "", email: t.email ?? "" } : null,
      createdAt: t.entry.createdAt,
    })),
    obligations: obligations.map((o) => {
      const state = obligationState(o, now);
      return {
        id: o.id,
        audience: o.audience,
        recipient: o.recipient,
        basis: o.basis,
        hours: o.hours,
        deadlineAt: o.deadlineAt,
        notifiedAt: o.notifiedAt,
        state,
        overdue: state === "overdue",
      };
    }),
    remediation,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type IncidentDetail = Awaited<ReturnType<typeof loadIncident>>;

export async function listTabletops(db: Db, organizationId: string, q: { page: number; pageSize: number; q?: string }) {
  const where: SQL[] = [eq(tabletopExercises.organizationId, organizationId)];
  if (q.q) {
    const p = likePattern(q.q);
    where.push(
      or(
        ilike(tabletopExercises.scenario, p),
        ilike(tabletopExercises.findings, p),
        sql`${tabletopExercises.participants}::text ilike ${p}`,
      )!,
    );
  }
  const filter = and(...where);
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(tabletopExercises)
      .where(filter)
      .orderBy(desc(tabletopExercises.heldOn), desc(tabletopExercises.createdAt))
      .limit(q.pageSize)
      .offset(pageOffset(q)),
    db.select({ n: count() }).from(tabletopExercises).where(filter),
  ]);
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export async function loadTabletop(db: Db, organizationId: string, id: string) {
  const [row] = await db
    .select()
    .from(tabletopExercises)
    .where(and(eq(tabletopExercises.organizationId, organizationId), eq(tabletopExercises.id, id)));
  if (!row) throw notFound("The tabletop exercise");
  return row;
}

/** What the control checks read: every incident with its timeline count, obligations, the last exercise. */
export async function checkInputs(db: Db, organizationId: string) {
  const [rows, obligations, [exercise]] = await Promise.all([
    db
      .select({
        title: incidents.title,
        status: incidents.status,
        severity: incidents.severity,
        ownerUserId: incidents.ownerUserId,
        detectedAt: incidents.detectedAt,
        resolvedAt: incidents.resolvedAt,
        postmortemAt: incidents.postmortemAt,
        // Written qualified: drizzle leaves a lone table's columns unqualified, which the subquery would read as its own.
        timelineEntries:
          sql<number>`(select count(*) from ${incidentTimeline} t where t.incident_id = "incidents"."id")`.mapWith(
            Number,
          ),
      })
      .from(incidents)
      .where(eq(incidents.organizationId, organizationId)),
    db
      .select({
        incident: incidents.title,
        audience: incidentObligations.audience,
        deadlineAt: incidentObligations.deadlineAt,
        notifiedAt: incidentObligations.notifiedAt,
      })
      .from(incidentObligations)
      .innerJoin(incidents, eq(incidents.id, incidentObligations.incidentId))
      .where(eq(incidentObligations.organizationId, organizationId)),
    db
      .select({ heldOn: tabletopExercises.heldOn })
      .from(tabletopExercises)
      .where(eq(tabletopExercises.organizationId, organizationId))
      .orderBy(desc(tabletopExercises.heldOn))
      .limit(1),
  ]);
  return { incidents: rows, obligations, lastExercise: exercise ? new Date(`${exercise.heldOn}T00:00:00Z`) : null };
}

/** Obligations not yet notified whose deadline is within `withinMs` of now (or past), with their incident. */
export async function obligationsToRemind(db: Db, now: Date, withinMs: number) {
  return db
    .select({ obligation: incidentObligations, incident: incidents })
    .from(incidentObligations)
    .innerJoin(incidents, eq(incidents.id, incidentObligations.incidentId))
    .where(
      and(
        isNull(incidentObligations.notifiedAt),
        lte(incidentObligations.deadlineAt, new Date(now.getTime() + withinMs)),
        sql`${incidents.ownerUserId} is not null`,
      ),
    );
}
