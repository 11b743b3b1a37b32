import { definePolicy } from "../../core/roles.ts";

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
