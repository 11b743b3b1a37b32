import { ADMINS, ALL_ROLES, definePolicy } from "../../core/roles.ts";

export const policy = definePolicy({
  "organization.read": {
    roles: ALL_ROLES,
    write: false,
    description: "See the current organization's profile, logo and security settings",
  },
  "organization.update": {
    roles: ADMINS,
    write: true,
    description: "Rename the organization and upload or remove its logo",
  },
  "organization.security": {
    roles: ADMINS,
    write: true,
    description: "Change security settings: require MFA for every member, session idle and absolute timeouts",
  },
});

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
