import { and, asc, count, desc, eq, ilike, inArray, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import { PRIORITIES, type Priority } from "../../core/priority.ts";
import type { Db } from "../../db/client.ts";
import { ledgerEntries, remediationItems, remediationSteps, users } from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { type Page, pageOffset } from "../../kernel/http/schemas.ts";
import { notFound } from "../../platform/errors.ts";
import { burndown } from "./burndown.ts";
import { describeEntry, peopleIn } from "./history.ts";
import {
  type ItemFilter,
  OPEN_STATUSES,
  REMEDIATION_STATUSES,
  type RemediationItem,
  type RemediationStatus,
  type RemediationSummary,
} from "./schema.ts";
import { ENTITY_TYPE, isOpen, isOverdue, loadProgram, toItems, utcDay } from "./store.ts";

type OrgActor = Extract<Actor, { kind: "user" | "token" }>;
const t = remediationItems;

const priorityRank = sql`case ${t.priority} when 'critical' then 0 when 'high' then 1 when 'medium' then 2 else 3 end`;
const refNumber = sql`cast(substring(${t.ref} from 3) as integer)`;
const ORDER: Record<ItemFilter["sort"], SQL[]> = {
  priority: [
    asc(priorityRank),
    sql`${t.dueDate} asc nulls last`,
    sql`${t.likelihood} * ${t.impact} desc`,
    asc(refNumber),
  ],
  dueDate: [sql`${t.dueDate} asc nulls last`, asc(priorityRank), asc(refNumber)],
  createdAt: [desc(t.createdAt), desc(refNumber)],
};

function conditions(actor: OrgActor, programId: string, f: ItemFilter, today: string): SQL {
  const c: (SQL | undefined)[] = [eq(t.organizationId, actor.organizationId), eq(t.programId, programId)];
  if (f.status) c.push(inArray(t.status, f.status.split(",")));
  if (f.priority) c.push(inArray(t.priority, f.priority.split(",")));
  if (f.owner === "none") c.push(isNull(t.ownerUserId));
  else if (f.owner === "me") c.push(eq(t.ownerUserId, actor.userId));
  else if (f.owner) c.push(eq(t.ownerUserId, f.owner));
  if (f.overdue === "true") c.push(inArray(t.status, [...OPEN_STATUSES]), lt(t.dueDate, today));
  if (f.overdue === "false")
    c.push(or(sql`${t.status} not in ('open', 'in_progress')`, isNull(t.dueDate), sql`${t.dueDate} >= ${today}`));
  if (f.criterion) c.push(sql`${t.criteria} @> ${JSON.stringify([f.criterion.toUpperCase()])}::jsonb`);
  if (f.control) c.push(sql`${t.controls} @> ${JSON.stringify([f.control.toUpperCase()])}::jsonb`);
  if (f.q) {
    const p = likePattern(f.q);
    c.push(or(ilike(t.ref, p), ilike(t.title, p), ilike(t.gap, p)));
  }
  return and(...c)!;
}

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Reads of the remediation plan, always scoped to the actor's organization and the program. */
export function createRemediationQueries({ db }: { db: Db }) {
  return {
    async list(actor: OrgActor, programId: string, f: ItemFilter & Page) {
      await loadProgram(db, actor.organizationId, programId);
      const today = utcDay();
      const where = conditions(actor, programId, f, today);
      const [rows, [total]] = await Promise.all([
        db
          .select()
          .from(t)
          .where(where)
          .orderBy(...ORDER[f.sort])
          .limit(f.pageSize)
          .offset(pageOffset(f)),
        db.select({ n: count() }).from(t).where(where),
      ]);
      return { items: await toItems(db, rows, today), total: total?.n ?? 0, page: f.page, pageSize: f.pageSize };
    },

    /** Every matching item (exports), in the chosen order. */
    async all(actor: OrgActor, programId: string, f: ItemFilter): Promise<RemediationItem[]> {
      await loadProgram(db, actor.organizationId, programId);
      const today = utcDay();
      const rows = await db
        .select()
        .from(t)
        .where(conditions(actor, programId, f, today))
        .orderBy(...ORDER[f.sort]);
      return toItems(db, rows, today);
    },

    /** One item with its ledger history (oldest first). */
    async get(actor: OrgActor, programId: string, id: string) {
      await loadProgram(db, actor.organizationId, programId);
      const [row] = await db
        .select()
        .from(t)
        .where(and(eq(t.id, id), eq(t.programId, programId), eq(t.organizationId, actor.organizationId)));
      if (!row) throw notFound("Remediation item");
      const history = await db
        .select({
          seq: ledgerEntries.seq,
          at: ledgerEntries.at,
          actorType: ledgerEntries.actorType,
          actorLabel: ledgerEntries.actorLabel,
          action: ledgerEntries.action,
          changes: ledgerEntries.changes,
        })
        .from(ledgerEntries)
        .where(
          and(
            eq(ledgerEntries.organizationId, actor.organizationId),
            eq(ledgerEntries.entityType, ENTITY_TYPE),
            eq(ledgerEntries.entityId, id),
          ),
        )
        .orderBy(asc(ledgerEntries.seq));
      const [item] = await toItems(db, [row]);
      const entries = history.map((h) => ({
        ...h,
        changes: JSON.parse(h.changes) as { before: unknown; after: unknown },
      }));
      const ids = [...new Set(entries.flatMap((h) => peopleIn(h.changes)))];
      const people = ids.length
        ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))
        : [];
      const names = new Map(people.map((p) => [p.id, p.name]));
      return {
        ...item!,
        history: entries.map((h) => ({ ...h, ...describeEntry(h.action, h.changes, names) })),
      };
    },

    /** Counts by status and priority, overdue and unassigned counts, and the burndown series. */
    async summary(actor: OrgActor, programId: string, now = new Date()): Promise<RemediationSummary> {
      await loadProgram(db, actor.organizationId, programId);
      const today = utcDay(now);
      const rows = await db
        .select({
          status: t.status,
          priority: t.priority,
          dueDate: t.dueDate,
          ownerUserId: t.ownerUserId,
          createdAt: t.createdAt,
          completedAt: t.completedAt,
        })
        .from(t)
        .where(and(eq(t.organizationId, actor.organizationId), eq(t.programId, programId)));
      const steps = await db
        .select({ createdAt: remediationSteps.createdAt, completedAt: remediationSteps.completedAt })
        .from(remediationSteps)
        .innerJoin(t, eq(t.id, remediationSteps.itemId))
        .where(and(eq(remediationSteps.organizationId, actor.organizationId), eq(t.programId, programId)));
      const byStatus = zeroes(REMEDIATION_STATUSES);
      const byPriority = zeroes(PRIORITIES);
      const openByPriority = zeroes(PRIORITIES);
      let overdue = 0;
      let unassigned = 0;
      for (const r of rows) {
        byStatus[r.status as RemediationStatus]++;
        byPriority[r.priority as Priority]++;
        if (isOpen(r.status)) {
          openByPriority[r.priority as Priority]++;
          if (!r.ownerUserId) unassigned++;
        }
        if (isOverdue(r, today)) overdue++;
      }
      return {
        total: rows.length,
        byStatus,
        byPriority,
        openByPriority,
        overdue,
        unassigned,
        burndown: burndown(rows, today, undefined, steps),
      };
    },
  };
}
