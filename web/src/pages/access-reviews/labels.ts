import type { AccessDecision, ReviewAccount } from "../../api/models/access-reviews.ts";

export const DECISION_BADGE: Record<AccessDecision, { color: string; label: string }> = {
  keep: { color: "teal", label: "Keep" },
  revoke: { color: "red", label: "Revoke" },
  change_role: { color: "orange", label: "Change role" },
};

export const FLAG_BADGE: Record<NonNullable<ReviewAccount["flag"]>, { color: string; label: string; hint: string }> = {
  orphan: {
    color: "red",
    label: "No owner",
    hint: "Matches nobody in the people directory: suggested decision revoke.",
  },
  left: {
    color: "grape",
    label: "Holder left",
    hint: "The holder has left the organization: suggested decision revoke.",
  },
};

/** Whether a revocation or role change still needs doing. */
export const unfinished = (a: ReviewAccount) =>
  (a.decision === "revoke" || a.decision === "change_role") && !a.completedAt && !a.confirmedAt;
