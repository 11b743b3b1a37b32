import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import { memberships, organizations, programs, remediationItems, users } from "../../db/schema/index.ts";
import { PermanentJobError } from "../../jobs/registry.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { JobDefinition, ScheduleDefinition } from "../../kernel/manifest.ts";
import { emitAlert, preferenceFor } from "../alerts/public.ts";
import { notify } from "../notifications/public.ts";
import { OPEN_STATUSES } from "./schema.ts";
import { itemLink, utcDay } from "./store.ts";

/**
 * Daily reminders for overdue remediation items: every open or in-progress item past its due date whose owner has
 * not been reminded today gets an in-app notification, and each owner one email per organization listing their
 * overdue items with links. One change per owner claims the items (`overdue_notified_on`), writes the notifications
 * and enqueues the email as a job (the outbox), so a person hears about an item at most once a day however often
 * the job runs and however many workers run it. The mail is sent after commit by `remediation.overdue.email`, which
 * retries while the mail server refuses. An owner who chose the daily digest (or no email) for `remediation.overdue`
 * (docs/notifications.md) gets the reminders through the alerts module instead of that email.
 */

export const REMEDIATION_OVERDUE_JOB = "remediation.overdue";
export const REMEDIATION_OVERDUE_EMAIL_JOB = "remediation.overdue.email";
/** Hourly: an item is reminded about early on the day it becomes overdue, then once a day. */
export const REMEDIATION_OVERDUE_INTERVAL_SECONDS = 3600;
/** Attempts of one reminder email: with the job's backoff (1 minute doubling, at most 4 hours) about half a day. */
const EMAIL_ATTEMPTS = 12;

const DAY_MS = 86_400_000;
const t = remediationItems;

export interface OverdueRun {
  /** Items reminded about in this run. */
  items: number;
  /** Reminder emails queued (one per owner and organization). */
  emails: number;
  /** Owners whose reminder could not be recorded (their items stay due for a reminder). */
  failed: number;
}

/** The payload of a `remediation.overdue.email` job: the email as rendered when the items were claimed. */
export interface OverdueEmail {
  to: string;
  subject: string;
  text: string;
}

