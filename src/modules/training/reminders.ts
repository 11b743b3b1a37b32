/**
 * Daily reminders about security awareness training: everyone whose training is due within a week, overdue or
 * expired gets an email (and, when they sign in to Assay, an in-app notification), at most once every three days.
 * One change per organization claims each person's reminder (`training_reminders.last_sent_on`), writes the
 * notifications and enqueues the emails as jobs (the outbox), so concurrent or repeated runs remind a person once.
 */
import { and, eq, sql } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import { addDays, plainDay, TRAINING_DUE_SOON_DAYS, TRAINING_REMINDER_GAP_DAYS } from "../../core/training.ts";
import { memberships, organizations, people, trainingReminders } from "../../db/schema/index.ts";
import { PermanentJobError } from "../../jobs/registry.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { JobDefinition, ScheduleDefinition } from "../../kernel/manifest.ts";
import { notify } from "../notifications/public.ts";
import { PORTAL_COURSE_HREF } from "./routines.ts";
import { COURSE_ID, course, courseMinutes, organizationStanding } from "./store.ts";

export const TRAINING_REMINDERS_JOB = "training.reminders";
export const TRAINING_REMINDER_EMAIL_JOB = "training.reminder.email";

export interface ReminderRun {
  reminded: number;
}

interface ReminderEmail {
  to: string;
  subject: string;
  text: string;
}

export async function sendTrainingReminders(
  ctx: Pick<AppContext, "db" | "log" | "config">,
  now = new Date(),
): Promise<ReminderRun> {
  const today = plainDay(now);
  const horizon = addDays(today, TRAINING_DUE_SOON_DAYS);
  const lastAllowed = addDays(today, -TRAINING_REMINDER_GAP_DAYS);
  const orgs = await ctx.db
    .selectDistinct({ id: people.organizationId, name: organizations.name })
    .from(people)
    .innerJoin(organizations, eq(organizations.id, people.organizationId));
  const run: ReminderRun = { reminded: 0 };
  const co = course();
  for (const org of orgs) {
    const { standings } = await organizationStanding(ctx.db, org.id, now);
    const due = standings.filter((s) => s.training.status !== "complete" && s.training.dueDate <= horizon);
    if (!due.length) continue;
    run.reminded += await change(ctx.db, systemActor(org.id, TRAINING_REMINDERS_JOB), async (c) => {
      let n = 0;
      for (const { person, training } of due) {
        // Claim: insert, or move a reminder sent long enough ago; a recent one leaves nothing to claim.
        const [claimed] = await c.tx
          .insert(trainingReminders)
          .values({ organizationId: org.id, personId: person.id, courseId: COURSE_ID, lastSentOn: today })
          .onConflictDoUpdate({
            target: [trainingReminders.organizationId, trainingReminders.personId, trainingReminders.courseId],
            set: { lastSentOn: today },
            setWhere: sql`${trainingReminders.lastSentOn} <= ${lastAllowed}`,
          })
          .returning({ personId: trainingReminders.personId });
        if (!claimed) continue;
        const late = training.dueDate < today;
        const again = training.status === "expired";
        const title = late
          ? `Your security awareness training is overdue (due ${training.dueDate})`
          : `Complete your security awareness training by ${training.dueDate}`;
        const body = again
          ? `Your last completion was valid until ${training.dueDate}. Take the course again: about ${courseMinutes(co)} minutes and a short quiz.`
          : `The course takes about ${courseMinutes(co)} minutes and ends with a short quiz.`;
        const link = PORTAL_COURSE_HREF;
        if (person.userId) {
          const [member] = await c.tx
            .select({ id: memberships.id })
            .from(memberships)
            .where(and(eq(memberships.organizationId, org.id), eq(memberships.userId, person.userId)));
          if (member)
            await notify(c, { organizationId: org.id, userId: person.userId, kind: "training.due", title, body, link });
        }
        const email: ReminderEmail = {
          to: person.email,
          subject: title,
          text: [
            `Hello ${person.fullName},`,
            "",
            `${title}.`,
            body,
            "",
            `Open the course: ${ctx.config.publicUrl}${link}`,
            "",
            `If you took equivalent training elsewhere, record it with its certificate on the same page. You get this reminder at most once every ${TRAINING_REMINDER_GAP_DAYS} days until the training is done.`,
            "",
            org.name,
          ].join("\n"),
        };
        await c.enqueue({
          name: TRAINING_REMINDER_EMAIL_JOB,
          payload: { ...email },
          organizationId: org.id,
          maxAttempts: 12,
        });
        n++;
      }
      return n;
    });
  }
  return run;
}

export const jobs: JobDefinition[] = [
  { name: TRAINING_REMINDERS_JOB, run: (ctx) => sendTrainingReminders(ctx) },
  {
    name: TRAINING_REMINDER_EMAIL_JOB,
    retryBaseSeconds: 60,
    retryMaxSeconds: 4 * 3600,
    run: async (ctx, job) => {
      const m = job.payload as Partial<ReminderEmail>;
      if (typeof m.to !== "string" || typeof m.subject !== "string" || typeof m.text !== "string")
        throw new PermanentJobError("The training reminder email job has no recipient, subject or text.");
      await ctx.mailer.send({ to: m.to, subject: m.subject, text: m.text });
      return { sentTo: m.to };
    },
  },
];

/** Daily. */
export const schedules: ScheduleDefinition[] = [{ name: TRAINING_REMINDERS_JOB, intervalSeconds: 86_400 }];
