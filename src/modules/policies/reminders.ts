/**
 * Daily reminders: a policy's owner hears 30 days before its review date and again once it is past (in the app and
 * by email, as they chose for the kind); people with outstanding acceptance requests get one email listing them,
 * at most once every N days (the organization's setting). Each is claimed in its change, so several workers or
 * reruns remind nobody twice.
 */
import { and, eq, inArray, isNotNull, isNull, lte, ne, or, sql } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import { addDays, utcDay } from "../../core/dates.ts";
import { organizations, people, policies, policyAcknowledgements, policySettings } from "../../db/schema/index.ts";
import { PermanentJobError } from "../../jobs/registry.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { JobDefinition, ScheduleDefinition } from "../../kernel/manifest.ts";
import { emitAlert, stillMembers } from "../alerts/public.ts";
import { portalLink } from "./routines.ts";
import { DEFAULT_SETTINGS } from "./store.ts";

export const POLICY_REMINDERS_JOB = "policies.reminders";
export const POLICY_EMAIL_JOB = "policies.email";
export const REVIEW_NOTICE_DAYS = 30;

type Ctx = Pick<AppContext, "db" | "log" | "config">;

export async function remindReviews(ctx: Ctx, now = new Date()) {
  const today = utcDay(now);
  const due = await ctx.db
    .select()
    .from(policies)
    .where(
      and(
        isNotNull(policies.currentVersionId),
        isNotNull(policies.ownerUserId),
        lte(policies.nextReviewDate, addDays(today, REVIEW_NOTICE_DAYS)),
      ),
    );
  let sent = 0;
  for (const p of due) {
    const stage = p.nextReviewDate! < today ? "overdue" : "due_soon";
    const key = `${p.nextReviewDate}:${stage}`;
    if (p.reviewReminded === key) continue;
    await change(ctx.db, systemActor(p.organizationId, POLICY_REMINDERS_JOB), async (c) => {
      const [claimed] = await c.tx
        .update(policies)
        .set({ reviewReminded: key })
        .where(
          and(
            eq(policies.id, p.id),
            or(isNull(policies.reviewReminded), ne(policies.reviewReminded, key)),
            eq(policies.nextReviewDate, p.nextReviewDate!),
          ),
        )
        .returning({ id: policies.id });
      if (!claimed) return;
      const [owner] = await stillMembers(c.tx, p.organizationId, [p.ownerUserId]);
      if (!owner) return;
      await emitAlert(c, {
        organizationId: p.organizationId,
        kind: stage === "overdue" ? "policies.review_overdue" : "policies.review_due",
        title:
          stage === "overdue"
            ? `The ${p.title} is past its review date`
            : `The ${p.title} is due for review on ${p.nextReviewDate}`,
        body:
          stage === "overdue"
            ? `It was due for review on ${p.nextReviewDate}. Review it and mark it reviewed, or publish a new version: the controls that rely on it need attention until then.`
            : `You own this policy. Read it, then mark it reviewed or start a new version before ${p.nextReviewDate}.`,
        link: `/policies/${p.id}`,
        recipients: [p.ownerUserId!],
      });
      sent++;
    });
  }
  return sent;
}

export interface PolicyEmail {
  to: string;
  subject: string;
  text: string;
}

/** One email per person with outstanding requests, unless reminded within the organization's interval. */
export async function remindAcceptances(ctx: Ctx, now = new Date()) {
  const rows = await ctx.db
    .select({
      organizationId: policyAcknowledgements.organizationId,
      personId: people.id,
      email: people.email,
      fullName: people.fullName,
      policyId: policies.id,
      title: policies.title,
      dueDate: policyAcknowledgements.dueDate,
      remindedAt: policyAcknowledgements.remindedAt,
      interval: policySettings.reminderIntervalDays,
      organization: organizations.name,
    })
    .from(policyAcknowledgements)
    .innerJoin(policies, eq(policies.requiredVersionId, policyAcknowledgements.versionId))
    .innerJoin(people, eq(people.id, policyAcknowledgements.personId))
    .innerJoin(organizations, eq(organizations.id, policyAcknowledgements.organizationId))
    .leftJoin(policySettings, eq(policySettings.organizationId, policyAcknowledgements.organizationId))
    .where(and(isNull(policyAcknowledgements.acceptedAt), ne(people.status, "left")));
  const byPerson = Map.groupBy(rows, (r) => r.personId);
  let emails = 0;
  for (const list of byPerson.values()) {
    const first = list[0]!;
    const interval = first.interval ?? DEFAULT_SETTINGS.reminderIntervalDays;
    const last = Math.max(0, ...list.map((r) => r.remindedAt?.getTime() ?? 0));
    if (last && now.getTime() - last < interval * 86_400_000) continue;
    await change(ctx.db, systemActor(first.organizationId, POLICY_REMINDERS_JOB), async (c) => {
      const claimed = await c.tx
        .update(policyAcknowledgements)
        .set({ remindedAt: now })
        .where(
          and(
            eq(policyAcknowledgements.personId, first.personId),
            isNull(policyAcknowledgements.acceptedAt),
            or(
              isNull(policyAcknowledgements.remindedAt),
              sql`${policyAcknowledgements.remindedAt} <= ${new Date(now.getTime() - interval * 86_400_000)}`,
            ),
            inArray(
              policyAcknowledgements.policyId,
              list.map((r) => r.policyId),
            ),
          ),
        )
        .returning({ id: policyAcknowledgements.id });
      if (!claimed.length) return;
      const lines = list
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate))
        .map((r) => `- ${r.title} (due ${r.dueDate})\n  ${ctx.config.publicUrl}${portalLink(r.policyId)}`);
      const message: PolicyEmail = {
        to: first.email,
        subject:
          list.length === 1
            ? `Please read and accept the ${first.title}`
            : `Please read and accept ${list.length} policies of ${first.organization}`,
        text: [
          `Hello ${first.fullName},`,
          "",
          `${first.organization} asks you to read and accept:`,
          "",
          ...lines,
          "",
          "Sign in to Assay and open each link to read the policy and accept it.",
          `You get this reminder at most once every ${interval} days while a policy waits for you.`,
        ].join("\n"),
      };
      await c.enqueue({
        name: POLICY_EMAIL_JOB,
        payload: { ...message },
        organizationId: first.organizationId,
        maxAttempts: 12,
      });
      emails++;
    });
  }
  return emails;
}

export const jobs: JobDefinition[] = [
  {
    name: POLICY_REMINDERS_JOB,
    run: async (ctx) => ({ reviews: await remindReviews(ctx), acceptanceEmails: await remindAcceptances(ctx) }),
  },
  {
    name: POLICY_EMAIL_JOB,
    retryBaseSeconds: 60,
    retryMaxSeconds: 4 * 3600,
    run: async (ctx, job) => {
      const m = job.payload as Partial<PolicyEmail>;
      if (typeof m.to !== "string" || typeof m.subject !== "string" || typeof m.text !== "string")
        throw new PermanentJobError("The policy reminder email job has no recipient, subject or text.");
      await ctx.mailer.send({ to: m.to, subject: m.subject, text: m.text });
      return { sentTo: m.to };
    },
  },
];

/** Hourly: the claims make each reminder go once per review date, and acceptance emails once per interval. */
export const schedules: ScheduleDefinition[] = [{ name: POLICY_REMINDERS_JOB, intervalSeconds: 3600 }];
