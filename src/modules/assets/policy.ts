import { definePolicy } from "../../core/roles.ts";

/**
 * The asset inventory. Everyone who reads the program reads it (auditors sample it, the system description lists
 * what is in scope); control owners, who run the systems, keep it current alongside compliance staff.
 */
export const policy = definePolicy({
  "assets.read": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description: "See the asset inventory, the in-scope summary and its reviews",
  },
  "assets.manage": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description:
      "Add, change, import and remove assets, promote connector resources into the inventory and record its review",
  },
});

declare module "../../core/roles.ts" {
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
