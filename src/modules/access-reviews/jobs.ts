/**
 * The hourly `access_reviews.recur` job: recurring reviews (a system reviewed monthly, quarterly, …) get their next
 * campaign when it is due, with the same settings and a fresh snapshot of the connection's accounts; and reviewers
 * with pending decisions are reminded once a day from a week before the due date.
 */
import { and, eq, isNull, ne, or, sql } from "drizzle-orm";
import { nextLaunchOn } from "../../core/access-review.ts";
import { systemActor } from "../../core/actor.ts";
import { addDays, daysBetween, utcDay } from "../../core/dates.ts";
import { accessReviewAccounts, accessReviewCampaigns } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import type { JobDefinition, ScheduleDefinition } from "../../kernel/manifest.ts";
import { notify } from "../notifications/public.ts";
import { connectionAccounts, launchCampaign } from "./launch.ts";
import { createAccessReviewService } from "./service.ts";
import { campaignLink } from "./store.ts";

export const ACCESS_REVIEW_JOB = "access_reviews.recur";
const REMIND_DAYS_BEFORE = 7;

export interface RecurRun {
  launched: number;
  reminded: number;
  failed: number;
  /** Closed reviews whose report was attached now (the close could not). */
  reported: number;
}

/** How long after its close a review's report is still retried (it needs a program with ACC-08 to land in). */
const REPORT_RETRY_DAYS = 14;

export async function runAccessReviewJob(
  ctx: Pick<AppContext, "db" | "log" | "config" | "keys">,
  now = new Date(),
): Promise<RecurRun> {
  const run: RecurRun = { launched: 0, reminded: 0, failed: 0, reported: 0 };
  const today = utcDay(now);

  // Recurring: the latest campaign of each system, when its cadence says the next one is due.
  const all = await ctx.db
    .select()
    .from(accessReviewCampaigns)
    .where(and(ne(accessReviewCampaigns.cadence, "none"), eq(accessReviewCampaigns.source, "connection")));
  const latest = new Map<string, (typeof all)[number]>();
  for (const c of all) {
    const key = `${c.organizationId}|${c.system.toLowerCase()}`;
    const seen = latest.get(key);
    if (!seen || seen.launchedAt < c.launchedAt) latest.set(key, c);
  }
  for (const prev of latest.values()) {
    const launchedOn = utcDay(prev.launchedAt);
    const next = nextLaunchOn(launchedOn, prev.cadence);
    if (!next || next > today || !prev.connectionId) continue;
    try {
      const { accounts } = await connectionAccounts(ctx.db, prev.organizationId, prev.connectionId, prev.resourceTypes);
      await change(ctx.db, systemActor(prev.organizationId, ACCESS_REVIEW_JOB), (c) =>
        launchCampaign(
          c,
          {
            source: "connection",
            connectionId: prev.connectionId!,
            resourceTypes: prev.resourceTypes as ("user" | "outside_collaborator" | "database_role")[],
            name: `${prev.system} access review ${today}`,
            system: prev.system,
            reviewerRule: prev.reviewerRule,
            systemOwnerUserId: prev.systemOwnerUserId,
            dueOn: addDays(today, Math.max(1, daysBetween(launchedOn, prev.dueOn))),
            cadence: prev.cadence,
            ownerUserId: prev.ownerUserId,
            createdBy: null,
            previousId: prev.id,
          },
          { accounts, connectionId: prev.connectionId },
        ),
      );
      run.launched++;
    } catch (err) {
      run.failed++;
      ctx.log.error({ err, campaignId: prev.id }, "recurring access review could not be launched");
    }
  }

  // Reminders: open campaigns due within a week (or overdue), not yet reminded today.
  const due = await ctx.db
    .select()
    .from(accessReviewCampaigns)
    .where(
      and(
        eq(accessReviewCampaigns.status, "open"),
        sql`${accessReviewCampaigns.dueOn} <= ${addDays(today, REMIND_DAYS_BEFORE)}`,
        or(isNull(accessReviewCampaigns.remindedOn), ne(accessReviewCampaigns.remindedOn, today)),
      ),
    );
  for (const campaign of due) {
    try {
      run.reminded += await change(ctx.db, systemActor(campaign.organizationId, ACCESS_REVIEW_JOB), async (c) => {
        const claimed = await c.tx
          .update(accessReviewCampaigns)
          .set({ remindedOn: today })
          .where(
            and(
              eq(accessReviewCampaigns.id, campaign.id),
              or(isNull(accessReviewCampaigns.remindedOn), ne(accessReviewCampaigns.remindedOn, today)),
            ),
          )
          .returning({ id: accessReviewCampaigns.id });
        if (!claimed.length) return 0;
        const pending = await c.tx
          .select({ reviewer: accessReviewAccounts.reviewerUserId, n: sql<number>`count(*)::int` })
          .from(accessReviewAccounts)
          .where(and(eq(accessReviewAccounts.campaignId, campaign.id), isNull(accessReviewAccounts.decision)))
          .groupBy(accessReviewAccounts.reviewerUserId);
        const late = campaign.dueOn < today;
        for (const p of pending)
          await notify(c, {
            organizationId: campaign.organizationId,
            userId: p.reviewer,
            kind: "access_reviews.pending",
            title: `${p.n} ${p.n === 1 ? "account waits" : "accounts wait"} for your review in ${campaign.name}`,
            body: late
              ? `The review was due on ${campaign.dueOn}. Decide keep, revoke or change role for each account.`
              : `The review is due on ${campaign.dueOn}. Decide keep, revoke or change role for each account.`,
            link: campaignLink(campaign.id),
          });
        return pending.length;
      });
    } catch (err) {
      run.failed++;
      ctx.log.error({ err, campaignId: campaign.id }, "access review reminder failed");
    }
  }
  // Reports the close could not attach (storage down, the server stopped in between).
  const unreported = await ctx.db
    .select({ id: accessReviewCampaigns.id, organizationId: accessReviewCampaigns.organizationId })
    .from(accessReviewCampaigns)
    .where(
      and(
        eq(accessReviewCampaigns.status, "closed"),
        sql`${accessReviewCampaigns.reportEvidenceIds} = '[]'::jsonb`,
        sql`${accessReviewCampaigns.closedAt} >= ${new Date(now.getTime() - REPORT_RETRY_DAYS * 86_400_000).toISOString()}`,
      ),
    );
  const service = createAccessReviewService(ctx);
  for (const r of unreported) {
    try {
      if ((await service.attachReport(systemActor(r.organizationId, ACCESS_REVIEW_JOB), r.id)).length) run.reported++;
    } catch (err) {
      run.failed++;
      ctx.log.error({ err, campaignId: r.id }, "access review report could not be attached");
    }
  }
  return run;
}

export const jobs: JobDefinition[] = [{ name: ACCESS_REVIEW_JOB, run: (ctx) => runAccessReviewJob(ctx) }];
export const schedules: ScheduleDefinition[] = [{ name: ACCESS_REVIEW_JOB, intervalSeconds: 3600 }];
