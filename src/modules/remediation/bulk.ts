/**
 * Bulk edits of remediation items: the same owner, due date or status for many items at once. A preview says what
 * would change on each item ("R-4: owner Sam → Dana"), which are unchanged, and which the person may not change:
 * the record rules of policy.ts and the status rules of transitions.ts, exactly as for a single edit. Applying runs
 * the item commands once per changed item, all in one change: one ledger entry per item and kind of change, all or
 * nothing.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { type OrgActor, subjectOf } from "../../core/actor.ts";
import { BULK_LIMIT, type BulkChange, type BulkOutcome, bulkOutcomeOf, bulkRecord } from "../../core/bulk.ts";
import type { Db } from "../../db/client.ts";
import { memberships, remediationItems, users } from "../../db/schema/index.ts";
import { type Change, change } from "../../kernel/change.ts";
import { AppError, badRequest } from "../../platform/errors.ts";
import { notify } from "../notifications/public.ts";
import { updateRemediationItem } from "./commands.ts";
import { remediationReopened, remediationStatusChanged } from "./events.ts";
import { rules } from "./policy.ts";
import { REMEDIATION_STATUS_LABELS, type RemediationStatus } from "./schema.ts";
import { stepsOf } from "./steps.ts";
import { assertOwner, assertProgramWritable, itemLink, loadProgram, type RemediationRow, utcDay } from "./store.ts";
import { doneProblems, transition } from "./transitions.ts";

export const bulkItemsBody = z.strictObject({
  ids: z
    .array(z.uuid("Use the item ids (UUIDs) shown in the list."))
    .min(1, "Select at least one item.")
    .max(BULK_LIMIT, `Change at most ${BULK_LIMIT} items at once.`),
  changes: z
    .strictObject({
      ownerUserId: z.uuid("Use the new owner's user id (a UUID), or null for no owner.").nullable(),
      dueDate: z.iso.date("Use a date like 2027-01-31.").nullable(),
      status: z.enum(["in_progress", "done"], {
        error: "Set status to in_progress (start or reopen) or done. Verification is done item by item.",
      }),
      /** What was done, or why items are reopened (required to reopen done or verified items). */
      note: z.string().trim().max(4000),
    })
    .partial()
    .refine((c) => c.ownerUserId !== undefined || c.dueDate !== undefined || c.status !== undefined, {
      message: "Choose what to change: owner, due date or status.",
    }),
});
export type BulkItems = z.infer<typeof bulkItemsBody>;
type Input = BulkItems["changes"];

/** What one item's status change needs: the status and the note (as a single status change takes them). */
interface StatusMove {
  to: "in_progress" | "done";
  note: string | undefined;
}

interface Planned {
  row: RemediationRow;
  record: ReturnType<typeof bulkRecord>;
  fields?: { ownerUserId?: string | null; dueDate?: string | null };
  move?: StatusMove;
}

const statusWord = (s: string) => REMEDIATION_STATUS_LABELS[s as RemediationStatus]?.toLowerCase() ?? s;

/**
 * Moves an item to in_progress or done under the transition rules, with the ledger entry and notice a single
 * status change writes (service.changeStatus runs the same steps). A command: runs in the caller's change.
 */
export async function moveItem(c: Change, row: RemediationRow, move: StatusMove) {
  const from = row.status as RemediationStatus;
  const t = transition(row.ref, from, move.to, move.note, c.now);
  if (!t.ok)
    throw t.code === "invalid_transition" ? new AppError(409, t.code, t.message) : badRequest(t.code, t.message);
  const [after] = await c.tx
    .update(remediationItems)
    .set({ status: move.to, ...t.set, updatedAt: c.now })
    .where(eq(remediationItems.id, row.id))
    .returning();
  await c.emit(t.reopen ? remediationReopened : remediationStatusChanged, {
    id: row.id,
    before: { ref: row.ref, status: from, completedAt: row.completedAt, verifiedAt: row.verifiedAt },
    after: {
      ref: row.ref,
      status: move.to,
      completedAt: after!.completedAt,
      verifiedAt: after!.verifiedAt,
      note: move.note ?? "",
    },
  });
  const actorId = c.actor.kind === "system" ? null : c.actor.userId;
  if (t.reopen && row.ownerUserId && row.ownerUserId !== actorId)
    await notify(c, {
      organizationId: row.organizationId,
      userId: row.ownerUserId,
      kind: "remediation.reopened",
      title: `${row.ref} was reopened: ${row.title}`,
      body: `${c.actor.kind === "system" ? "Assay" : c.actor.name} reopened it: ${move.note}`,
      link: itemLink(row.programId, row.id),
    });
  return after!;
}

