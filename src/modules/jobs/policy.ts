import { ADMINS, definePolicy } from "../../core/roles.ts";

export const policy = definePolicy({
  "jobs.read": {
    roles: ADMINS,
    write: false,
    description: "See background job history, progress and failures (the organization's and installation-wide ones)",
  },
  "jobs.manage": {
    roles: ADMINS,
    write: true,
    description: "Retry the organization's failed background jobs",
  },
});

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
