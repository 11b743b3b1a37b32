import { ADMINS, definePolicy } from "../../core/roles.ts";

export const policy = definePolicy({
  "invitations.read": {
    roles: ADMINS,
    write: false,
    description: "See pending and expired invitations",
  },
  "invitations.create": {
    roles: ADMINS,
    write: true,
    description:
      "Invite someone by email, or resend an invitation (inviting an owner also needs members.manage_owners)",
  },
  "invitations.revoke": {
    roles: ADMINS,
    write: true,
    description: "Revoke a pending invitation so its link stops working",
  },
});

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
