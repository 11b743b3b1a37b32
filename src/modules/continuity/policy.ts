import { definePolicy } from "../../core/roles.ts";

/**
 * Business continuity and recovery: plans, recovery objectives and test records. Everyone who reads the program reads
 * them (auditors sample the tests); control owners, who run restores and drills, record them with compliance staff.
 */
export const policy = definePolicy({
  "continuity.read": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description: "See continuity plans, recovery objectives and restore and failover test records",
  },
  "continuity.manage": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description: "Add and change continuity plans and recovery objectives, and record restore tests and drills",
  },
});

declare module "../../core/roles.ts" {
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
