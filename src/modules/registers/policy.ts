import { ALL_ROLES, allows, definePolicy, type Subject } from "../../core/roles.ts";

/**
 * Saved views of the register lists. Every member saves their own (a view only stores filters: it shows nothing
 * the person could not see anyway); sharing one with the organization and removing someone else's shared view is
 * for the people who run the program.
 */
export const policy = definePolicy({
  "views.manage": {
    roles: ALL_ROLES,
    write: true,
    description: "Save a list's filters as a named view, and remove your own saved views",
  },
  "views.share": {
    roles: ["owner", "admin", "compliance_manager"],
    write: true,
    description: "Share a saved view with the whole organization, and remove anyone's shared view",
  },
});

/** Record rules, shared with the web app. */
export const rules = {
  /** Why this subject cannot remove this view; null when they can. */
  deleteViewProblem: (s: Subject, view: { ownerUserId: string; shared: boolean }) =>
    view.ownerUserId === s.userId || (view.shared && allows(policy, s, "views.share"))
      ? null
      : "Only the person who saved this view, or an owner, admin or compliance manager for a shared view, can remove it.",
};

declare module "../../core/roles.ts" {
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
