/**
 * What access reviews contribute to the rest of the program: the access review control's check (ACC-08: a review of
 * each system closed within its cadence) and each reviewer's tasks (the accounts waiting for their decision).
 */
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { type AccessCadence, reviewCheck } from "../../core/access-review.ts";
import type { ControlCheck } from "../../core/control-status.ts";
import { utcDay } from "../../core/dates.ts";
import { type PersonTask, taskState } from "../../core/person-tasks.ts";
import { accessReviewAccounts, accessReviewCampaigns, people, users } from "../../db/schema/index.ts";
import type { ControlCheckProvider, PersonTaskProvider } from "../../kernel/routines.ts";
import { ACCESS_REVIEW_CONTROL } from "./launch.ts";

const SOURCE = "access_reviews";

/** One check over every system the organization reviews; none until it runs its first review. */
export const controlChecks: ControlCheckProvider = {
  name: SOURCE,
  async collect(db, organizationId, now, keys) {
    const out = new Map<string, ControlCheck[]>();
    if (keys && !keys.includes(ACCESS_REVIEW_CONTROL)) return out;
    const rows = await db
      .select({
        system: accessReviewCampaigns.system,
        cadence: accessReviewCampaigns.cadence,
        launchedAt: accessReviewCampaigns.launchedAt,
        closedAt: accessReviewCampaigns.closedAt,
      })
      .from(accessReviewCampaigns)
      .where(eq(accessReviewCampaigns.organizationId, organizationId));
    if (!rows.length) return out;
    const bySystem = Map.groupBy(rows, (r) => r.system.trim().toLowerCase());
    const verdicts = [...bySystem.values()].map((list) => {
      const latest = list.reduce((a, b) => (a.launchedAt > b.launchedAt ? a : b));
      const closed = list.flatMap((r) => (r.closedAt ? [r.closedAt] : []));
      const last = closed.length ? new Date(Math.max(...closed.map((d) => d.getTime()))) : null;
      return reviewCheck(latest.system, last, latest.cadence as AccessCadence, now);
    });
    const worst =
      verdicts.find((v) => v.state === "not_met") ?? verdicts.find((v) => v.state === "lapsed") ?? verdicts[0]!;
    const state = worst.state;
    const shown = state === "met" ? verdicts : verdicts.filter((v) => v.state === state);
    out.set(ACCESS_REVIEW_CONTROL, [
      {
        source: SOURCE,
        label: "User access reviewed",
        state,
        reason: `${shown.map((v) => v.reason.replace(/\.$/, "")).join("; ")}.`,
        since: state === "met" ? (verdicts.map((v) => v.since).sort()[0] ?? null) : worst.since,
      },
    ]);
    return out;
  },
};

/** A reviewer's work in each campaign: "Review 14 accounts in Q1 production database access". */
export const personTasks: PersonTaskProvider = {
  name: SOURCE,
  async tasksFor(db, organizationId, personIds, now) {
    const out = new Map<string, PersonTask[]>();
    if (!personIds.length) return out;
    const linked = await db
      .select({ personId: people.id, userId: users.id })
      .from(people)
      .innerJoin(
        users,
        or(
          eq(users.id, people.userId),
          and(isNull(people.userId), sql`lower(${users.email}) = lower(${people.email})`),
        ),
      )
      .where(and(eq(people.organizationId, organizationId), inArray(people.id, [...personIds])));
    if (!linked.length) return out;
    const personOf = new Map(linked.map((l) => [l.userId, l.personId]));
    const rows = await db
      .select({
        reviewer: accessReviewAccounts.reviewerUserId,
        campaignId: accessReviewCampaigns.id,
        name: accessReviewCampaigns.name,
        dueOn: accessReviewCampaigns.dueOn,
        status: accessReviewCampaigns.status,
        total: sql<number>`count(*)::int`,
        pending: sql<number>`count(*) FILTER (WHERE ${accessReviewAccounts.decision} IS NULL)::int`,
        lastDecided: sql<Date | null>`max(${accessReviewAccounts.decidedAt})`,
      })
      .from(accessReviewAccounts)
      .innerJoin(accessReviewCampaigns, eq(accessReviewCampaigns.id, accessReviewAccounts.campaignId))
      .where(
        and(
          eq(accessReviewAccounts.organizationId, organizationId),
          inArray(accessReviewAccounts.reviewerUserId, [...personOf.keys()]),
        ),
      )
      .groupBy(
        accessReviewAccounts.reviewerUserId,
        accessReviewCampaigns.id,
        accessReviewCampaigns.name,
        accessReviewCampaigns.dueOn,
        accessReviewCampaigns.status,
      );
    const today = utcDay(now);
    for (const r of rows) {
      const personId = personOf.get(r.reviewer)!;
      const done = r.pending === 0 || r.status === "closed";
      const doneAt = done ? (r.lastDecided ? new Date(r.lastDecided) : now) : null;
      const task: PersonTask = {
        id: `${r.campaignId}:${r.reviewer}`,
        module: SOURCE,
        kind: "access_review",
        title: done
          ? `Reviewed ${r.total} ${r.total === 1 ? "account" : "accounts"} in ${r.name}`
          : `Review ${r.pending} ${r.pending === 1 ? "account" : "accounts"} in ${r.name}`,
        dueDate: r.dueOn,
        state: taskState(r.dueOn, doneAt, today),
        href: "/access-reviews/assigned",
        doneAt: doneAt ? doneAt.toISOString() : null,
      };
      out.set(personId, [...(out.get(personId) ?? []), task]);
    }
    return out;
  },
};
