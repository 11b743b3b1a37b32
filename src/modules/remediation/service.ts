import { and, count, eq } from "drizzle-orm";
import { type Actor, subjectOf } from "../../core/actor.ts";
import { priorityOf } from "../../core/priority.ts";
import type { Db } from "../../db/client.ts";
import { memberships, remediationItems } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { can } from "../../kernel/policies.ts";
import { AppError, badRequest, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { notify } from "../notifications/public.ts";
import { remediationReopened, remediationStatusChanged, remediationUpdated, remediationVerified } from "./events.ts";
import { type ItemMove, rules } from "./policy.ts";
import { onlyStatusesChange } from "./progress.ts";
import type { CreateItem, RemediationItem, RemediationStatus, StatusChange, StepInput, UpdateItem } from "./schema.ts";
import { replaceSteps, stepsOf } from "./steps.ts";
import {
  assertOwner,
  assertProgramWritable,
  assertVerifier,
  checkControls,
  checkCriteria,
  createRemediationItems,
  itemLink,
  loadProgram,
  openItemForGap,
  type RemediationRow,
  toItems,
  utcDay,
} from "./store.ts";
import { doneProblems, transition, verifyProblem } from "./transitions.ts";

type OrgActor = Extract<Actor, { kind: "user" | "token" }>;

/** What an item's owner may change without remediation.manage (besides its status). */
const OWNER_EDITABLE = new Set(["evidence"]);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A due date set or changed by a person is today or later. */
function assertFutureDue(dueDate: string, now: Date) {
  const today = utcDay(now);
  if (dueDate >= today) return;
  const message = `The due date ${dueDate} is in the past. Choose today (${today}) or a later date.`;
  throw badRequest("due_date_in_past", message, { errors: [{ path: "body.dueDate", message }] });
}

/** Writes to the remediation plan: every one a change, with its ledger entry. */
export function createRemediationService({ db }: { db: Db }) {
  async function lockItem(tx: Db, organizationId: string, programId: string, id: string) {
    const [row] = await tx
      .select()
      .from(remediationItems)
      .where(
        and(
          eq(remediationItems.id, id),
          eq(remediationItems.programId, programId),
          eq(remediationItems.organizationId, organizationId),
        ),
      )
      .for("update");
    if (!row) throw notFound("Remediation item");
    return row;
  }

  /** Loads program and item for a change and checks that the actor may work on this item. */
  async function forChange(
    tx: Db,
    actor: OrgActor,
    programId: string,
    id: string,
    move?: (row: RemediationRow) => ItemMove,
  ) {
    const program = await loadProgram(tx, actor.organizationId, programId);
    const row = await lockItem(tx, actor.organizationId, programId, id);
    const manager = can(actor, "remediation.manage");
    const problem = move
      ? rules.moveProblem(subjectOf(actor), row, move(row), 0)
      : rules.workProblem(subjectOf(actor), row);
    if (problem) throw forbidden(problem);
    assertProgramWritable(program);
    return { row, manager };
  }

  const view = async (row: RemediationRow) => (await toItems(db, [row]))[0]!;

  return {
    async create(actor: OrgActor, programId: string, input: CreateItem): Promise<RemediationItem> {
      const row = await change(db, actor, async (c) => {
        const { allowDuplicate, ...item } = input;
        if (item.dueDate) assertFutureDue(item.dueDate, c.now);
        if (!allowDuplicate) {
          const gap = {
            sourceCriterion: item.sourceCriterion?.toUpperCase() ?? null,
            sourceControl: item.sourceControl?.toUpperCase() ?? null,
          };
          const existing = await openItemForGap(c.tx, programId, gap);
          if (existing)
            throw new AppError(
              409,
              "duplicate_item",
              `${existing.ref} is already open for ${gap.sourceControl ?? gap.sourceCriterion}: work on it instead, or send allowDuplicate: true to add a second item for the same gap.`,
              { existing },
            );
        }
        const [created] = await createRemediationItems(c, programId, [item]);
        const [r] = await c.tx.select().from(remediationItems).where(eq(remediationItems.id, created!.id));
        return r!;
      });
      return view(row);
    },

    /** Edits the plan content; owners without remediation.manage may only change the evidence. */
    async update(actor: OrgActor, programId: string, id: string, input: UpdateItem): Promise<RemediationItem> {
      const row = await change(db, actor, async (c) => {
        const { tx } = c;
        const { row, manager } = await forChange(tx, actor, programId, id);
        const given = Object.entries(input).filter(([, v]) => v !== undefined);
        if (!manager && given.some(([k]) => !OWNER_EDITABLE.has(k)))
          throw forbidden(
            `As ${row.ref}'s owner you can update its status and evidence. Ask a compliance manager, admin or owner to change the rest of the plan.`,
          );
        if (row.status === "verified")
          throw conflict(
            "item_verified",
            `${row.ref} is verified, so its plan is locked. Reopen it (status in_progress, with a reason) to change it.`,
          );

        const next: Partial<RemediationRow> = {};
        if (input.title !== undefined) next.title = input.title;
        if (input.gap !== undefined) next.gap = input.gap;
        if (input.rootCause !== undefined) next.rootCause = input.rootCause;
        if (input.action !== undefined) next.action = input.action;
        if (input.monitoring !== undefined) next.monitoring = input.monitoring;
        if (input.riskDescription !== undefined) next.riskDescription = input.riskDescription;
        if (input.resources !== undefined) next.resources = input.resources;
        if (input.dueDate !== undefined) {
          // An existing past due date may stay; a changed one must not be in the past.
          if (input.dueDate && input.dueDate !== row.dueDate) assertFutureDue(input.dueDate, c.now);
          next.dueDate = input.dueDate;
        }
        if (input.evidence !== undefined) next.evidence = [...new Set(input.evidence)];
        if (input.criteria !== undefined) next.criteria = checkCriteria(input.criteria);
        if (input.controls !== undefined) next.controls = await checkControls(tx, programId, input.controls);
        if (input.ownerUserId !== undefined) {
          if (input.ownerUserId && input.ownerUserId !== row.ownerUserId)
            await assertOwner(tx, actor.organizationId, input.ownerUserId);
          next.ownerUserId = input.ownerUserId;
        }
        if (input.verifierUserId !== undefined) next.verifierUserId = input.verifierUserId;
        const verifier = next.verifierUserId !== undefined ? next.verifierUserId : row.verifierUserId;
        if (verifier && (next.verifierUserId !== undefined || next.ownerUserId !== undefined))
          await assertVerifier(tx, actor.organizationId, verifier, next.ownerUserId ?? row.ownerUserId);
        if (input.likelihood !== undefined || input.impact !== undefined) {
          next.likelihood = input.likelihood ?? row.likelihood;
          next.impact = input.impact ?? row.impact;
          next.priority = priorityOf(next.likelihood, next.impact);
        }
        const changed = (Object.keys(next) as (keyof RemediationRow)[]).filter((k) => !same(next[k], row[k]));
        if (!changed.length) return row;

        const set = Object.fromEntries(changed.map((k) => [k, next[k]])) as Partial<RemediationRow>;
        const [after] = await tx
          .update(remediationItems)
          .set({ ...set, updatedAt: c.now })
          .where(eq(remediationItems.id, row.id))
          .returning();
        await c.emit(remediationUpdated, {
          id: row.id,
          before: { ref: row.ref, ...Object.fromEntries(changed.map((k) => [k, row[k]])) },
          after: { ref: row.ref, ...set },
        });
        return after!;
      });
      return view(row);
    },

    /** Starts, completes or reopens an item (the item's owner, or anyone with remediation.manage). */
    async changeStatus(actor: OrgActor, programId: string, id: string, body: StatusChange): Promise<RemediationItem> {
      const row = await change(db, actor, async (c) => {
        const { tx, now } = c;
        const { row } = await forChange(tx, actor, programId, id, (r) =>
          body.status === "done" ? "done" : r.status === "open" ? "start" : "reopen",
        );
        const from = row.status as RemediationStatus;
        const t = transition(row.ref, from, body.status, body.note, now);
        if (!t.ok)
          throw t.code === "invalid_transition"
            ? conflict(t.code, t.message)
            : badRequest(t.code, t.message, { errors: [{ path: "body.note", message: t.message }] });
        if (body.status === "done") {
          const steps = (await stepsOf(tx, actor.organizationId, [row.id])).get(row.id) ?? [];
          const missing = doneProblems({ ...row, steps });
          if (missing.length)
            throw new AppError(
              409,
              "done_incomplete",
              `${row.ref} cannot be marked done yet. It still needs ${missing.join("; ")}.`,
              {
                missing,
              },
            );
        }
        const [after] = await tx
          .update(remediationItems)
          .set({ status: body.status, ...t.set, updatedAt: now })
          .where(eq(remediationItems.id, row.id))
          .returning();
        await c.emit(t.reopen ? remediationReopened : remediationStatusChanged, {
          id: row.id,
          before: { ref: row.ref, status: from, completedAt: row.completedAt, verifiedAt: row.verifiedAt },
          after: {
            ref: row.ref,
            status: body.status,
            completedAt: after!.completedAt,
            verifiedAt: after!.verifiedAt,
            note: body.note ?? "",
          },
        });
        if (t.reopen && row.ownerUserId && row.ownerUserId !== actor.userId)
          await notify(c, {
            organizationId: row.organizationId,
            userId: row.ownerUserId,
            kind: "remediation.reopened",
            title: `${row.ref} was reopened: ${row.title}`,
            body: `${actor.name} reopened it: ${body.note}`,
            link: itemLink(row.programId, row.id),
          });
        return after!;
      });
      return view(row);
    },

    /**
     * Replaces the item's ordered steps. Managers plan them (add, remove, reorder, owners, dates); the item's owner
     * may change their statuses only.
     */
    async setSteps(actor: OrgActor, programId: string, id: string, steps: StepInput[]): Promise<RemediationItem> {
      const row = await change(db, actor, async (c) => {
        const { row, manager } = await forChange(c.tx, actor, programId, id);
        if (row.status === "verified")
          throw conflict(
            "item_verified",
            `${row.ref} is verified, so its plan is locked. Reopen it (status in_progress, with a reason) to change it.`,
          );
        const current = (await stepsOf(c.tx, actor.organizationId, [row.id])).get(row.id) ?? [];
        const problem = manager ? null : onlyStatusesChange(current, steps);
        if (problem) throw forbidden(problem);
        const written = await replaceSteps(c, row, current, steps);
        if (written === current) return row;
        // The item changed with its steps: its updatedAt moves (the web app keys its editors on it).
        const [after] = await c.tx
          .update(remediationItems)
          .set({ updatedAt: c.now })
          .where(eq(remediationItems.id, row.id))
          .returning();
        return after!;
      });
      return view(row);
    },

    /** Confirms a done item is fixed; never by its own owner while someone else could do it. */
    async verify(actor: OrgActor, programId: string, id: string, note: string): Promise<RemediationItem> {
      const row = await change(db, actor, async (c) => {
        const { tx, now } = c;
        const program = await loadProgram(tx, actor.organizationId, programId);
        const row = await lockItem(tx, actor.organizationId, programId, id);
        assertProgramWritable(program);
        const problem = verifyProblem(row.ref, row.status as RemediationStatus);
        if (problem) throw conflict("invalid_transition", problem);
        if (row.ownerUserId === actor.userId) {
          const [members] = await tx
            .select({ n: count() })
            .from(memberships)
            .where(eq(memberships.organizationId, actor.organizationId));
          const refused = rules.verifyProblem(subjectOf(actor), row, members?.n ?? 0);
          if (refused) throw conflict("verifier_is_owner", refused);
        }
        const [after] = await tx
          .update(remediationItems)
          .set({
            status: "verified",
            verifiedAt: now,
            verifiedBy: actor.userId,
            verificationNote: note,
            updatedAt: now,
          })
          .where(eq(remediationItems.id, row.id))
          .returning();
        await c.emit(remediationVerified, {
          id: row.id,
          before: { ref: row.ref, status: row.status, verifiedAt: null, verifiedBy: null },
          after: { ref: row.ref, status: "verified", verifiedAt: now, verifiedBy: actor.userId, note },
        });
        if (row.ownerUserId && row.ownerUserId !== actor.userId)
          await notify(c, {
            organizationId: row.organizationId,
            userId: row.ownerUserId,
            kind: "remediation.verified",
            title: `${row.ref} was verified: ${row.title}`,
            body: `${actor.name} checked the fix and marked it verified. ${note}`,
            link: itemLink(row.programId, row.id),
          });
        return after!;
      });
      return view(row);
    },
  };
}
