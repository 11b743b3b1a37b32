/**
 * What the people module reports to the rest of the product (kernel/routines.ts): the tasks each person owes
 * (their own checklist steps, a background check due) and checks on the HR controls (HR-01 background checks,
 * HR-02 confidentiality agreements, HR-09 onboarding, HR-10 offboarding).
 */
import { and, eq, gte, inArray, ne } from "drizzle-orm";
import type { ControlCheck } from "../../core/control-status.ts";
import { addDays } from "../../core/dates.ts";
import { formatLateness, needsBackgroundCheck } from "../../core/people-routines.ts";
import { type PersonTask, taskState } from "../../core/person-tasks.ts";
import type { Db } from "../../db/client.ts";
import { checklistItems, people } from "../../db/schema/index.ts";
import type { ControlCheckProvider, PersonTaskProvider } from "../../kernel/routines.ts";
import { checksOf, latestByPerson } from "./background.ts";
import { loadChecklistItems } from "./checklists.ts";
import type { ChecklistItemOut } from "./routines-schema.ts";
import { loadPeopleSettings } from "./settings.ts";

const today = (now: Date) => now.toISOString().slice(0, 10);
/** The plain date a step is due: the day its deadline falls in (a deadline at midnight belongs to the day before). */
const dueDay = (dueAt: Date) => new Date(dueAt.getTime() - 1).toISOString().slice(0, 10);

/** A checklist step as a person task. */
export function itemTask(item: ChecklistItemOut, now: Date): PersonTask {
  return {
    id: item.id,
    module: "people",
    kind: "checklist",
    title: item.title,
    dueDate: dueDay(item.dueAt),
    state: item.doneAt ? "done" : item.dueAt < now ? "overdue" : "open",
    href: `/portal/tasks/checklist/${item.id}`,
    doneAt: item.doneAt?.toISOString() ?? null,
  };
}

/** A background check owed (none yet, or due again within 30 days) by each of these people (none, or due again), keyed by person id. */
export async function backgroundTasks(db: Db, organizationId: string, personIds: readonly string[], now: Date) {
  const out = new Map<string, PersonTask>();
  if (!personIds.length) return out;
  const settings = await loadPeopleSettings(db, organizationId);
  if (settings.backgroundCheckFor === "none") return out;
  const rows = await db
    .select()
    .from(people)
    .where(
      and(eq(people.organizationId, organizationId), inArray(people.id, [...personIds]), ne(people.status, "left")),
    );
  const latest = latestByPerson(await checksOf(db, organizationId, personIds));
  for (const p of rows) {
    if (!needsBackgroundCheck(settings.backgroundCheckFor, p.kind)) continue;
    const last = latest.get(p.id);
    const due = !last
      ? (p.startDate ?? null)
      : last.nextDue && last.nextDue <= addDays(today(now), 30)
        ? last.nextDue
        : undefined;
    if (due === undefined) continue;
    out.set(p.id, {
      id: `background:${p.id}`,
      module: "people",
      kind: "background_check",
      title: last ? "Background check due again" : "Background check",
      dueDate: due,
      state: taskState(due, null, today(now)),
      href: `/people/${p.id}`,
      doneAt: null,
      onBehalf: true,
    });
  }
  return out;
}

export const personTasks: PersonTaskProvider = {
  name: "people",
  async tasksFor(db, organizationId, personIds, now) {
    const out = new Map<string, PersonTask[]>(personIds.map((id) => [id, []]));
    if (!personIds.length) return out;
    const items = await loadChecklistItems(
      db,
      organizationId,
      and(
        inArray(checklistItems.personId, [...personIds]),
        eq(checklistItems.assignee, "person"),
        eq(checklistItems.revocation, false),
      ),
      new Map(),
      now,
    );
    for (const item of items) if (!item.satisfiedBy) out.get(item.personId)?.push(itemTask(item, now));
    for (const [id, task] of await backgroundTasks(db, organizationId, personIds, now)) out.get(id)?.push(task);
    return out;
  },
};

const names = (list: readonly string[]) =>
  list.length > 3 ? `${list.slice(0, 3).join(", ")} and ${list.length - 3} more` : list.join(", ");
const YEAR_MS = 365 * 86_400_000;

async function backgroundCheck(db: Db, organizationId: string, now: Date): Promise<ControlCheck | null> {
  const settings = await loadPeopleSettings(db, organizationId);
  if (settings.backgroundCheckFor === "none") return null;
  const staff = (
    await db
      .select()
      .from(people)
      .where(and(eq(people.organizationId, organizationId), ne(people.status, "left")))
  ).filter((p) => needsBackgroundCheck(settings.backgroundCheckFor, p.kind));
  if (!staff.length) return null;
  const latest = latestByPerson(
    await checksOf(
      db,
      organizationId,
      staff.map((p) => p.id),
    ),
  );
  const missing: string[] = [];
  const review: string[] = [];
  const lapsed: string[] = [];
  for (const p of staff) {
    const last = latest.get(p.id);
    if (!last) missing.push(p.fullName);
    else if (last.outcome === "consider") review.push(p.fullName);
    else if (last.nextDue && last.nextDue <= today(now)) lapsed.push(p.fullName);
  }
  const label = "Background checks of active staff";
  if (missing.length || review.length)
    return {
      source: "people",
      label,
      state: "not_met",
      reason: [
        missing.length ? `No background check recorded for ${names(missing)}.` : "",
        review.length ? `The outcome of ${names(review)}'s check needs a decision.` : "",
      ]
        .filter(Boolean)
        .join(" "),
      since: null,
    };
  if (lapsed.length)
    return { source: "people", label, state: "lapsed", reason: `A re-check is due for ${names(lapsed)}.`, since: null };
  return {
    source: "people",
    label,
    state: "met",
    reason: `All ${staff.length} people who need one have a clear check.`,
    since: null,
  };
}

