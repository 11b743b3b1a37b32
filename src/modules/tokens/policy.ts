import { ADMINS, ALL_ROLES, definePolicy } from "../../core/roles.ts";

/** Everyone may have personal tokens: a token never allows more than its owner's role (and its scope). */
export const policy = definePolicy({
  "tokens.read": {
    roles: ALL_ROLES,
    write: false,
    description: "List your own API tokens in this organization",
  },
  "tokens.create": {
    roles: ALL_ROLES,
    write: true,
    description:
      "Create a personal API token (read scope; the secret is shown once). A token can create tokens that do not outlive it",
  },
  "tokens.write_scope": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "employee"],
    write: true,
    description: "Create a write-scoped token (auditors and viewers get read-only tokens)",
  },
  "tokens.revoke": {
    roles: ALL_ROLES,
    write: true,
    description: "Revoke your own API tokens (revoking someone else's also needs tokens.manage_all)",
  },
  "tokens.manage_all": {
    roles: ADMINS,
    write: false,
    description: "See every member's API tokens in this organization (`?all=true`) and revoke any of them",
  },
});

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
