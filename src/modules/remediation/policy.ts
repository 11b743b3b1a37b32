import { allows, definePolicy, type Subject } from "../../core/roles.ts";

/**
 * The remediation plan: everyone but employees reads it; compliance staff run it; control owners move the items
 * they own; verifying a fix is a separate, senior step (never by the item's own owner, see service).
 */
export const policy = definePolicy({
  "remediation.read": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description:
      "See a program's remediation plan: the list with filters, each item with its history, the summary and burndown, and the CSV and PDF exports",
  },
  "remediation.manage": {
    roles: ["owner", "admin", "compliance_manager"],
    write: true,
    description:
      "Add remediation items and edit or move any of them (items are never deleted: they are closed by being done and verified)",
  },
  "remediation.update_own": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description:
      "Work on the remediation items you own: start them, mark them done with a note, reopen them, update their evidence (other people's items also need remediation.manage)",
  },
  "remediation.verify": {
    roles: ["owner", "admin", "compliance_manager"],
    write: true,
    description:
      "Verify that a done item is really fixed. The verifier must not be the item's owner (unless the organization has a single member)",
  },
});

/** What an item's owner may change without remediation.manage. */
export const OWNER_EDITABLE_ITEM_FIELDS = ["evidence"] as const;

/** Record rules, shared with the web app: pure predicates over the acting subject and the item. */
export const rules = {
  /** Start, complete, reopen or update the evidence of this item. */
  worksOnItem: (s: Subject, item: { ownerUserId: string | null }) =>
    allows(policy, s, "remediation.manage") ||
    (allows(policy, s, "remediation.update_own") && item.ownerUserId === s.userId),
  /** Edit the plan of this item (title, gap, risk, owner, dates…). */
  editsItemPlan: (s: Subject) => allows(policy, s, "remediation.manage"),
  /**
   * Verify this item: a verifier who is not its owner; the owner only when nobody else could (a single-member
   * organization). Returns the reason when not allowed, for the button's tooltip and the API's error.
   */
  verifyProblem: (s: Subject, item: { ownerUserId: string | null; ref: string }, memberCount: number) =>
    !allows(policy, s, "remediation.verify")
      ? "Your role cannot verify remediation items."
      : item.ownerUserId === s.userId && memberCount > 1
        ? `You own ${item.ref}, so someone else must verify it: an independent check is what makes verification worth having. Ask another owner, admin or compliance manager.`
        : null,
};

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
