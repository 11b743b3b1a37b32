/** Reading the register: the list with its filters, one change, the population of a period, CSV rows. */
import { and, asc, count, desc, eq, gte, ilike, lte, or, type SQL, sql } from "drizzle-orm";
import {
  CHANGE_CHECK_WINDOW_DAYS,
  changeFlags,
  DEFAULT_EMERGENCY_APPROVAL_DAYS,
  emergencyState,
  independentApprovals,
} from "../../core/changes.ts";
import type { Db } from "../../db/client.ts";
import { changes } from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { notFound } from "../../platform/errors.ts";
import type { ChangeRow } from "./commands.ts";
import type { Filters, ListQuery } from "./schema.ts";
import { emergencyApprovalDaysOf } from "./settings.ts";

const DAY = 86_400_000;
/** When a change landed: merged, else deployed. */
const landed = sql`coalesce(${changes.mergedAt}, ${changes.deployedAt})`;

/** A change as the API answers it: with its flags and emergency state today. */
export function view(r: ChangeRow, now = new Date(), days = DEFAULT_EMERGENCY_APPROVAL_DAYS) {
  return {
    ...r,
    independentApprovals: independentApprovals(r),
    emergencyState: emergencyState(r, now, days),
    flags: changeFlags(r, now, days),
  };
}
export type ChangeView = ReturnType<typeof view>;

/** Start of a plain date and end of another, as instants (UTC). */
const startOf = (d: string) => new Date(`${d}T00:00:00.000Z`);
const endOf = (d: string) => new Date(`${d}T23:59:59.999Z`);

function whereOf(organizationId: string, q: Filters): SQL {
  const where: SQL[] = [eq(changes.organizationId, organizationId)];
  if (q.source) where.push(eq(changes.source, q.source));
  if (q.repository) where.push(eq(changes.repository, q.repository));
  if (q.status) where.push(eq(changes.status, q.status));
  if (q.unreviewed !== undefined) where.push(eq(changes.unreviewed, q.unreviewed));
  if (q.emergency !== undefined) where.push(eq(changes.emergency, q.emergency));
  if (q.from) where.push(sql`${landed} >= ${startOf(q.from).toISOString()}`);
  if (q.to) where.push(sql`${landed} <= ${endOf(q.to).toISOString()}`);
  if (q.q) {
    const p = likePattern(q.q);
    where.push(
      or(
        ilike(changes.title, p),
        ilike(changes.externalRef, p),
        ilike(changes.repository, p),
        ilike(changes.author, p),
      )!,
    );
  }
  return and(...where)!;
}

export async function listChanges(db: Db, organizationId: string, q: ListQuery, now = new Date()) {
  const filter = whereOf(organizationId, q);
  const [rows, [total], days] = await Promise.all([
    db
      .select()
      .from(changes)
      .where(filter)
      .orderBy(sql`${landed} desc nulls first`, desc(changes.createdAt), changes.id)
      .limit(q.pageSize)
      .offset(pageOffset(q)),
    db.select({ n: count() }).from(changes).where(filter),
    emergencyApprovalDaysOf(db, organizationId),
  ]);
  return { items: rows.map((r) => view(r, now, days)), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** Every change matching the filters (no paging), for the CSV export. */
export async function allChanges(db: Db, organizationId: string, q: Filters, now = new Date()) {
  const rows = await db
    .select()
    .from(changes)
    .where(whereOf(organizationId, q))
    .orderBy(sql`${landed} desc nulls first`, desc(changes.createdAt), changes.id);
  const days = await emergencyApprovalDaysOf(db, organizationId);
  return rows.map((r) => view(r, now, days));
}

export async function loadChange(db: Db, organizationId: string, id: string, now = new Date()) {
  const [row] = await db
    .select()
    .from(changes)
    .where(and(eq(changes.organizationId, organizationId), eq(changes.id, id)));
  if (!row) throw notFound("The change");
  return view(row, now, await emergencyApprovalDaysOf(db, organizationId));
}

/** Tallies of the flags over a list of changes. */
export function tally(items: readonly ChangeView[]) {
  return {
    total: items.length,
    unreviewed: items.filter((i) => i.flags.unreviewed).length,
    emergency: items.filter((i) => i.emergency).length,
    emergencyUnapproved: items.filter((i) => i.flags.emergencyUnapproved).length,
    unsigned: items.filter((i) => i.flags.unsigned).length,
    checksFailed: items.filter((i) => i.flags.checksFailed).length,
  };
}

/**
 * The population of a period: every change merged (or, never merged, deployed) from `from` to `to` inclusive,
 * oldest first — what an auditor draws a Type II sample from.
 */
export async function population(db: Db, organizationId: string, from: string, to: string, now = new Date()) {
  const rows = await db
    .select()
    .from(changes)
    .where(
      and(
        eq(changes.organizationId, organizationId),
        sql`${landed} >= ${startOf(from).toISOString()}`,
        sql`${landed} <= ${endOf(to).toISOString()}`,
      ),
    )
    .orderBy(asc(landed), changes.id);
  const days = await emergencyApprovalDaysOf(db, organizationId);
  const items = rows.map((r) => view(r, now, days));
  return { from, to, emergencyApprovalDays: days, counts: tally(items), items };
}

/** The changes that landed in the control checks' window before `now`. */
export async function recentChanges(db: Db, organizationId: string, now: Date) {
  const since = new Date(now.getTime() - CHANGE_CHECK_WINDOW_DAYS * DAY);
  return db
    .select()
    .from(changes)
    .where(
      and(
        eq(changes.organizationId, organizationId),
        or(
          and(gte(changes.mergedAt, since), lte(changes.mergedAt, now)),
          and(sql`${changes.mergedAt} is null`, gte(changes.deployedAt, since), lte(changes.deployedAt, now)),
        ),
      ),
    );
}
