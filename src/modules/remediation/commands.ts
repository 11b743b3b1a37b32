/**
 * Remediation commands that write an item exactly as told, in the caller's change: the program-as-code import
 * applies a folder through them (items added with their own ref, status and dates; field changes of an item).
 * They check nothing about who may do it or which status move is allowed: the caller's rules decide that (the
 * import validates the whole folder first). Each emits the ledger entry the plan has always had.
 */
import { and, eq, sql } from "drizzle-orm";
import { newId } from "../../core/id.ts";
import { priorityOf } from "../../core/priority.ts";
import { remediationItems } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { notFound } from "../../platform/errors.ts";
import { remediationCreated, remediationUpdated } from "./events.ts";
import { actorUserId, ledgerView, type RemediationRow } from "./store.ts";

/** An item's plan and state, as stored (priority follows from likelihood × impact). */
export type ItemFields = Pick<
  RemediationRow,
  | "title"
  | "gap"
  | "rootCause"
  | "likelihood"
  | "impact"
  | "action"
  | "ownerUserId"
  | "dueDate"
  | "monitoring"
  | "status"
  | "source"
  | "criteria"
  | "controls"
  | "evidence"
  | "completedAt"
  | "verifiedAt"
  | "verifiedBy"
>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Refs are unique per program: writers of refs take the lock the ref allocator takes (after the ledger lock). */
async function lockRefs(c: Change, programId: string) {
  await c.tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`remediation-ref:${programId}`}, 0))`);
}

/**
 * Adds an item with the ref given (not the next free one), as it is: an imported plan keeps its refs, statuses
 * and dates. A command: runs in the caller's change.
 */
export async function addRemediationItem(
  c: Change,
  programId: string,
  item: ItemFields & { ref: string },
): Promise<RemediationRow> {
  await lockRefs(c, programId);
  const [row] = await c.tx
    .insert(remediationItems)
    .values({
      id: newId(),
      organizationId: c.organizationId!,
      programId,
      ...item,
      priority: priorityOf(item.likelihood, item.impact),
      createdBy: actorUserId(c.actor),
      createdAt: c.now,
      updatedAt: c.now,
    })
    .returning();
  await c.emit(remediationCreated, { id: row!.id, after: ledgerView(row!) });
  return row!;
}

/**
 * Changes fields of an item (those that differ from what it has; none: nothing is written or recorded). A command: runs in the caller's change.
 */
export async function updateRemediationItem(
  c: Change,
  programId: string,
  id: string,
  changes: Partial<ItemFields>,
): Promise<RemediationRow> {
  const [before] = await c.tx
    .select()
    .from(remediationItems)
    .where(
      and(
        eq(remediationItems.id, id),
        eq(remediationItems.programId, programId),
        eq(remediationItems.organizationId, c.organizationId!),
      ),
    )
    .for("update");
  if (!before) throw notFound("Remediation item");
  const next: Partial<RemediationRow> = { ...changes };
  if (changes.likelihood !== undefined || changes.impact !== undefined)
    next.priority = priorityOf(changes.likelihood ?? before.likelihood, changes.impact ?? before.impact);
  const changed = (Object.keys(next) as (keyof RemediationRow)[]).filter(
    (k) => next[k] !== undefined && !same(next[k], before[k]),
  );
  if (!changed.length) return before;
  const set = Object.fromEntries(changed.map((k) => [k, next[k]])) as Partial<RemediationRow>;
  const [after] = await c.tx
    .update(remediationItems)
    .set({ ...set, updatedAt: c.now })
    .where(eq(remediationItems.id, before.id))
    .returning();
  await c.emit(remediationUpdated, {
    id: before.id,
    before: { ref: before.ref, ...Object.fromEntries(changed.map((k) => [k, before[k]])) },
    after: { ref: before.ref, ...Object.fromEntries(changed.map((k) => [k, after![k]])) },
  });
  return after!;
}
