/**
 * Deadline reminders about people's work (docs/notifications.md): a remediation item or step due within 7 days
 * (`remediation.due_soon`), and a step past its due date (`remediation.overdue`; overdue items have their own daily
 * reminder, remediation's `remediation.overdue` job). Each is sent once per person, record and due date: the
 * work_reminders row is claimed in the change that writes the notice, so concurrent or repeated runs send it once,
 * and a moved due date is reminded again.
 */
import { and, eq, gte, inArray, isNotNull, isNull, lte } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import { memberships, programs, remediationItems, remediationSteps, workReminders } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { JobDefinition, ScheduleDefinition } from "../../kernel/manifest.ts";
import { OPEN_STATUSES } from "../remediation/schema.ts";
import { notifyWork, remediationLink, type WorkNotice } from "./work.ts";

export const WORK_REMINDERS_JOB = "notifications.reminders";
/** How many days ahead "due soon" looks. */
export const DUE_SOON_DAYS = 7;
const DAY_MS = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);
const OPEN_STEP_STATUSES = ["todo", "in_progress"];

interface Reminder extends WorkNotice {
  organizationId: string;
  subjectId: string;
  dueDate: string;
}

const inDays = (dueDate: string, today: string) =>
  Math.round((Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
const when = (n: number) => (n === 0 ? "today" : n === 1 ? "tomorrow" : `in ${n} days`);

/** What is due (or, for steps, overdue) today, for owners who are members, in programs still active. */
async function dueWork(ctx: Pick<AppContext, "db">, today: string, horizon: string): Promise<Reminder[]> {
  const i = remediationItems;
  const s = remediationSteps;
  const items = await ctx.db
    .select({ item: i })
    .from(i)
    .innerJoin(programs, eq(programs.id, i.programId))
    .innerJoin(
      memberships,
      and(eq(memberships.organizationId, i.organizationId), eq(memberships.userId, i.ownerUserId)),
    )
    .where(
      and(
        inArray(i.status, [...OPEN_STATUSES]),
        isNotNull(i.ownerUserId),
        gte(i.dueDate, today),
        lte(i.dueDate, horizon),
        isNull(programs.archivedAt),
      ),
    );
  const steps = await ctx.db
    .select({ step: s, item: i })
    .from(s)
    .innerJoin(i, eq(i.id, s.itemId))
    .innerJoin(programs, eq(programs.id, i.programId))
    .innerJoin(
      memberships,
      and(eq(memberships.organizationId, s.organizationId), eq(memberships.userId, s.ownerUserId)),
    )
    .where(
      and(
        inArray(s.status, OPEN_STEP_STATUSES),
        inArray(i.status, [...OPEN_STATUSES]),
        isNotNull(s.ownerUserId),
        lte(s.dueDate, horizon),
        isNull(programs.archivedAt),
      ),
    );
  const reminders: Reminder[] = [];
  for (const { item } of items) {
    const n = inDays(item.dueDate!, today);
    reminders.push({
      organizationId: item.organizationId,
      subjectId: item.id,
      dueDate: item.dueDate!,
      kind: "remediation.due_soon",
      to: item.ownerUserId,
      title: `${item.ref} is due ${when(n)}: ${item.title}`,
      body: `This ${item.priority}-priority remediation item you own is due on ${item.dueDate}. Finish it, or ask a compliance manager to agree a new due date.`,
      link: remediationLink(item.programId, item.id),
    });
  }
  for (const { step, item } of steps) {
    const n = inDays(step.dueDate!, today);
    const late = n < 0;
    reminders.push({
      organizationId: step.organizationId,
      subjectId: step.id,
      dueDate: step.dueDate!,
      kind: late ? "remediation.overdue" : "remediation.due_soon",
      to: step.ownerUserId,
      title: late
        ? `A step of ${item.ref} is overdue: ${step.title}`
        : `A step of ${item.ref} is due ${when(n)}: ${step.title}`,
      body: `This step of “${item.title}” you own ${late ? "was" : "is"} due on ${step.dueDate}. Mark it done when it is, or tell the item's owner what is in the way.`,
      link: remediationLink(item.programId, item.id),
    });
  }
  return reminders;
}

export interface RemindersRun {
  sent: number;
}

export async function sendWorkReminders(ctx: Pick<AppContext, "db">, now = new Date()): Promise<RemindersRun> {
  const today = day(now);
  const horizon = day(new Date(now.getTime() + DUE_SOON_DAYS * DAY_MS));
  const byOrg = new Map<string, Reminder[]>();
  for (const r of await dueWork(ctx, today, horizon))
    byOrg.set(r.organizationId, [...(byOrg.get(r.organizationId) ?? []), r]);
  const run: RemindersRun = { sent: 0 };
  for (const [organizationId, reminders] of byOrg) {
    run.sent += await change(ctx.db, systemActor(organizationId, WORK_REMINDERS_JOB), async (c) => {
      const claimed: Reminder[] = [];
      for (const r of reminders) {
        const [row] = await c.tx
          .insert(workReminders)
          .values({ organizationId, userId: r.to!, kind: r.kind, subjectId: r.subjectId, dueDate: r.dueDate })
          .onConflictDoNothing()
          .returning({ subjectId: workReminders.subjectId });
        if (row) claimed.push(r);
      }
      return notifyWork(c, claimed);
    });
  }
  return run;
}

export const jobs: JobDefinition[] = [{ name: WORK_REMINDERS_JOB, run: (ctx) => sendWorkReminders(ctx) }];
/** Hourly: a reminder goes out early on the day work becomes due soon. */
export const schedules: ScheduleDefinition[] = [{ name: WORK_REMINDERS_JOB, intervalSeconds: 3600 }];
