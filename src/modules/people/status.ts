/**
 * Each person's compliance status: every module's tasks for them (collectPersonTasks) plus the checklist steps
 * that are theirs to answer for but not reported as their own tasks (a manager's step, an access revocation, a
 * step another routine completes), all through personCompliance. Batched: one pass for the whole dashboard.
 */
import { and, asc, eq, inArray, isNotNull, isNull, ne } from "drizzle-orm";
import { formatLateness } from "../../core/people-routines.ts";
import { type PersonTask, personCompliance } from "../../core/person-tasks.ts";
import type { Db } from "../../db/client.ts";
import { checklistItems, people } from "../../db/schema/index.ts";
import { collectPersonTasks } from "../../kernel/routines.ts";
import { itemsOfPeople, loadChecklistItems } from "./checklists.ts";
import { itemTask } from "./routines.ts";
import type { ChecklistItemOut } from "./routines-schema.ts";

/** The steps the people task provider reports as the person's own (routines.ts). */
const ownTask = (i: ChecklistItemOut) => i.assignee === "person" && !i.revocation && !i.satisfiedBy;

export async function statusOf(db: Db, organizationId: string, personIds: readonly string[], now: Date) {
  const tasks = await collectPersonTasks(db, organizationId, personIds, now);
  const items = personIds.length
    ? await loadChecklistItems(db, organizationId, itemsOfPeople(personIds), tasks, now)
    : [];
  const itemsBy = Map.groupBy(items, (i) => i.personId);
  const left = await leaversAmong(db, organizationId, personIds);
  return new Map(
    personIds.map((id) => {
      const mine = itemsBy.get(id) ?? [];
      // Someone who left owes nothing but their offboarding steps: a policy published or training due after their
      // last day is no longer theirs (the checklist items above still saw every task, so steps done stay done).
      const theirs = (tasks.get(id) ?? []).filter((t) => !left.has(id) || t.module === "people");
      const all: PersonTask[] = [...theirs, ...mine.filter((i) => !ownTask(i)).map((i) => itemTask(i, now))];
      return [id, { compliance: personCompliance(all), tasks: theirs, items: mine }] as const;
    }),
  );
}

async function leaversAmong(db: Db, organizationId: string, personIds: readonly string[]) {
  if (!personIds.length) return new Set<string>();
  const rows = await db
    .select({ id: people.id })
    .from(people)
    .where(
      and(eq(people.organizationId, organizationId), inArray(people.id, [...personIds]), eq(people.status, "left")),
    );
  return new Set(rows.map((r) => r.id));
}

const LIST = 50;

export async function peopleDashboard(db: Db, organizationId: string, now: Date) {
  const staff = await db
    .select({
      id: people.id,
      fullName: people.fullName,
      department: people.department,
      status: people.status,
      startDate: people.startDate,
    })
    .from(people)
    .where(and(eq(people.organizationId, organizationId), ne(people.status, "left")))
    .orderBy(asc(people.fullName));
  const status = await statusOf(
    db,
    organizationId,
    staff.map((p) => p.id),
    now,
  );
  const counts = { compliant: 0, due: 0, overdue: 0 };
  const byKind = new Map<string, { open: number; overdue: number }>();
  const rows = staff.map((p) => {
    const s = status.get(p.id)!;
    counts[s.compliance.state]++;
    const all = [...s.tasks, ...s.items.filter((i) => !ownTask(i)).map((i) => itemTask(i, now))];
    for (const t of all) {
      if (t.state === "done") continue;
      const k = byKind.get(t.kind) ?? { open: 0, overdue: 0 };
      k[t.state]++;
      byKind.set(t.kind, k);
    }
    return { ...p, ...s.compliance, items: s.items };
  });
  const onboarding = rows
    .map((p) => ({ p, list: p.items.filter((i) => i.checklist === "onboarding") }))
    .filter(({ list }) => list.some((i) => !i.doneAt))
    .slice(0, LIST)
    .map(({ p, list }) => ({
      id: p.id,
      fullName: p.fullName,
      startDate: p.startDate,
      done: list.filter((i) => i.doneAt).length,
      total: list.length,
    }));
  const revocations = await loadChecklistItems(
    db,
    organizationId,
    and(eq(checklistItems.revocation, true), isNotNull(checklistItems.lateMinutes)),
    new Map(),
    now,
  );
  const deviationIds = [...new Set(revocations.map((i) => i.personId))];
  const names = new Map(
    deviationIds.length
      ? (
          await db
            .select({ id: people.id, fullName: people.fullName })
            .from(people)
            .where(and(eq(people.organizationId, organizationId), inArray(people.id, deviationIds)))
        ).map((p) => [p.id, p.fullName])
      : [],
  );
  const openRevocations = await loadChecklistItems(
    db,
    organizationId,
    and(eq(checklistItems.revocation, true), isNull(checklistItems.doneAt)),
    new Map(),
    now,
  );
  return {
    counts,
    total: staff.length,
    overdue: rows
      .filter((r) => r.state === "overdue")
      .sort((a, b) => b.overdue - a.overdue || a.fullName.localeCompare(b.fullName))
      .slice(0, LIST)
      .map(({ items: _i, startDate: _s, ...r }) => r),
    onboarding,
    deviations: revocations
      .sort((a, b) => (b.revokedAt?.getTime() ?? 0) - (a.revokedAt?.getTime() ?? 0))
      .slice(0, LIST)
      .map((i) => ({
        itemId: i.id,
        personId: i.personId,
        fullName: names.get(i.personId) ?? "",
        system: i.system,
        dueAt: i.dueAt,
        revokedAt: i.revokedAt,
        lateMinutes: i.lateMinutes!,
        deviation: formatLateness(i.lateMinutes!),
      })),
    openRevocationsOverdue: openRevocations.filter((i) => i.state === "overdue").length,
    byKind: [...byKind].map(([kind, v]) => ({ kind, ...v })).sort((a, b) => a.kind.localeCompare(b.kind)),
  };
}
