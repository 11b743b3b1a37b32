import { definePolicy } from "../../core/roles.ts";

/** The employee portal: every member sees what the compliance program asks of them, and only that. */
export const policy = definePolicy({
  "portal.read_own": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer", "employee"],
    write: false,
    description:
      "See your own portal: the policies to accept, training to take, checklist steps and devices the compliance program asks of you",
  },
});

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