async function checklistChecks(db: Db, organizationId: string, now: Date, keys: Set<string> | null) {
  const items = await loadChecklistItems(
    db,
    organizationId,
    gte(checklistItems.createdAt, new Date(now.getTime() - YEAR_MS)),
    new Map(),
    now,
  );
  const personIds = [...new Set(items.map((i) => i.personId))];
  const who = new Map(
    personIds.length
      ? (
          await db
            .select({ id: people.id, fullName: people.fullName, status: people.status })
            .from(people)
            .where(and(eq(people.organizationId, organizationId), inArray(people.id, personIds)))
        ).map((p) => [p.id, p])
      : [],
  );
  const name = (i: ChecklistItemOut) => who.get(i.personId)?.fullName ?? "someone";
  const out = new Map<string, ControlCheck[]>();
  const want = (k: string) => !keys || keys.has(k);

  const agreements = items.filter((i) => i.key === "confidentiality" && who.get(i.personId)?.status !== "left");
  if (want("HR-02") && agreements.length) {
    const open = agreements.filter((i) => !i.doneAt).map(name);
    out.set("HR-02", [
      open.length
        ? {
            source: "people",
            label: "Confidentiality agreements",
            state: "not_met",
            reason: `No signed confidentiality agreement recorded for ${names(open)}.`,
            since: null,
          }
        : {
            source: "people",
            label: "Confidentiality agreements",
            state: "met",
            reason: `All ${agreements.length} people onboarded in the last 12 months signed one.`,
            since: null,
          },
    ]);
  }

  const onboarding = items.filter((i) => i.checklist === "onboarding" && !i.satisfiedBy);
  if (want("HR-09") && onboarding.length) {
    const overdue = onboarding.filter((i) => i.state === "overdue");
    const late = onboarding.filter((i) => i.doneAt && i.doneAt > i.dueAt);
    const label = "Onboarding on time";
    out.set("HR-09", [
      overdue.length
        ? {
            source: "people",
            label,
            state: "not_met",
            reason: `${overdue.length} onboarding ${overdue.length === 1 ? "step is" : "steps are"} overdue: ${names(overdue.map((i) => `${i.title} for ${name(i)}`))}.`,
            since: null,
          }
        : late.length
          ? {
              source: "people",
              label,
              state: "lapsed",
              reason: `${late.length} onboarding ${late.length === 1 ? "step was" : "steps were"} completed late in the last 12 months: ${names(late.map((i) => `${i.title} for ${name(i)}`))}.`,
              since: null,
            }
          : {
              source: "people",
              label,
              state: "met",
              reason: "Every onboarding step of the last 12 months was completed on time or is not yet due.",
              since: null,
            },
    ]);
  }

  const revocations = items.filter((i) => i.revocation);
  if (want("HR-10") && revocations.length) {
    const deviations = revocations.filter((i) => i.lateMinutes);
    const overdue = revocations.filter((i) => i.state === "overdue");
    const label = "Access revoked within the offboarding SLA";
    const deviationSentence = (i: ChecklistItemOut) =>
      `access to ${i.system} for ${name(i)} was revoked ${formatLateness(i.lateMinutes!)} (deadline ${i.dueAt.toISOString().slice(0, 16).replace("T", " ")} UTC)`;
    out.set("HR-10", [
      overdue.length
        ? {
            source: "people",
            label,
            state: "not_met",
            reason: `Access is still to be revoked past the deadline: ${names(overdue.map((i) => `${i.system} for ${name(i)}`))}.`,
            since: null,
          }
        : deviations.length
          ? {
              source: "people",
              label,
              state: "lapsed",
              reason: `In the last 12 months ${names(deviations.map(deviationSentence))}.`,
              since: deviations[0]!.doneAt?.toISOString() ?? null,
            }
          : {
              source: "people",
              label,
              state: "met",
              reason: `Every access revocation of the last 12 months (${revocations.length}) was within the SLA.`,
              since: null,
            },
    ]);
  }
  return out;
}

export const controlChecks: ControlCheckProvider = {
  name: "people",
  async collect(db, organizationId, now, keys) {
    const wanted = keys ? new Set(keys) : null;
    const out = new Map<string, ControlCheck[]>();
    if (!wanted || ["HR-02", "HR-09", "HR-10"].some((k) => wanted.has(k)))
      for (const [k, v] of await checklistChecks(db, organizationId, now, wanted)) out.set(k, v);
    if (!wanted || wanted.has("HR-01")) {
      const check = await backgroundCheck(db, organizationId, now);
      if (check) out.set("HR-01", [check]);
    }
    return out;
  },
};
