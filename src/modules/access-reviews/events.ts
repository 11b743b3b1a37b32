/** User access reviews: campaigns launched and closed, decisions made, revocations carried out. */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; before?: unknown; after?: unknown };
const campaign = (p: Recorded) => ({ entityType: "access_review", entityId: p.id, before: p.before, after: p.after });
const account = (p: Recorded) => ({
  entityType: "access_review_account",
  entityId: p.id,
  before: p.before,
  after: p.after,
});

/** A campaign launched with its snapshot of accounts (after: settings and the account count). */
export const accessReviewLaunched = defineEvent<Recorded>()("access_reviews.launched", { ledger: campaign });
/** A campaign closed (after: progress, the close note and the report's evidence ids). */
export const accessReviewClosed = defineEvent<Recorded>()("access_reviews.closed", { ledger: campaign });
/** A reviewer decided on an account: keep, revoke or change role, with the comment. */
export const accessDecided = defineEvent<Recorded>()("access_reviews.decided", { ledger: account });
/** Someone marked a revocation or role change done (when and a note). */
export const accessCompleted = defineEvent<Recorded>()("access_reviews.completed", { ledger: account });
/** A sync showed a revocation or role change carried out. */
export const accessConfirmed = defineEvent<Recorded>()("access_reviews.confirmed", { ledger: account });
/** An account was given another reviewer. */
export const accessReassigned = defineEvent<Recorded>()("access_reviews.reassigned", { ledger: account });
/** The closing report was attached as evidence (after: the evidence ids). */
export const accessReviewReported = defineEvent<Recorded>()("access_reviews.reported", { ledger: campaign });
