/** Writing vendors: add, change, review, and the organization's "no subprocessors" statement. Every write is one change() with its event. */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { addMonths, utcDay } from "../../core/dates.ts";
import { newId } from "../../core/id.ts";
import { contractDatesProblem } from "../../core/vendors.ts";
import type { Db } from "../../db/client.ts";
import { memberships, vendorSettings, vendors } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { badRequest, conflict, notFound } from "../../platform/errors.ts";
import { subprocessorsDeclared, vendorCreated, vendorReviewed, vendorUpdated } from "./events.ts";
import type { VendorRow } from "./queries.ts";
import type { CreateVendorInput, UpdateVendorInput } from "./schema.ts";

const userOf = (c: Change) => (c.actor.kind === "system" ? null : c.actor.userId);

export const duplicateName = (name: string) =>
  conflict(
    "vendor_exists",
    `A vendor named “${name}” is already in the register (names are compared without case). Open that vendor, or give this one another name.`,
  );

/** 400 unless every id is a member of the organization. */
export async function assertMembers(db: Db, organizationId: string, ids: readonly (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))];
  if (!wanted.length) return;
  const found = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, wanted)));
  if (found.length < wanted.length)
    throw badRequest(
      "unknown_owner",
      "The owner must be a member of this organization: pick someone from the members list.",
    );
}

/** 409 when another vendor of the organization has this name (any case). */
async function assertNameFree(db: Db, organizationId: string, name: string, exceptId?: string) {
  const [other] = await db
    .select({ id: vendors.id })
    .from(vendors)
    .where(
      and(
        eq(vendors.organizationId, organizationId),
        sql`lower(${vendors.name}) = lower(${name})`,
        exceptId ? ne(vendors.id, exceptId) : undefined,
      ),
    );
  if (other) throw duplicateName(name);
}

const isUniqueViolation = (err: unknown) => {
  for (let e = err as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (e.code === "23505") return true;
  return false;
};

/** What the ledger keeps of a vendor (everything but timestamps). */
export function ledgerView(r: VendorRow) {
  const { organizationId: _o, createdAt: _c, updatedAt: _u, lastReviewedAt: _a, lastReviewedBy: _b, ...rest } = r;
  return rest;
}

function checkDates(v: { contractStart?: string | null; contractEnd?: string | null }) {
  const problem = contractDatesProblem(v.contractStart, v.contractEnd);
  if (problem) throw badRequest("dates_out_of_order", problem);
}

/** The row a create writes (also what an import's new rows write). */
export function newVendorRow(organizationId: string, input: CreateVendorInput): VendorRow {
  const now = new Date();
  return {
    id: newId(),
    organizationId,
    name: input.name,
    website: input.website ?? null,
    services: input.services ?? "",
    criticality: input.criticality ?? null,
    dataShared: [...new Set(input.dataShared ?? [])],
    ownerUserId: input.ownerUserId ?? null,
    contractStart: input.contractStart ?? null,
    contractEnd: input.contractEnd ?? null,
    status: input.status ?? "active",
    isSubprocessor: input.isSubprocessor ?? false,
    subprocessorPurpose: input.subprocessorPurpose ?? null,
    subprocessorLocation: input.subprocessorLocation ?? null,
    isSubserviceOrg: input.isSubserviceOrg ?? false,
    nextReviewDate: input.nextReviewDate ?? null,
    lastReviewedAt: null,
    lastReviewedBy: null,
    createdAt: now,
    updatedAt: now,
  };
}

export async function createVendor(c: Change, input: CreateVendorInput, opts: { emit?: boolean } = {}) {
  const organizationId = c.actor.organizationId;
  checkDates(input);
  await assertMembers(c.tx, organizationId, [input.ownerUserId]);
  await assertNameFree(c.tx, organizationId, input.name);
  const row = newVendorRow(organizationId, input);
  try {
    await c.tx.insert(vendors).values(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateName(input.name);
    throw err;
  }
  if (opts.emit !== false) await c.emit(vendorCreated, { id: row.id, after: ledgerView(row) });
  return row;
}

/** The fields a change touches, before and after (unchanged ones left out). */
function diff(before: VendorRow, after: VendorRow) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ledgerView(after))) {
    const old = (before as Record<string, unknown>)[k];
    if (JSON.stringify(old) !== JSON.stringify(v)) {
      b[k] = old;
      a[k] = v;
    }
  }
  return { before: b, after: a };
}

export async function updateVendor(c: Change, id: string, input: UpdateVendorInput, opts: { emit?: boolean } = {}) {
  const organizationId = c.actor.organizationId;
  const [old] = await c.tx
    .select()
    .from(vendors)
    .where(and(eq(vendors.organizationId, organizationId), eq(vendors.id, id)))
    .for("update");
  if (!old) throw notFound("The vendor");
  const next: VendorRow = { ...old };
  for (const [k, v] of Object.entries(input)) if (v !== undefined) (next as Record<string, unknown>)[k] = v;
  if (input.dataShared) next.dataShared = [...new Set(input.dataShared)];
  checkDates(next);
  if (input.ownerUserId) await assertMembers(c.tx, organizationId, [input.ownerUserId]);
  if (input.name && input.name.toLowerCase() !== old.name.toLowerCase())
    await assertNameFree(c.tx, organizationId, input.name, id);
  const { before, after } = diff(old, next);
  if (!Object.keys(after).length) return old;
  next.updatedAt = new Date();
  try {
    await c.tx.update(vendors).set(next).where(eq(vendors.id, id));
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateName(next.name);
    throw err;
  }
  if (opts.emit !== false)
    await c.emit(vendorUpdated, { id, before: { name: old.name, ...before }, after: { name: next.name, ...after } });
  return next;
}

/** Records that the vendor was reviewed now; the next review defaults to a year from today. */
export async function reviewVendor(c: Change, id: string, nextReviewDate?: string) {
  const organizationId = c.actor.organizationId;
  const today = utcDay(c.now);
  const next = nextReviewDate ?? addMonths(today, 12);
  if (next <= today) throw badRequest("review_date_past", `The next review (${next}) must be after today (${today}).`);
  const [row] = await c.tx
    .update(vendors)
    .set({ nextReviewDate: next, lastReviewedAt: c.now, lastReviewedBy: userOf(c), updatedAt: c.now })
    .where(and(eq(vendors.organizationId, organizationId), eq(vendors.id, id)))
    .returning();
  if (!row) throw notFound("The vendor");
  await c.emit(vendorReviewed, { id, after: { name: row.name, nextReviewDate: next } });
  return row;
}

export async function declareNoSubprocessors(c: Change, noSubprocessors: boolean) {
  const organizationId = c.actor.organizationId;
  await c.tx
    .insert(vendorSettings)
    .values({ organizationId, noSubprocessors, updatedBy: userOf(c), updatedAt: c.now })
    .onConflictDoUpdate({
      target: vendorSettings.organizationId,
      set: { noSubprocessors, updatedBy: userOf(c), updatedAt: c.now },
    });
  await c.emit(subprocessorsDeclared, { id: organizationId, after: { noSubprocessors } });
}
