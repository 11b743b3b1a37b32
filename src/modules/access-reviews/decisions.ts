/** Decisions on accounts (one or many at once), their completion, and reassigning a reviewer. */
import { and, eq, inArray } from "drizzle-orm";
import type { OrgActor } from "../../core/actor.ts";
import { subjectOf } from "../../core/actor.ts";
import { accessReviewAccounts } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { AppError, badRequest, notFound } from "../../platform/errors.ts";
import { accessCompleted, accessDecided, accessReassigned } from "./events.ts";
import { assertMember } from "./launch.ts";
import { rules } from "./policy.ts";
import type { DecideInput } from "./schema.ts";
import { type AccountRow, accountLedger, type CampaignRow, loadCampaign } from "./store.ts";

const refused = (message: string) => new AppError(403, "forbidden", message);

/** The accounts of a campaign by id; any id not in it is a 404 (another campaign's or organization's). */
async function accountsById(c: Change, campaign: CampaignRow, ids: readonly string[]) {
  const rows = await c.tx
    .select()
    .from(accessReviewAccounts)
    .where(
      and(
        eq(accessReviewAccounts.organizationId, campaign.organizationId),
        eq(accessReviewAccounts.campaignId, campaign.id),
        inArray(accessReviewAccounts.id, [...new Set(ids)]),
      ),
    )
    .for("update");
  if (rows.length !== new Set(ids).size) throw notFound("An account of this review");
  return rows;
}

export async function decide(
  c: Change,
  actor: OrgActor,
  campaignId: string,
  input: DecideInput,
): Promise<AccountRow[]> {
  const campaign = await loadCampaign(c.tx, actor.organizationId, campaignId);
  const rows = await accountsById(c, campaign, input.accountIds);
  const subject = subjectOf(actor);
  const problems = rows.flatMap((a) => {
    const p = rules.decideProblem(subject, a, campaign.status === "open");
    return p ? [p] : [];
  });
  if (problems.length)
    throw refused(
      problems.length === 1
        ? problems[0]!
        : `${problems[0]} (and ${problems.length - 1} more accounts cannot be decided by you).`,
    );
  const out: AccountRow[] = [];
  for (const before of rows) {
    const changed =
      before.decision !== input.decision ||
      before.newRole !== (input.newRole ?? null) ||
      before.comment !== input.comment;
    if (!changed) {
      out.push(before);
      continue;
    }
    const [after] = await c.tx
      .update(accessReviewAccounts)
      .set({
        decision: input.decision,
        newRole: input.newRole ?? null,
        comment: input.comment,
        decidedBy: actor.userId,
        decidedAt: c.now,
        // A new decision starts its completion over.
        completedAt: null,
        completedBy: null,
        completionNote: null,
        confirmedAt: null,
        confirmedSyncId: null,
      })
      .where(eq(accessReviewAccounts.id, before.id))
      .returning();
    await c.emit(accessDecided, { id: before.id, before: accountLedger(before), after: accountLedger(after!) });
    out.push(after!);
  }
  return out;
}

export async function complete(
  c: Change,
  actor: OrgActor,
  campaignId: string,
  accountId: string,
  input: { completedAt?: Date; note: string },
): Promise<AccountRow> {
  const campaign = await loadCampaign(c.tx, actor.organizationId, campaignId);
  const [before] = await accountsById(c, campaign, [accountId]);
  const problem = rules.decideProblem(subjectOf(actor), before!, campaign.status === "open");
  if (problem) throw refused(problem);
  if (before!.decision !== "revoke" && before!.decision !== "change_role")
    throw badRequest(
      "nothing_to_complete",
      "Only a revocation or role change is carried out: this account is not decided that way.",
    );
  if (before!.completedAt) throw new AppError(409, "already_completed", "This account was already marked done.");
  const at = input.completedAt ?? c.now;
  if (at.getTime() > c.now.getTime() + 60_000)
    throw badRequest("future_date", "The completion time cannot be in the future.");
  if (before!.decidedAt && at < before!.decidedAt)
    throw badRequest("before_decision", "The completion time cannot be before the decision was made.");
  const [after] = await c.tx
    .update(accessReviewAccounts)
    .set({ completedAt: at, completedBy: actor.userId, completionNote: input.note })
    .where(eq(accessReviewAccounts.id, accountId))
    .returning();
  await c.emit(accessCompleted, { id: accountId, before: accountLedger(before!), after: accountLedger(after!) });
  return after!;
}

export async function reassign(
  c: Change,
  actor: OrgActor,
  campaignId: string,
  accountId: string,
  reviewerUserId: string,
): Promise<AccountRow> {
  const campaign = await loadCampaign(c.tx, actor.organizationId, campaignId);
  if (campaign.status !== "open")
    throw new AppError(409, "campaign_closed", "This review is closed: its reviewers are final.");
  const [before] = await accountsById(c, campaign, [accountId]);
  await assertMember(c.tx, actor.organizationId, reviewerUserId, "reviewer");
  const problem = rules.reviewerProblem(reviewerUserId, before!);
  if (problem) throw badRequest("own_account", problem);
  const [after] = await c.tx
    .update(accessReviewAccounts)
    .set({ reviewerUserId })
    .where(eq(accessReviewAccounts.id, accountId))
    .returning();
  await c.emit(accessReassigned, { id: accountId, before: accountLedger(before!), after: accountLedger(after!) });
  return after!;
}
