import { definePolicy } from "../../core/roles.ts";

/**
 * The change register. Everyone who reads the program reads it (auditors draw their samples from its population);
 * compliance staff and control owners (who run the repositories) record, sync and import changes; approving an
 * emergency change after the fact is its own action, and never open to the change's author (src/core/changes.ts);
 * the window for that approval is a setting of compliance staff, not of the control owners it judges.
 */
export const policy = definePolicy({
  "changes.read": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description: "See the change register: changes, their review evidence and flags, the population of a period",
  },
  "changes.manage": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description: "Record, edit, remove and import changes, sync them from GitHub or git connections, link controls",
  },
  "changes.approve": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description: "Approve an emergency change after the fact (never one you authored)",
  },
  "changes.manage_settings": {
    roles: ["owner", "admin", "compliance_manager"],
    write: true,
    description: "Set how many days an emergency change may wait for its after-the-fact approval (1–30)",
  },
});

declare module "../../core/roles.ts" {
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
