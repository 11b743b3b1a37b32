/** Reading the register: the list with its filters, one finding, the dashboard, the import history. */
import { and, count, desc, eq, ilike, lt, max, or, type SQL, sql } from "drizzle-orm";
import { utcDay } from "../../core/dates.ts";
import {
  DEFAULT_VULN_SLA_DAYS,
  isAccepted,
  VULN_SEVERITIES,
  type VulnSeverity,
  type VulnSlaDays,
} from "../../core/vulnerabilities.ts";
import type { Db } from "../../db/client.ts";
import { vulnerabilities, vulnerabilityImports, vulnerabilitySettings } from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { toCsv } from "../../platform/csv.ts";
import { notFound } from "../../platform/errors.ts";
import type { ListQuery } from "./schema.ts";

type Row = typeof vulnerabilities.$inferSelect;

/** A finding as the API answers it: whether its risk is accepted today, and whether it is late otherwise. */
const view = (r: Row, today: string) => {
  const accepted = r.status === "open" && isAccepted(r.acceptedUntil, today);
  return { ...r, accepted, overdue: r.status === "open" && !accepted && !!r.dueDate && r.dueDate < today };
};

/** An accepted risk holds today (its last day is today or later). */
const acceptedToday = (today: string) => sql`${vulnerabilities.acceptedUntil} >= ${today}`;
/** No accepted risk holds today. */
const notAccepted = (today: string) =>
  or(sql`${vulnerabilities.acceptedUntil} is null`, lt(vulnerabilities.acceptedUntil, today))!;
/** Open findings past their fix-by date, whose risk nobody accepted for now. */
const overdueWhere = (today: string) =>
  and(eq(vulnerabilities.status, "open"), lt(vulnerabilities.dueDate, today), notAccepted(today))!;

type Filters = Omit<ListQuery, "page" | "pageSize">;

/** The list's filters as SQL, and its order: most severe first, then the nearest deadline (how people work). */
function findingsWhere(organizationId: string, q: Filters, today: string) {
  const where: SQL[] = [eq(vulnerabilities.organizationId, organizationId)];
  if (q.status) where.push(eq(vulnerabilities.status, q.status));
  if (q.severity) where.push(eq(vulnerabilities.severity, q.severity));
  if (q.scanner) where.push(eq(vulnerabilities.scanner, q.scanner));
  if (q.overdue) where.push(overdueWhere(today));
  if (q.accepted !== undefined)
    where.push(q.accepted ? and(eq(vulnerabilities.status, "open"), acceptedToday(today))! : notAccepted(today));
  if (q.q) {
    const p = likePattern(q.q);
    where.push(
      or(
        ilike(vulnerabilities.ruleId, p),
        ilike(vulnerabilities.title, p),
        ilike(vulnerabilities.package, p),
        ilike(vulnerabilities.target, p),
      )!,
    );
  }
  return and(...where);
}

const severityOrder = sql`case ${vulnerabilities.severity} ${sql.join(
  VULN_SEVERITIES.map((s, i) => sql`when ${s} then ${i}`),
  sql` `,
)} end`;
const findingsOrder = [
  vulnerabilities.status,
  severityOrder,
  sql`${vulnerabilities.dueDate} nulls last`,
  vulnerabilities.id,
] as const;

