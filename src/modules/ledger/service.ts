import { and, asc, desc, eq, gte, ilike, lt, lte, type SQL, sql } from "drizzle-orm";
import { UUID_PATTERN } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { ledgerEntries } from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { type Page, pageOffset } from "../../kernel/http/schemas.ts";
import { verifyOrganizationLedger } from "../../ledger/verify.ts";
import { type CheckpointRecord, externalHeads, parseExpectedHead } from "../../ledger/witness.ts";
import { badRequest } from "../../platform/errors.ts";
import type { Keys } from "../../platform/keys.ts";
import { describeEntry, entityLabel, kindLabel, recordLabel } from "./describe.ts";
import { groupEntries } from "./groups.ts";
import { loadNames } from "./names.ts";
import type { LedgerFilter, LedgerItem } from "./schema.ts";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** `from` is inclusive; a `to` day includes that whole (UTC) day, a `to` time is inclusive. */
function timeRange(f: LedgerFilter): SQL[] {
  const from = f.from ? new Date(DAY.test(f.from) ? `${f.from}T00:00:00Z` : f.from) : null;
  const toDay = f.to && DAY.test(f.to);
  const to = f.to ? new Date(toDay ? Date.parse(`${f.to}T00:00:00Z`) + DAY_MS : f.to) : null;
  if (from && to && (toDay ? from >= to : from > to))
    throw badRequest("invalid_range", "The 'from' date is after the 'to' date: swap them or widen the range.");
  return [
    ...(from ? [gte(ledgerEntries.at, from)] : []),
    ...(to ? [toDay ? lt(ledgerEntries.at, to) : lte(ledgerEntries.at, to)] : []),
  ];
}

export function ledgerConditions(organizationId: string, f: LedgerFilter): SQL {
  const c: (SQL | undefined)[] = [eq(ledgerEntries.organizationId, organizationId), ...timeRange(f)];
  if (f.actor)
    c.push(
      UUID_PATTERN.test(f.actor)
        ? eq(ledgerEntries.actorId, f.actor.toLowerCase())
        : ilike(ledgerEntries.actorLabel, likePattern(f.actor)),
    );
  if (f.action) c.push(eq(ledgerEntries.action, f.action));
  if (f.entityType) c.push(eq(ledgerEntries.entityType, f.entityType));
  if (f.entityId) c.push(eq(ledgerEntries.entityId, f.entityId));
  return and(...c)!;
}

const itemColumns = {
  organizationId: ledgerEntries.organizationId,
  id: ledgerEntries.id,
  seq: ledgerEntries.seq,
  at: ledgerEntries.at,
  actorType: ledgerEntries.actorType,
  actorId: ledgerEntries.actorId,
  actorLabel: ledgerEntries.actorLabel,
  action: ledgerEntries.action,
  entityType: ledgerEntries.entityType,
  entityId: ledgerEntries.entityId,
  changes: ledgerEntries.changes,
  requestId: ledgerEntries.requestId,
  hash: ledgerEntries.hash,
  prevHash: ledgerEntries.prevHash,
  keyId: ledgerEntries.keyId,
  signature: ledgerEntries.signature,
};
export interface LedgerRow {
  organizationId: string;
  id: string;
  seq: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  changes: string;
  requestId: string | null;
  hash: string;
  prevHash: string;
  keyId: string | null;
  signature: string | null;
}

type RawItem = Omit<LedgerItem, "description" | "recordLabel" | "group">;
export const toItem = ({ prevHash: _p, organizationId: _o, id: _i, changes, ...r }: LedgerRow): RawItem => ({
  ...r,
  changes: JSON.parse(changes) as LedgerItem["changes"],
});

/** Entries in words, with their records' names and their groups (names.ts loads what they point at). */
async function described(db: Db, organizationId: string, rows: readonly LedgerRow[]): Promise<LedgerItem[]> {
  const items = rows.map(toItem);
  const names = await loadNames(db, organizationId, items);
  const groups = groupEntries(items, names);
  return items.map((e, i) => ({
    ...e,
    description: describeEntry(e, names),
    recordLabel: recordLabel(e, names),
    group: groups[i] ?? null,
  }));
}

const EXPORT_PAGE = 1000;

export function createLedgerService({ db, keys }: { db: Db; keys: Pick<Keys, "publicKeys"> }) {
  return {
    /** Newest first. */
    async list(organizationId: string, q: LedgerFilter & Page) {
      const where = ledgerConditions(organizationId, q);
      const [{ total }] = (await db.select({ total: sql<number>`count(*)::int` }).from(ledgerEntries).where(where)) as [
        { total: number },
      ];
      const rows = await db
        .select(itemColumns)
        .from(ledgerEntries)
        .where(where)
        .orderBy(desc(ledgerEntries.seq))
        .limit(q.pageSize)
        .offset(pageOffset(q));
      return { items: await described(db, organizationId, rows), total, page: q.page, pageSize: q.pageSize };
    },

    /**
     * Every matching entry, newest first, a page at a time (keyset on seq, so memory stays flat), each with its
     * description.
     */
    async *stream(organizationId: string, f: LedgerFilter): AsyncGenerator<{ row: LedgerRow; description: string }[]> {
      const where = ledgerConditions(organizationId, f);
      let before = Number.MAX_SAFE_INTEGER;
      for (;;) {
        const rows = await db
          .select(itemColumns)
          .from(ledgerEntries)
          .where(and(where, lt(ledgerEntries.seq, before)))
          .orderBy(desc(ledgerEntries.seq))
          .limit(EXPORT_PAGE);
        if (rows.length) {
          const items = await described(db, organizationId, rows);
          yield rows.map((row, i) => ({ row, description: items[i]!.description }));
        }
        if (rows.length < EXPORT_PAGE) return;
        before = rows[rows.length - 1]!.seq;
      }
    },

    /** Values for the activity page's filter menus. */
    async facets(organizationId: string) {
      const org = eq(ledgerEntries.organizationId, organizationId);
      const actions = await db
        .selectDistinct({ v: ledgerEntries.action })
        .from(ledgerEntries)
        .where(org)
        .orderBy(asc(ledgerEntries.action));
      const entityTypes = await db
        .selectDistinct({ v: ledgerEntries.entityType })
        .from(ledgerEntries)
        .where(org)
        .orderBy(asc(ledgerEntries.entityType));
      const actors = await db
        .selectDistinct({
          actorType: ledgerEntries.actorType,
          actorId: ledgerEntries.actorId,
          actorLabel: ledgerEntries.actorLabel,
        })
        .from(ledgerEntries)
        .where(org)
        .orderBy(asc(ledgerEntries.actorLabel), asc(ledgerEntries.actorType), asc(ledgerEntries.actorId));
      return {
        actions: actions.map((r) => r.v),
        entityTypes: entityTypes.map((r) => r.v),
        kinds: actions.map((r) => ({ value: r.v, label: kindLabel(r.v) })),
        recordTypes: entityTypes.map((r) => ({ value: r.v, label: entityLabel(r.v) })),
        actors,
      };
    },

    /** The chain and stored checkpoints, plus heads known from outside (witness records, written-down heads). */
    async verify(organizationId: string, outside: { checkpoints?: CheckpointRecord[]; expect?: string[] }) {
      const external = [
        ...externalHeads(outside.checkpoints ?? [], organizationId, "the request"),
        ...(outside.expect ?? []).map(parseExpectedHead),
      ];
      return { ...(await verifyOrganizationLedger(db, keys, organizationId, { external })), verifiedAt: new Date() };
    },
  };
}
