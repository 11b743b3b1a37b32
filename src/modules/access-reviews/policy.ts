import { allows, definePolicy, type Subject } from "../../core/roles.ts";

/**
 * User access reviews: compliance staff launch and close campaigns; each account's reviewer (a manager or the
 * system owner, whatever their role, employees included) decides on the accounts assigned to them; everyone but
 * employees reads the campaigns and their reports.
 */
export const policy = definePolicy({
  "access_reviews.read": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description:
      "See access review campaigns: their accounts, reviewers, decisions, flags (orphaned accounts, people who left) and progress, and download the CSV and PDF report",
  },
  "access_reviews.manage": {
    roles: ["owner", "admin", "compliance_manager"],
    write: true,
    description:
      "Launch access review campaigns (from a monitoring connection's accounts or an uploaded CSV), reassign reviewers, decide or complete any account, and close campaigns (the report is attached as evidence)",
  },
  "access_reviews.decide": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer", "employee"],
    write: true,
    description:
      "Review the accounts assigned to you: keep, revoke or change their role with a comment, and mark your revocations done. Nobody reviews their own account",
  },
});

type AccountRef = { reviewerUserId: string; holderUserId: string | null; account: string };

/** Why this person may not decide on (or complete) this account, or null. Shared with the web app. */
function decideProblem(s: Subject, a: AccountRef, campaignOpen: boolean): string | null {
  if (!campaignOpen) return "This review is closed: its decisions are final.";
  if (a.holderUserId === s.userId)
    return `“${a.account}” is your own account, and nobody reviews their own access. Ask a compliance manager to assign it to someone else.`;
  if (a.reviewerUserId === s.userId || allows(policy, s, "access_reviews.manage")) return null;
  return `“${a.account}” is assigned to another reviewer. Only they or a compliance manager can decide on it.`;
}

/** Record rules, shared with the web app. */
export const rules = {
  decideProblem,
  /** May this member be the reviewer of this account (never its own holder)? */
  reviewerProblem: (reviewerUserId: string, a: { holderUserId: string | null; account: string }) =>
    a.holderUserId === reviewerUserId
      ? `This member holds “${a.account}”: choose someone else to review it (nobody reviews their own access).`
      : null,
};

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
