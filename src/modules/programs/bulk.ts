/**
 * Bulk edits of a program's controls: the same owner, frequency or status for many controls at once. A preview says
 * what would change on each control ("ACC-03: owner Sam → Dana"), which are unchanged and which the person may not
 * change (the record rules of policy.ts, exactly as for a single edit). Applying runs `updateControl`, the command a
 * single edit runs, once per changed control, all in one change: one ledger entry per control, all or nothing.
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { CONTROL_FREQUENCIES } from "../../content/index.ts";
import { type OrgActor, subjectOf } from "../../core/actor.ts";
import { BULK_LIMIT, type BulkChange, type BulkOutcome, bulkOutcomeOf, bulkRecord } from "../../core/bulk.ts";
import { CONTROL_STATUS_LABELS, MANUAL_STATUSES } from "../../core/control-status.ts";
import type { Db } from "../../db/client.ts";
import { memberships, programControls, users } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { AppError, badRequest } from "../../platform/errors.ts";
import { updateControl } from "./controls.ts";
import { rules } from "./policy.ts";
import type { UpdateControl } from "./schema.ts";
import { loadProgram } from "./service.ts";

export const bulkControlsBody = z.strictObject({
  keys: z
    .array(z.string().trim().min(1).max(20), { error: 'List the control ids to change, e.g. ["ACC-03"].' })
    .min(1, "Select at least one control.")
    .max(BULK_LIMIT, `Change at most ${BULK_LIMIT} controls at once.`),
  changes: z
    .strictObject({
      ownerUserId: z.uuid("Use the new owner's user id (a UUID), or null for no owner.").nullable(),
      frequency: z.enum(CONTROL_FREQUENCIES, {
        error: `The frequency is one of ${CONTROL_FREQUENCIES.join(", ")}.`,
      }),
      status: z.enum(MANUAL_STATUSES, { error: `The status is one of ${MANUAL_STATUSES.join(", ")}.` }),
      statusReason: z.string().trim().max(2000),
    })
    .partial()
    .refine((c) => c.ownerUserId !== undefined || c.frequency !== undefined || c.status !== undefined, {
      message: "Choose what to change: owner, frequency or status.",
    }),
});
export type BulkControls = z.infer<typeof bulkControlsBody>;

type ControlRow = typeof programControls.$inferSelect;

/** Names of the organization's members, for "owner Sam → Dana". */
async function memberNames(db: Db, organizationId: string) {
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organizationId, organizationId));
  return new Map(rows.map((r) => [r.id, r.name]));
}

const FREQUENCY_WORDS: Record<string, string> = { on_event: "on event" };
const frequencyWord = (f: string) => FREQUENCY_WORDS[f] ?? f;

/** What the edit would do to one control, for this person: the command's input, or why not. */
function planControl(actor: OrgActor, row: ControlRow, input: BulkControls["changes"], names: Map<string, string>) {
  const s = subjectOf(actor);
  const person = (id: string | null) => (id ? (names.get(id) ?? "a former member") : "nobody");
  if ((input.ownerUserId !== undefined || input.frequency !== undefined) && !rules.editsAnyControlField(s))
    return {
      record: bulkRecord(row.key, [], "changing the owner or frequency needs a compliance manager, admin or owner"),
    };
  if (input.status !== undefined && !rules.updatesControl(s, row))
    return { record: bulkRecord(row.key, [], "you can only change the status of controls you own") };
  const command: UpdateControl = {};
  const changes: BulkChange[] = [];
  if (input.ownerUserId !== undefined && input.ownerUserId !== row.ownerUserId) {
    command.ownerUserId = input.ownerUserId;
    changes.push({ field: "owner", from: person(row.ownerUserId), to: person(input.ownerUserId) });
  }
  if (input.frequency !== undefined && input.frequency !== row.frequency) {
    command.frequency = input.frequency;
    changes.push({ field: "frequency", from: frequencyWord(row.frequency), to: frequencyWord(input.frequency) });
  }
  if (input.status !== undefined && input.status !== row.status) {
    command.status = input.status;
    if (input.statusReason) command.statusReason = input.statusReason;
    changes.push({
      field: "status",
      from: CONTROL_STATUS_LABELS[row.status as keyof typeof CONTROL_STATUS_LABELS].toLowerCase(),
      to: CONTROL_STATUS_LABELS[input.status].toLowerCase(),
    });
  }
  return { record: bulkRecord(row.key, changes), command: changes.length ? command : undefined };
}

export function createBulkControlsService({ db }: { db: Db }) {
  /** Plans every named control; unknown keys (or another organization's program) refuse the whole request. */
  async function plan(tx: Db, actor: OrgActor, programId: string, body: BulkControls) {
    await loadProgram(tx, actor.organizationId, programId);
    const keys = [...new Set(body.keys)];
    const rows = await tx
      .select()
      .from(programControls)
      .where(
        and(
          eq(programControls.organizationId, actor.organizationId),
          eq(programControls.programId, programId),
          inArray(programControls.key, keys),
        ),
      );
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const unknown = keys.filter((k) => !byKey.has(k));
    if (unknown.length)
      throw new AppError(404, "not_found", `This program has no control ${unknown.join(", ")}: nothing was changed.`, {
        unknown,
      });
    const names = await memberNames(tx, actor.organizationId);
    if (body.changes.ownerUserId && !names.has(body.changes.ownerUserId))
      throw badRequest("unknown_owner", "The owner must be a member of this organization.");
    return keys.map((k) => planControl(actor, byKey.get(k)!, body.changes, names));
  }

  return {
    /** What applying would do, writing nothing. */
    async preview(actor: OrgActor, programId: string, body: BulkControls): Promise<BulkOutcome> {
      return bulkOutcomeOf(
        (await plan(db, actor, programId, body)).map((p) => p.record),
        false,
      );
    },

    /** Applies the changes the plan allows, in one change: every changed control or none. Refused ones are left. */
    async apply(actor: OrgActor, programId: string, body: BulkControls): Promise<BulkOutcome> {
      const planned = await change(db, actor, async (c) => {
        const planned = await plan(c.tx, actor, programId, body);
        for (const p of planned) if (p.command) await updateControl(c, programId, p.record.ref, p.command);
        return planned;
      });
      return bulkOutcomeOf(
        planned.map((p) => p.record),
        true,
      );
    },
  };
}
