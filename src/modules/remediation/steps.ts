import { and, asc, eq, inArray } from "drizzle-orm";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { remediationSteps } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { badRequest } from "../../platform/errors.ts";
import { remediationStepsChanged } from "./events.ts";
import { assertOwner } from "./members.ts";
import { stepCompletion } from "./progress.ts";
import type { StepInput } from "./schema.ts";

/** Data access for an item's steps: reading them in order and replacing the ordered list in a change. */

export type StepRow = typeof remediationSteps.$inferSelect;

/** The steps of these items, in order, by item id. */
export async function stepsOf(db: Db, organizationId: string, itemIds: readonly string[]) {
  const byItem = new Map<string, StepRow[]>();
  if (!itemIds.length) return byItem;
  const rows = await db
    .select()
    .from(remediationSteps)
    .where(and(eq(remediationSteps.organizationId, organizationId), inArray(remediationSteps.itemId, [...itemIds])))
    .orderBy(asc(remediationSteps.itemId), asc(remediationSteps.position));
  for (const r of rows) byItem.set(r.itemId, [...(byItem.get(r.itemId) ?? []), r]);
  return byItem;
}

/** What the ledger keeps about a step. */
const stepView = (s: StepRow) => ({
  id: s.id,
  position: s.position,
  title: s.title,
  ownerUserId: s.ownerUserId,
  startDate: s.startDate,
  dueDate: s.dueDate,
  status: s.status,
});

/** Checks step ids, owners and dates before anything is written. */
async function checkSteps(db: Db, organizationId: string, current: readonly StepRow[], next: readonly StepInput[]) {
  const known = new Set(current.map((s) => s.id));
  const ids = next.map((s) => s.id).filter((id): id is string => !!id);
  if (ids.some((id) => !known.has(id)) || new Set(ids).size !== ids.length)
    throw badRequest(
      "unknown_step",
      "A step id does not belong to this item (or appears twice). Send the ids the item lists, and leave the id out for a new step.",
    );
  for (const s of next)
    if (s.startDate && s.dueDate && s.startDate > s.dueDate)
      throw badRequest("step_dates", `“${s.title}” starts on ${s.startDate}, after its due date ${s.dueDate}.`);
  const owners = new Set(next.map((s) => s.ownerUserId).filter((o): o is string => !!o));
  for (const o of owners) await assertOwner(db, organizationId, o);
}

/**
 * Makes `next` the item's ordered list of steps (kept by id, new ones added, missing ones removed) and records the
 * whole list before and after on the item's ledger trail, when anything changed. A command: runs in the caller's change.
 */
export async function replaceSteps(
  c: Change,
  item: { id: string; ref: string },
  current: readonly StepRow[],
  next: readonly StepInput[],
): Promise<readonly StepRow[]> {
  const organizationId = c.organizationId!;
  await checkSteps(c.tx, organizationId, current, next);
  const byId = new Map(current.map((s) => [s.id, s]));
  const rows = next.map((s, i) => {
    const before = s.id ? byId.get(s.id) : undefined;
    return {
      id: s.id ?? newId(),
      organizationId,
      itemId: item.id,
      position: i + 1,
      title: s.title,
      ownerUserId: s.ownerUserId,
      startDate: s.startDate,
      dueDate: s.dueDate,
      status: s.status,
      completedAt: stepCompletion(before, s.status, c.now),
      createdAt: before?.createdAt ?? c.now,
      updatedAt: c.now,
    };
  });
  const view = (xs: readonly StepRow[]) => JSON.stringify(xs.map(stepView));
  if (view(rows) === view(current)) return current; // unchanged: the very list given, nothing written
  const keep = new Set(rows.map((r) => r.id));
  const removed = current.filter((s) => !keep.has(s.id)).map((s) => s.id);
  if (removed.length) await c.tx.delete(remediationSteps).where(inArray(remediationSteps.id, removed));
  for (const r of rows) {
    const before = byId.get(r.id);
    if (!before) await c.tx.insert(remediationSteps).values(r);
    else if (JSON.stringify(stepView(before)) !== JSON.stringify(stepView(r)))
      await c.tx.update(remediationSteps).set(r).where(eq(remediationSteps.id, r.id));
  }
  await c.emit(remediationStepsChanged, {
    id: item.id,
    before: { ref: item.ref, steps: current.map(stepView) },
    after: { ref: item.ref, steps: rows.map(stepView) },
  });
  return rows;
}
