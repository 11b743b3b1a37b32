import { definePolicy } from "../../core/roles.ts";

export const policy = definePolicy({});

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