export async function listFindings(db: Db, organizationId: string, q: ListQuery, now = new Date()) {
  const today = utcDay(now);
  const filter = findingsWhere(organizationId, q, today);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(vulnerabilities)
      .where(filter)
      .orderBy(...findingsOrder)
      .limit(q.pageSize)
      .offset(pageOffset(q)),
    db.select({ n: count() }).from(vulnerabilities).where(filter),
  ]);
  return { items: rows.map((r) => view(r, today)), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** Every finding the list's filters select, as CSV (what an auditor samples from). */
export async function findingsCsv(db: Db, organizationId: string, q: Filters, now = new Date()) {
  const today = utcDay(now);
  const rows = await db
    .select()
    .from(vulnerabilities)
    .where(findingsWhere(organizationId, q, today))
    .orderBy(...findingsOrder);
  return toCsv<ReturnType<typeof view>>(
    [
      { header: "Advisory", value: (f) => f.ruleId },
      { header: "Title", value: (f) => f.title },
      { header: "Severity", value: (f) => f.severity },
      { header: "Score", value: (f) => f.score },
      { header: "Package", value: (f) => f.package },
      { header: "Installed version", value: (f) => f.installedVersion },
      { header: "Fixed version", value: (f) => f.fixedVersion },
      { header: "Target", value: (f) => f.target },
      { header: "Scanner", value: (f) => f.scanner },
      { header: "Status", value: (f) => f.status },
      { header: "First seen", value: (f) => f.firstSeenAt },
      { header: "Last seen", value: (f) => f.lastSeenAt },
      { header: "Resolved", value: (f) => f.resolvedAt },
      { header: "Fix by", value: (f) => f.dueDate },
      { header: "Overdue", value: (f) => (f.overdue ? "yes" : "no") },
      { header: "Risk accepted until", value: (f) => (f.accepted ? f.acceptedUntil : null) },
      { header: "Acceptance reason", value: (f) => (f.accepted ? f.acceptanceReason : null) },
    ],
    rows.map((r) => view(r, today)),
  );
}

export async function loadFinding(db: Db, organizationId: string, id: string, now = new Date()) {
  const [row] = await db
    .select()
    .from(vulnerabilities)
    .where(and(eq(vulnerabilities.organizationId, organizationId), eq(vulnerabilities.id, id)));
  if (!row) throw notFound("The finding");
  return view(row, utcDay(now));
}

const zeros = () => Object.fromEntries(VULN_SEVERITIES.map((s) => [s, 0])) as Record<VulnSeverity, number>;

/**
 * The open findings of the organization, in one pass: by severity, those past their fix-by date without an accepted
 * risk by severity, those whose risk is accepted today (past their fix-by date or not: the dashboard's "accepted"),
 * and of those the ones past their fix-by date (OPS-07 names them).
 */
export async function openCounts(db: Db, organizationId: string, now: Date) {
  const today = utcDay(now);
  const countWhere = (where: SQL) => sql<number>`count(*) filter (where ${where})`.mapWith(Number);
  const rows = await db
    .select({
      severity: vulnerabilities.severity,
      open: count(),
      overdue: countWhere(overdueWhere(today)),
      accepted: countWhere(acceptedToday(today)),
      acceptedLate: countWhere(and(lt(vulnerabilities.dueDate, today), acceptedToday(today))!),
    })
    .from(vulnerabilities)
    .where(and(eq(vulnerabilities.organizationId, organizationId), eq(vulnerabilities.status, "open")))
    .groupBy(vulnerabilities.severity);
  const open = zeros();
  const overdue = zeros();
  let accepted = 0;
  let acceptedLate = 0;
  for (const r of rows) {
    open[r.severity] = r.open;
    overdue[r.severity] = r.overdue;
    accepted += r.accepted;
    acceptedLate += r.acceptedLate;
  }
  return { open, overdue, accepted, acceptedLate };
}

/** The organization's SLAs: its own, or the defaults. */
export async function slaDaysOf(db: Db, organizationId: string): Promise<VulnSlaDays> {
  const [row] = await db
    .select({ slaDays: vulnerabilitySettings.slaDays })
    .from(vulnerabilitySettings)
    .where(eq(vulnerabilitySettings.organizationId, organizationId));
  return row ? { ...DEFAULT_VULN_SLA_DAYS, ...row.slaDays } : DEFAULT_VULN_SLA_DAYS;
}

export async function lastImportAt(db: Db, organizationId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(vulnerabilityImports.createdAt) })
    .from(vulnerabilityImports)
    .where(eq(vulnerabilityImports.organizationId, organizationId));
  return row?.at ?? null;
}

const WEEKS = 12;

export async function dashboard(db: Db, organizationId: string, now = new Date()) {
  const { open, overdue, accepted } = await openCounts(db, organizationId, now);
  const sum = (r: Record<string, number>) => Object.values(r).reduce((n, v) => n + v, 0);
  // Open at the end of each week: seen by then and not resolved by then (reopened findings count from their last
  // opening, which the register keeps as a cleared resolvedAt; close enough for a trend).
  const ends = Array.from({ length: WEEKS }, (_, i) => new Date(now.getTime() - (WEEKS - 1 - i) * 7 * 86_400_000));
  const openAt = (end: Date) =>
    sql`count(*) filter (where ${vulnerabilities.firstSeenAt} <= ${end.toISOString()} and (${vulnerabilities.resolvedAt} is null or ${vulnerabilities.resolvedAt} > ${end.toISOString()}))::int`;
  // One pass over the organization's findings for all the weeks.
  const [counts] = await db
    .select({ weeks: sql<number[]>`array[${sql.join(ends.map(openAt), sql`, `)}]` })
    .from(vulnerabilities)
    .where(eq(vulnerabilities.organizationId, organizationId));
  const trend = ends.map((end, i) => ({ weekEnding: utcDay(end), open: Number(counts?.weeks[i] ?? 0) }));
  return {
    open: sum(open),
    overdue: sum(overdue),
    openBySeverity: open,
    overdueBySeverity: overdue,
    accepted,
    slaDays: await slaDaysOf(db, organizationId),
    lastImportAt: await lastImportAt(db, organizationId),
    trend,
  };
}

export async function listImports(db: Db, organizationId: string, q: { page: number; pageSize: number }) {
  const where = eq(vulnerabilityImports.organizationId, organizationId);
  const [items, [total]] = await Promise.all([
    db
      .select()
      .from(vulnerabilityImports)
      .where(where)
      .orderBy(desc(vulnerabilityImports.createdAt), desc(vulnerabilityImports.id))
      .limit(q.pageSize)
      .offset(pageOffset(q)),
    db.select({ n: count() }).from(vulnerabilityImports).where(where),
  ]);
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}
