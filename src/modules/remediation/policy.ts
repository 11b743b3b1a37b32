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
      "Add remediation items, plan their steps, and edit or move any of them (items are never deleted: they are closed by being done and verified)",
  },
  "remediation.update_own": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description:
      "Work on the remediation items you own: start them, mark them done with a note, reopen them, update their evidence and the status of their steps (other people's items also need remediation.manage)",
  },
  "remediation.comment": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description:
      "Comment on remediation items and mention other members with @email (a mentioned member is notified). Auditors and viewers read the comments",
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

/** The moves of an item's status, as the web app offers them: start, mark done, verify, reopen. */
export type ItemMove = "start" | "done" | "verify" | "reopen";
const MOVE_WORDS: Record<Exclude<ItemMove, "verify">, string> = {
  start: "start",
  done: "mark done",
  reopen: "reopen",
};

type ItemRef = { ownerUserId: string | null; ref: string };

/** Start, complete, reopen or update the evidence of this item. */
const worksOnItem = (s: Subject, item: { ownerUserId: string | null }) =>
  allows(policy, s, "remediation.manage") ||
  (allows(policy, s, "remediation.update_own") && item.ownerUserId === s.userId);

/**
 * Verify this item: a verifier who is not its owner; the owner only when nobody else could (a single-member
 * organization). Returns the reason when not allowed, for the button's tooltip and the API's error.
 */
const verifyProblem = (s: Subject, item: ItemRef, memberCount: number) =>
  !allows(policy, s, "remediation.verify")
    ? "Your role cannot verify remediation items: an owner, admin or compliance manager verifies them."
    : item.ownerUserId === s.userId && memberCount > 1
      ? `You own ${item.ref}, so someone else must verify it: an independent check is what makes verification worth having. Ask another owner, admin or compliance manager.`
      : null;

/** Why this person may not work on this item (start, mark done, reopen, edit its evidence or steps); null: they may. */
const workProblem = (s: Subject, item: ItemRef, what = "change") =>
  worksOnItem(s, item)
    ? null
    : allows(policy, s, "remediation.update_own")
      ? `Only ${item.ref}'s owner or a compliance manager, admin or owner can ${what} it. Ask them, or ask to be made its owner.`
      : `Your role can read the remediation plan but not ${what} items.`;

/** Record rules, shared with the web app: pure predicates over the acting subject and the item. */
export const rules = {
  worksOnItem,
  /** Edit the plan of this item (title, gap, risk, owner, dates…). */
  editsItemPlan: (s: Subject) => allows(policy, s, "remediation.manage"),
  verifyProblem,
  workProblem,
  /**
   * Why this person cannot make this move on this item (who they are, not the item's status: see transitions.ts),
   * or null. The API refuses with this reason; the web app disables the button and shows it.
   */
  moveProblem: (s: Subject, item: ItemRef, move: ItemMove, memberCount: number) =>
    move === "verify" ? verifyProblem(s, item, memberCount) : workProblem(s, item, MOVE_WORDS[move]),
};

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