/** What the edit would do to one item, for this person: the commands' input, or why not. */
function planItem(
  actor: OrgActor,
  row: RemediationRow,
  input: Input,
  names: Map<string, string>,
  stepsDone: (id: string) => readonly { title: string; status: string }[],
  now: Date,
): Planned {
  const s = subjectOf(actor);
  const refuse = (why: string): Planned => ({ row, record: bulkRecord(row.ref, [], why) });
  const person = (id: string | null) => (id ? (names.get(id) ?? "a former member") : "nobody");
  const planEdit = input.ownerUserId !== undefined || input.dueDate !== undefined;
  if (planEdit && !rules.editsItemPlan(s))
    return refuse("changing the owner or due date needs a compliance manager, admin or owner");
  if (input.status !== undefined) {
    const problem = rules.workProblem(s, row, input.status === "done" ? "mark done" : "start or reopen");
    if (problem) return refuse(problem);
  }
  const changes: BulkChange[] = [];
  const fields: Planned["fields"] = {};
  if (planEdit && row.status === "verified" && (input.ownerUserId !== undefined || input.dueDate !== undefined)) {
    const ownerSame = input.ownerUserId === undefined || input.ownerUserId === row.ownerUserId;
    const dueSame = input.dueDate === undefined || input.dueDate === row.dueDate;
    if (!ownerSame || !dueSame) return refuse(`${row.ref} is verified, so its plan is locked`);
  }
  if (input.ownerUserId !== undefined && input.ownerUserId !== row.ownerUserId) {
    if (input.ownerUserId && input.ownerUserId === row.verifierUserId)
      return refuse(`${person(input.ownerUserId)} is its verifier, and an item's owner cannot verify it`);
    fields.ownerUserId = input.ownerUserId;
    changes.push({ field: "owner", from: person(row.ownerUserId), to: person(input.ownerUserId) });
  }
  if (input.dueDate !== undefined && input.dueDate !== row.dueDate) {
    fields.dueDate = input.dueDate;
    changes.push({ field: "due date", from: row.dueDate ?? "none", to: input.dueDate ?? "none" });
  }
  let move: StatusMove | undefined;
  if (input.status !== undefined && input.status !== row.status) {
    const t = transition(row.ref, row.status as RemediationStatus, input.status, input.note, now);
    if (!t.ok) return refuse(t.message.replace(/\.$/, ""));
    if (input.status === "done") {
      const missing = doneProblems({ ...row, steps: stepsDone(row.id) });
      if (missing.length) return refuse(`it still needs ${missing.join("; ")}`);
    }
    move = { to: input.status, note: input.note };
    changes.push({ field: "status", from: statusWord(row.status), to: statusWord(input.status) });
  }
  return {
    row,
    record: bulkRecord(row.ref, changes),
    fields: Object.keys(fields).length ? fields : undefined,
    move,
  };
}

async function memberNames(db: Db, organizationId: string) {
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function createBulkItemsService({ db }: { db: Db }) {
  /**
   * Plans every named item. Ids that are not items of this program (another program's, another organization's,
   * or none) refuse the whole request, naming none of their details.
   */
  async function plan(tx: Db, actor: OrgActor, programId: string, body: BulkItems, now: Date, lock: boolean) {
    const program = await loadProgram(tx, actor.organizationId, programId);
    assertProgramWritable(program);
    const ids = [...new Set(body.ids)];
    const query = tx
      .select()
      .from(remediationItems)
      .where(
        and(
          eq(remediationItems.organizationId, actor.organizationId),
          eq(remediationItems.programId, programId),
          inArray(remediationItems.id, ids),
        ),
      );
    const rows = lock ? await query.for("update") : await query;
    const byId = new Map(rows.map((r) => [r.id, r]));
    const unknown = ids.filter((id) => !byId.has(id));
    if (unknown.length)
      throw new AppError(
        404,
        "not_found",
        `${unknown.length === 1 ? "One of the selected items is" : `${unknown.length} of the selected items are`} not in this program's plan: nothing was changed.`,
        { unknown },
      );
    const { ownerUserId, dueDate } = body.changes;
    if (ownerUserId) await assertOwner(tx, actor.organizationId, ownerUserId);
    if (dueDate && dueDate < utcDay(now))
      throw badRequest("due_date_in_past", `The due date ${dueDate} is in the past. Choose today or a later date.`);
    const steps = body.changes.status === "done" ? await stepsOf(tx, actor.organizationId, ids) : new Map();
    const names = await memberNames(tx, actor.organizationId);
    return ids.map((id) => planItem(actor, byId.get(id)!, body.changes, names, (i) => steps.get(i) ?? [], now));
  }

  return {
    /** What applying would do, writing nothing. */
    async preview(actor: OrgActor, programId: string, body: BulkItems): Promise<BulkOutcome> {
      const planned = await plan(db, actor, programId, body, new Date(), false);
      return bulkOutcomeOf(
        planned.map((p) => p.record),
        false,
      );
    },

    /** Applies what the plan allows, in one change: every changed item or none. Refused items are left as they are. */
    async apply(actor: OrgActor, programId: string, body: BulkItems): Promise<BulkOutcome> {
      const planned = await change(db, actor, async (c) => {
        const planned = await plan(c.tx, actor, programId, body, c.now, true);
        for (const p of planned) {
          let row = p.row;
          if (p.fields) row = await updateRemediationItem(c, programId, row.id, p.fields);
          if (p.move) await moveItem(c, row, p.move);
        }
        return planned;
      });
      return bulkOutcomeOf(
        planned.map((p) => p.record),
        true,
      );
    },
  };
}
