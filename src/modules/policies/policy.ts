import { ALL_ROLES, allows, definePolicy, type Subject } from "../../core/roles.ts";

/**
 * Organization policies. Compliance staff write, submit, publish and track them; any member named as an approver
 * who holds `policies.approve` (not employees, viewers or auditors: approving is a decision of the organization,
 * and an auditor must stay independent of it) approves or sends back; auditors and viewers read everything; every
 * member, employees included, accepts what the portal asks of them (only as themselves).
 */
export const policy = definePolicy({
  "policies.read": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description:
      "See the organization's policies, their versions, diffs, approvals and who accepted them (tracking, CSV and PDF proof)",
  },
  "policies.manage": {
    roles: ["owner", "admin", "compliance_manager"],
    write: true,
    description:
      "Adopt templates, import and edit policies, submit versions for review with named approvers, publish them to an audience, and change the policy settings",
  },
  "policies.approve": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description:
      "Approve a policy version, or send it back with a comment, when named as one of its approvers (never a version you wrote while the organization requires independent approval)",
  },
  "policies.acknowledge": {
    roles: ALL_ROLES,
    write: true,
    description:
      "See the policies you are asked to accept in the portal and accept them (as yourself: who, which version, when, from where is recorded)",
  },
});

export type PolicyVersionStatus = "draft" | "in_review" | "approved" | "published" | "superseded";

interface VersionRef {
  status: PolicyVersionStatus;
  authorUserId: string | null;
}

/** Why this user cannot be named an approver of a version by this author; null when they can. */
const approverProblem = (author: string | null, approverId: string, independent: boolean) =>
  independent && author === approverId
    ? "The organization requires independent approval: the author of a version cannot approve it. Name someone else, or turn off “Authors may not approve their own change” in the policy settings."
    : null;

/**
 * Why this subject cannot approve (or send back) this version; null when they can. Shared with the web app, which
 * disables the buttons with this reason.
 */
const decideProblem = (
  s: Subject,
  version: VersionRef,
  approverIds: readonly string[],
  independent: boolean,
): string | null => {
  if (!allows(policy, s, "policies.approve"))
    return "Your role cannot approve policies: an owner, admin, compliance manager or control owner approves them.";
  if (version.status !== "in_review") return "This version is not waiting for review.";
  if (!approverIds.includes(s.userId)) return "You are not one of the approvers named for this version.";
  return approverProblem(version.authorUserId, s.userId, independent);
};

/** Record rules, shared with the web app: pure predicates over the acting subject and the version. */
export const rules = {
  approverProblem,
  decideProblem,
  /** The author may edit a version only while it is a draft. */
  editProblem: (s: Subject, version: Pick<VersionRef, "status">) =>
    !allows(policy, s, "policies.manage")
      ? "Your role can read policies but not edit them."
      : version.status !== "draft"
        ? "Only a draft can be edited: this version is past review. Start a new draft to change the policy."
        : null,
};

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
