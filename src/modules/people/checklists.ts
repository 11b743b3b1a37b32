/**
 * Onboarding and offboarding checklists: opened from the organization's templates when a person joins (status
 * onboarding) or leaves (status left or an end date), each step with an assignee and a due date; access
 * revocations are due within the offboarding SLA and a late one is a deviation.
 */
import { and, asc, eq, inArray, isNull, or, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { addDays, utcDay } from "../../core/dates.ts";
import { newId } from "../../core/id.ts";
import {
  chooseTemplate,
  formatLateness,
  lateMinutes,
  leaveMoment,
  revocationDeadline,
  satisfiedAt,
} from "../../core/people-routines.ts";
import type { PersonTask } from "../../core/person-tasks.ts";
import type { Subject } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { checklistItems, people, users } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { badRequest, conflict, forbidden, notFound } from "../../platform/errors.ts";
import { proofFileOf } from "../evidence/public.ts";
import { controlInputsChanged } from "../programs/events.ts";
import { loadPerson, type PersonRow } from "./commands.ts";
import { checklistItemCompleted, checklistStarted, personCreated, personUpdated } from "./events.ts";
import { rules } from "./policy.ts";
import type { ChecklistItemOut } from "./routines-schema.ts";
import { loadPeopleSettings } from "./settings.ts";

/** The controls the people routines feed (programs recompute them when these inputs change). */
export const PEOPLE_CONTROL_KEYS = ["HR-01", "HR-02", "HR-09", "HR-10"] as const;
export const peopleControlsChanged = (c: Change) => c.emit(controlInputsChanged, { keys: PEOPLE_CONTROL_KEYS });

type Checklist = "onboarding" | "offboarding";
const endOfDay = (day: string) => new Date(`${addDays(day, 1)}T00:00:00Z`);

/** Opens a checklist for a person from the template for their title; refuses one already open. */
export async function startChecklist(c: Change, personId: string, checklist: Checklist) {
  const organizationId = c.organizationId!;
  const p = await loadPerson(c.tx, organizationId, personId);
  if (await hasChecklist(c.tx, organizationId, personId, checklist))
    throw conflict("checklist_exists", `${p.fullName} already has an ${checklist} checklist.`);
  const settings = await loadPeopleSettings(c.tx, organizationId);
  const template = chooseTemplate(settings.templates, checklist, p.title);
  const rows: (typeof checklistItems.$inferInsert)[] = [];
  const push = (
    step: Omit<typeof checklistItems.$inferInsert, "id" | "organizationId" | "personId" | "checklist" | "position">,
  ) =>
    rows.push({ ...step, id: newId(), organizationId, personId, checklist, position: rows.length, createdAt: c.now });
  // Template steps are due so many days after the first day (onboarding) or the last day (offboarding).
  const fromTemplate = (from: string) => {
    for (const item of template?.items ?? [])
      push({
        key: item.key,
        title: item.title,
        assignee: item.assignee,
        assigneeUserId: item.assignee === "member" ? (item.assigneeUserId ?? null) : null,
        satisfiedBy: item.satisfiedBy ?? null,
        dueAt: endOfDay(addDays(from, item.dueDays)),
      });
  };
  if (checklist === "onboarding") fromTemplate(p.startDate ?? utcDay(c.now));
  else {
    const leave = leaveMoment(p.endDate, c.now);
    const deadline = revocationDeadline(leave, settings.offboardingSlaHours);
    for (const system of settings.offboardingSystems)
      push({
        key: "access_revoked",
        title: `Access to ${system} revoked`,
        assignee: "manager",
        revocation: true,
        system,
        dueAt: deadline,
      });
    fromTemplate(utcDay(leave));
  }
  if (!rows.length) return [];
  await c.tx.insert(checklistItems).values(rows);
  await c.emit(checklistStarted, {
    id: personId,
    after: { checklist, fullName: p.fullName, items: rows.map((r) => r.title) },
  });
  await peopleControlsChanged(c);
  return rows;
}

async function hasChecklist(db: Db, organizationId: string, personId: string, checklist: Checklist) {
  const rows = await db
    .select({ id: checklistItems.id })
    .from(checklistItems)
    .where(
      and(
        eq(checklistItems.organizationId, organizationId),
        eq(checklistItems.personId, personId),
        eq(checklistItems.checklist, checklist),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/**
 * Opens checklists as people events happen: onboarding when a person is created with status onboarding,
 * offboarding when their status becomes left or an end date is set (once each).
 */
export const checklistSubscriber = {
  name: "people.checklists",
  on: [personCreated, personUpdated],
  async handle(c: Change, events: readonly { type: { name: string }; payload: unknown }[]) {
    const organizationId = c.organizationId;
    if (!organizationId) return;
    for (const e of events) {
      const { id, after } = e.payload as { id: string; after?: Partial<PersonRow> };
      if (!after) continue;
      const updated = e.type.name === personUpdated.name;
      if (!updated && after.status === "onboarding" && !(await hasChecklist(c.tx, organizationId, id, "onboarding")))
        await startChecklist(c, id, "onboarding");
      if (!updated) continue;
      const leaving = after.status === "left" || typeof after.endDate === "string";
      if (!leaving) continue;
      if (!(await hasChecklist(c.tx, organizationId, id, "offboarding"))) await startChecklist(c, id, "offboarding");
      else if ("endDate" in after) await retimeRevocations(c, id);
    }
    // A person added, changed or leaving moves who needs a background check and who is on- or offboarding.
    await peopleControlsChanged(c);
  },
};

/** A changed end date moves the deadline of the access revocations not yet done. */
async function retimeRevocations(c: Change, personId: string) {
  const organizationId = c.organizationId!;
  const p = await loadPerson(c.tx, organizationId, personId);
  const settings = await loadPeopleSettings(c.tx, organizationId);
  await c.tx
    .update(checklistItems)
    .set({ dueAt: revocationDeadline(leaveMoment(p.endDate, c.now), settings.offboardingSlaHours) })
    .where(
      and(
        eq(checklistItems.organizationId, organizationId),
        eq(checklistItems.personId, personId),
        eq(checklistItems.revocation, true),
        isNull(checklistItems.doneAt),
      ),
    );
}

const manager = alias(people, "manager");
const doer = alias(users, "doer");
const assigneeUser = alias(users, "assignee_user");

/** Steps this member does: as the person, as the person's manager, or named on the step. */
export const assignedTo = (userId: string) =>
  or(
    and(eq(checklistItems.assignee, "person"), eq(people.userId, userId)),
    and(eq(checklistItems.assignee, "manager"), eq(manager.userId, userId)),
    and(eq(checklistItems.assignee, "member"), eq(checklistItems.assigneeUserId, userId)),
  );

/**
 * Checklist items with who does them and their state. `tasks` (other modules' person tasks, by person) decide the
 * items another routine completes.
 */
export async function loadChecklistItems(
  db: Db,
  organizationId: string,
  where: SQL | undefined,
  tasks: ReadonlyMap<string, readonly PersonTask[]>,
  now: Date,
): Promise<ChecklistItemOut[]> {
  const rows = await db
    .select({
      item: checklistItems,
      personUserId: people.userId,
      personName: people.fullName,
      managerUserId: manager.userId,
      managerName: manager.fullName,
      memberName: assigneeUser.name,
      doneByName: doer.name,
    })
    .from(checklistItems)
    .innerJoin(people, eq(people.id, checklistItems.personId))
    .leftJoin(manager, eq(manager.id, people.managerId))
    .leftJoin(assigneeUser, eq(assigneeUser.id, checklistItems.assigneeUserId))
    .leftJoin(doer, eq(doer.id, checklistItems.doneBy))
    .where(and(eq(checklistItems.organizationId, organizationId), where))
    .orderBy(asc(checklistItems.personId), asc(checklistItems.checklist), asc(checklistItems.position));
  return rows.map(({ item, ...r }) => {
    const satisfied =
      !item.doneAt && item.satisfiedBy ? satisfiedAt(tasks.get(item.personId) ?? [], item.satisfiedBy) : null;
    const doneAt = item.doneAt ?? (satisfied ? new Date(satisfied) : null);
    const assigneeUserId =
      item.assignee === "person" ? r.personUserId : item.assignee === "manager" ? r.managerUserId : item.assigneeUserId;
    const assigneeName =
      item.assignee === "person" ? r.personName : item.assignee === "manager" ? r.managerName : r.memberName;
    return {
      id: item.id,
      personId: item.personId,
      checklist: item.checklist,
      key: item.key,
      title: item.title,
      assignee: item.assignee,
      assigneeUserId,
      assigneeName,
      satisfiedBy: item.satisfiedBy,
      revocation: item.revocation,
      system: item.system,
      dueAt: item.dueAt,
      state: doneAt ? "done" : item.dueAt < now ? "overdue" : "open",
      doneAt,
      doneBy: item.doneBy,
      doneByName: r.doneByName ?? (satisfied ? "Completed by its routine" : null),
      note: item.note,
      evidenceUrl: item.evidenceUrl,
      evidenceId: item.evidenceId,
      revokedAt: item.revokedAt,
      lateMinutes: item.lateMinutes,
      deviation: item.lateMinutes ? formatLateness(item.lateMinutes) : null,
    };
  });
}

export async function loadChecklistItem(db: Db, organizationId: string, id: string, now: Date) {
  const [item] = await loadChecklistItems(db, organizationId, eq(checklistItems.id, id), new Map(), now);
  if (!item) throw notFound("The checklist step");
  return item;
}

/** Completes a step with its proof; an access revocation records when access was revoked and how late it was. */
export async function completeChecklistItem(
  c: Change,
  subject: Subject | null,
  id: string,
  body: { note: string | null; evidenceUrl: string | null; evidenceId?: string | null; revokedAt?: string },
) {
  const organizationId = c.organizationId!;
  const item = await loadChecklistItem(c.tx, organizationId, id, c.now);
  if (subject) {
    const problem = rules.completeProblem(subject, item);
    if (problem) throw forbidden(problem);
  }
  const proof = body.evidenceId ? await proofFileOf(c.tx, organizationId, subject, body.evidenceId) : null;
  if (item.doneAt) throw conflict("already_done", `"${item.title}" was already completed.`);
  let revokedAt: Date | null = null;
  let late: number | null = null;
  if (item.revocation) {
    revokedAt = body.revokedAt ? new Date(body.revokedAt) : c.now;
    if (revokedAt.getTime() > c.now.getTime() + 5 * 60_000)
      throw badRequest("revoked_in_future", "The time access was revoked is in the future: enter when it happened.");
    late = lateMinutes(revokedAt, item.dueAt);
  } else if (body.revokedAt)
    throw badRequest("not_a_revocation", `"${item.title}" is not an access revocation: leave out revokedAt.`);
  const userId = c.actor.kind === "system" ? null : c.actor.userId;
  await c.tx
    .update(checklistItems)
    .set({
      doneAt: c.now,
      doneBy: userId,
      note: body.note,
      evidenceUrl: body.evidenceUrl,
      evidenceId: proof?.id ?? null,
      revokedAt,
      lateMinutes: late,
    })
    .where(and(eq(checklistItems.organizationId, organizationId), eq(checklistItems.id, id)));
  const [p] = await c.tx.select({ fullName: people.fullName }).from(people).where(eq(people.id, item.personId));
  await c.emit(checklistItemCompleted, {
    id,
    after: {
      title: item.title,
      checklist: item.checklist,
      fullName: p?.fullName,
      system: item.system,
      revokedAt: revokedAt?.toISOString() ?? null,
      lateMinutes: late,
    },
  });
  await peopleControlsChanged(c);
  return loadChecklistItem(c.tx, organizationId, id, c.now);
}

/** Completes a person's open step with this key (a background check completes its onboarding step). */
export async function completeByKey(c: Change, personId: string, key: string, note: string) {
  const rows = await c.tx
    .select({ id: checklistItems.id, doneAt: checklistItems.doneAt })
    .from(checklistItems)
    .where(
      and(
        eq(checklistItems.organizationId, c.organizationId!),
        eq(checklistItems.personId, personId),
        eq(checklistItems.key, key),
      ),
    );
  for (const r of rows.filter((r) => !r.doneAt))
    await completeChecklistItem(c, null, r.id, { note, evidenceUrl: null });
}

export const itemsOfPeople = (ids: readonly string[]) => inArray(checklistItems.personId, [...ids]);
