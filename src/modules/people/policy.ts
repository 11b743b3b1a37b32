import { allows, definePolicy, type Subject } from "../../core/roles.ts";

/**
 * The people directory. Everyone but employees reads it (auditors sample it); compliance staff keep it. An employee
 * sees their own record through the portal, not the directory. Checklist steps are done by their assignee (the
 * person, their manager or a named member) or by compliance staff.
 */
export const policy = definePolicy({
  "people.read": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description:
      "See the people directory: each person's employment details, checklists, background checks, compliance status and the people dashboard",
  },
  "people.manage": {
    roles: ["owner", "admin", "compliance_manager"],
    write: true,
    description:
      "Add people by hand or from the HR CSV, edit their details, start their on- and offboarding, complete any checklist step, record background checks and change the people settings (SLA, templates)",
  },
  "people.own_tasks": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer", "employee"],
    write: false,
    description: "See the on- and offboarding steps assigned to you (as the person, their manager or a named member)",
  },
  "people.complete_item": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "employee"],
    write: true,
    description:
      "Complete an on- or offboarding step assigned to you, with a note or a link as proof (any step needs people.manage)",
  },
});

/** Record rules, shared with the web app. */
export const rules = {
  /** Why this subject may not complete this checklist step, or null: they may. */
  completeProblem: (s: Subject, item: { assigneeUserId: string | null }) =>
    allows(policy, s, "people.manage") ||
    (allows(policy, s, "people.complete_item") && item.assigneeUserId === s.userId)
      ? null
      : allows(policy, s, "people.complete_item")
        ? "Only the step's assignee or a compliance manager, admin or owner can complete it."
        : "Your role cannot complete checklist steps.",
};

declare module "../../core/roles.ts" {
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
