import { ALL_ROLES, definePolicy } from "../../core/roles.ts";

/** The built-in content (criteria, control library, crosswalks) is the same for everyone who is signed in. */
export const policy = definePolicy({
  "content.read": {
    roles: ALL_ROLES,
    write: false,
    description: "Read the Trust Services Criteria, the control library, the policy templates and framework crosswalks",
  },
});

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
