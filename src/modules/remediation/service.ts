import { and, count, eq } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import { priorityOf } from "../../core/priority.ts";
import type { Db } from "../../db/client.ts";
import { memberships, remediationItems } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { can } from "../../kernel/policies.ts";
import { badRequest, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { notify } from "../notifications/public.ts";
import { remediationReopened, remediationStatusChanged, remediationUpdated, remediationVerified } from "./events.ts";
import type { CreateItem, RemediationItem, RemediationStatus, StatusChange, UpdateItem } from "./schema.ts";
import {
  assertOwner,
  assertProgramWritable,
  checkControls,
  checkCriteria,
  createRemediationItems,
  itemLink,
  loadProgram,
  notifyAssigned,
  type RemediationRow,
  toItems,
} from "./store.ts";
import { transition, verifyProblem } from "./transitions.ts";

type OrgActor = Extract<Actor, { kind: "user" | "token" }>;

/** What an item's owner may change without remediation.manage (besides its status). */
const OWNER_EDITABLE = new Set(["evidence"]);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

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
  async function forChange(tx: Db, actor: OrgActor, programId: string, id: string) {
    const program = await loadProgram(tx, actor.organizationId, programId);
    const row = await lockItem(tx, actor.organizationId, programId, id);
    const manager = can(actor, "remediation.manage");
    if (!manager && row.ownerUserId !== actor.userId)
      throw forbidden(
        `Only ${row.ref}'s owner or a compliance manager, admin or owner can change it. Ask them, or ask to be made its owner.`,
      );
    assertProgramWritable(program);
    return { row, manager };
  }

  const view = async (row: RemediationRow) => (await toItems(db, [row]))[0]!;

  return {
    async create(actor: OrgActor, programId: string, input: CreateItem): Promise<RemediationItem> {
      const row = await change(db, actor, async (c) => {
        const [created] = await createRemediationItems(c, programId, [input]);
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
        if (input.dueDate !== undefined) next.dueDate = input.dueDate;
        if (input.evidence !== undefined) next.evidence = [...new Set(input.evidence)];
        if (input.criteria !== undefined) next.criteria = checkCriteria(input.criteria);
        if (input.controls !== undefined) next.controls = await checkControls(tx, programId, input.controls);
        if (input.ownerUserId !== undefined) {
          if (input.ownerUserId && input.ownerUserId !== row.ownerUserId)
            await assertOwner(tx, actor.organizationId, input.ownerUserId);
          next.ownerUserId = input.ownerUserId;
        }
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
        if (changed.includes("ownerUserId")) await notifyAssigned(c, after!);
        return after!;
      });
      return view(row);
    },

    /** Starts, completes or reopens an item (the item's owner, or anyone with remediation.manage). */
    async changeStatus(actor: OrgActor, programId: string, id: string, body: StatusChange): Promise<RemediationItem> {
      const row = await change(db, actor, async (c) => {
        const { tx, now } = c;
        const { row } = await forChange(tx, actor, programId, id);
        const from = row.status as RemediationStatus;
        const t = transition(row.ref, from, body.status, body.note, now);
        if (!t.ok) throw t.code === "reason_required" ? badRequest(t.code, t.message) : conflict(t.code, t.message);
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

    /** Confirms a done item is fixed; never by its own owner while someone else could do it. */
    async verify(actor: OrgActor, programId: string, id: string, note: string | undefined): Promise<RemediationItem> {
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
          if ((members?.n ?? 0) > 1)
            throw conflict(
              "verifier_is_owner",
              `You own ${row.ref}, so someone else must verify it: an independent check is what makes verification worth having. Ask another owner, admin or compliance manager.`,
            );
        }
        const [after] = await tx
          .update(remediationItems)
          .set({ status: "verified", verifiedAt: now, verifiedBy: actor.userId, updatedAt: now })
          .where(eq(remediationItems.id, row.id))
          .returning();
        await c.emit(remediationVerified, {
          id: row.id,
          before: { ref: row.ref, status: row.status, verifiedAt: null, verifiedBy: null },
          after: { ref: row.ref, status: "verified", verifiedAt: now, verifiedBy: actor.userId, note: note ?? "" },
        });
        if (row.ownerUserId && row.ownerUserId !== actor.userId)
          await notify(c, {
            organizationId: row.organizationId,
            userId: row.ownerUserId,
            kind: "remediation.verified",
            title: `${row.ref} was verified: ${row.title}`,
            body: `${actor.name} checked the fix and marked it verified.${note ? ` ${note}` : ""}`,
            link: itemLink(row.programId, row.id),
          });
        return after!;
      });
      return view(row);
    },
  };
}
