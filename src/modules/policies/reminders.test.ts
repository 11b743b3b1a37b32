import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { addDays, utcDay } from "../../core/dates.ts";
import { jobs, notifications, policies } from "../../db/schema/index.ts";
import { seedPeople } from "../people/testing.ts";
import { POLICY_EMAIL_JOB, remindAcceptances, remindReviews } from "./reminders.ts";
import { seedPolicy } from "./testing.ts";

const { ctx, app } = withTestApp();

async function published() {
  const { org, user } = await orgWithOwner(app, ctx.db);
  const approver = await member(app, ctx.db, org.id, "compliance_manager");
  const people = await seedPeople(ctx.db, org.id, [{ fullName: "Ann" }, { fullName: "Ben" }]);
  const { policy } = await seedPolicy(
    ctx.db,
    org.id,
    { id: user.id, email: user.email, name: user.name },
    {
      publish: { approver: { id: approver.user.id, email: approver.user.email, name: approver.user.name } },
    },
  );
  return { org, user, policy, people };
}

const inbox = async (organizationId: string, userId: string) =>
  ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.organizationId, organizationId), eq(notifications.userId, userId)));

describe("policy reminders", () => {
  it("tells the owner once 30 days before the review date, and once when it has passed", async () => {
    const { org, user, policy } = await published();
    const now = new Date();
    expect(await remindReviews(ctx, now)).toBe(0);
    await ctx.db
      .update(policies)
      .set({ nextReviewDate: addDays(utcDay(now), 20) })
      .where(eq(policies.id, policy.id));
    await remindReviews(ctx, now);
    await remindReviews(ctx, now);
    let mine = (await inbox(org.id, user.id)).filter((n) => n.kind.startsWith("policies."));
    expect(mine.map((n) => n.kind)).toEqual(["policies.review_due"]);
    expect(mine[0]!.link).toBe(`/policies/${policy.id}`);
    await ctx.db
      .update(policies)
      .set({ nextReviewDate: addDays(utcDay(now), -1) })
      .where(eq(policies.id, policy.id));
    await remindReviews(ctx, now);
    await remindReviews(ctx, now);
    mine = (await inbox(org.id, user.id)).filter((n) => n.kind.startsWith("policies."));
    expect(mine.map((n) => n.kind).sort()).toEqual(["policies.review_due", "policies.review_overdue"]);
  });

  it("emails each person with outstanding requests at most once per interval", async () => {
    const { org } = await published();
    const queued = async () =>
      (
        await ctx.db
          .select()
          .from(jobs)
          .where(and(eq(jobs.organizationId, org.id), eq(jobs.name, POLICY_EMAIL_JOB)))
      ).length;
    const now = new Date();
    await remindAcceptances(ctx, now);
    expect(await queued()).toBe(2);
    await remindAcceptances(ctx, new Date(now.getTime() + 86_400_000));
    expect(await queued()).toBe(2);
    await remindAcceptances(ctx, new Date(now.getTime() + 8 * 86_400_000));
    expect(await queued()).toBe(4);
    const [mail] = await ctx.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.organizationId, org.id), eq(jobs.name, POLICY_EMAIL_JOB)));
    expect((mail!.payload as { text: string }).text).toContain("/portal/policies/");
  });
});
