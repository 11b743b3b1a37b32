import { ADMINS, definePolicy } from "../../core/roles.ts";

export const policy = definePolicy({
  "members.read": {
    // Employees only see their own tasks; everyone else needs the people list (e.g. to pick a control owner).
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description: "List the organization's members with their roles and MFA status (employees cannot)",
  },
  "members.update": {
    roles: ADMINS,
    write: true,
    description: "Change a member's role (the owner role also needs members.manage_owners)",
  },
  "members.remove": {
    roles: ADMINS,
    write: true,
    description:
      "Remove a member: ends their sessions in this organization and revokes their API tokens for it (removing an owner also needs members.manage_owners)",
  },
  "members.manage_owners": {
    roles: ["owner"],
    write: true,
    description:
      "Grant or take away the owner role: promote to owner, demote or remove an owner, invite someone as owner. The last owner can never be removed or demoted",
  },
});

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