export async function notifyOverdueRemediation(
  ctx: Pick<AppContext, "db" | "log" | "config">,
  now = new Date(),
): Promise<OverdueRun> {
  const today = utcDay(now);
  const due = and(
    inArray(t.status, [...OPEN_STATUSES]),
    isNotNull(t.dueDate),
    lt(t.dueDate, today),
    isNotNull(t.ownerUserId),
    or(isNull(t.overdueNotifiedOn), sql`${t.overdueNotifiedOn} <> ${today}`),
    isNull(programs.archivedAt),
  );
  const candidates = await ctx.db
    .select({
      id: t.id,
      organizationId: t.organizationId,
      ownerUserId: t.ownerUserId,
      email: users.email,
      name: users.name,
      organization: organizations.name,
    })
    .from(t)
    .innerJoin(programs, eq(programs.id, t.programId))
    .innerJoin(organizations, eq(organizations.id, t.organizationId))
    .innerJoin(users, eq(users.id, t.ownerUserId))
    // Only people still in the organization: a former member is not reminded (the item shows as theirs until reassigned).
    .innerJoin(
      memberships,
      and(eq(memberships.organizationId, t.organizationId), eq(memberships.userId, t.ownerUserId)),
    )
    .where(due);

  const groups = new Map<string, typeof candidates>();
  for (const c of candidates) {
    const key = `${c.organizationId}:${c.ownerUserId}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }

  const run: OverdueRun = { items: 0, emails: 0, failed: 0 };
  for (const group of groups.values()) {
    const { organizationId, ownerUserId, email: address, name, organization } = group[0]!;
    try {
      const sent = await change(ctx.db, systemActor(organizationId, REMEDIATION_OVERDUE_JOB), async (c) => {
        // Claim: only rows still due for today's reminder (a concurrent run waits here, then finds none).
        const claimed = await c.tx
          .update(t)
          .set({ overdueNotifiedOn: today })
          .where(
            and(
              inArray(
                t.id,
                group.map((g) => g.id),
              ),
              inArray(t.status, [...OPEN_STATUSES]),
              or(isNull(t.overdueNotifiedOn), sql`${t.overdueNotifiedOn} <> ${today}`),
            ),
          )
          .returning();
        if (!claimed.length) return null;
        claimed.sort((a, b) => (a.dueDate ?? "").localeCompare(b.dueDate ?? "") || a.ref.localeCompare(b.ref));
        // The owner's choice for remediation.overdue: this one email now (the default), the daily digest, or none.
        const { email } = await preferenceFor(c.tx, organizationId, ownerUserId!, "remediation.overdue");
        const lines: string[] = [];
        for (const item of claimed) {
          const days = Math.round(
            (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${item.dueDate}T00:00:00Z`)) / DAY_MS,
          );
          const late = `${days} day${days === 1 ? "" : "s"} overdue`;
          const link = itemLink(item.programId, item.id);
          const notice = {
            organizationId,
            kind: "remediation.overdue" as const,
            title: `${item.ref} is overdue: ${item.title}`,
            body: `It was due on ${item.dueDate} (${late}). Finish it, or ask a compliance manager to agree a new due date.`,
            link,
          };
          if (email === "immediate") await notify(c, { ...notice, userId: ownerUserId! });
          else await emitAlert(c, { ...notice, recipients: [ownerUserId!] });
          lines.push(
            `- ${item.ref} ${item.title}\n  ${item.priority} priority, due ${item.dueDate} (${late})\n  ${ctx.config.publicUrl}${link}`,
          );
        }
        if (email !== "immediate") return { items: claimed.length, emailed: false };
        const first = claimed[0]!;
        const message: OverdueEmail = {
          to: address,
          subject:
            claimed.length === 1
              ? `Overdue: ${first.ref} ${first.title}`
              : `${claimed.length} remediation items you own are overdue in ${organization}`,
          text: [
            `Hello ${name},`,
            "",
            claimed.length === 1
              ? `This remediation item you own in ${organization} is past its due date:`
              : `These remediation items you own in ${organization} are past their due date:`,
            "",
            ...lines,
            "",
            "Update the item when you make progress, or ask a compliance manager to agree a new due date.",
            "You get this reminder at most once a day while an item is overdue.",
          ].join("\n"),
        };
        await c.enqueue({
          name: REMEDIATION_OVERDUE_EMAIL_JOB,
          payload: { ...message },
          organizationId,
          maxAttempts: EMAIL_ATTEMPTS,
        });
        return { items: claimed.length, emailed: true };
      });
      if (sent) {
        run.items += sent.items;
        if (sent.emailed) run.emails++;
      }
    } catch (err) {
      run.failed++;
      ctx.log.error({ err, organizationId, userId: ownerUserId }, "overdue remediation reminder failed");
    }
  }
  if (run.failed)
    throw new Error(`${run.failed} overdue reminder(s) could not be recorded (${run.emails} queued); the job retries.`);
  return run;
}

export const jobs: JobDefinition[] = [
  { name: REMEDIATION_OVERDUE_JOB, run: (ctx) => notifyOverdueRemediation(ctx) },
  {
    name: REMEDIATION_OVERDUE_EMAIL_JOB,
    retryBaseSeconds: 60,
    retryMaxSeconds: 4 * 3600,
    run: async (ctx, job) => {
      const m = job.payload as Partial<OverdueEmail>;
      if (typeof m.to !== "string" || typeof m.subject !== "string" || typeof m.text !== "string")
        throw new PermanentJobError("The reminder email job has no recipient, subject or text.");
      await ctx.mailer.send({ to: m.to, subject: m.subject, text: m.text });
      return { sentTo: m.to };
    },
  },
];

export const schedules: ScheduleDefinition[] = [
  { name: REMEDIATION_OVERDUE_JOB, intervalSeconds: REMEDIATION_OVERDUE_INTERVAL_SECONDS },
];
