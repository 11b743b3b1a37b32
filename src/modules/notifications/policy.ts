import { ALL_ROLES, definePolicy } from "../../core/roles.ts";

/** Everyone has an inbox; it only ever shows the person's own notifications in the current organization. */
export const policy = definePolicy({
  "notifications.read": {
    roles: ALL_ROLES,
    write: false,
    description: "See your own notifications in this organization (unread first)",
  },
  "notifications.update": {
    roles: ALL_ROLES,
    write: true,
    description: "Mark your own notifications read, one or all",
  },
});

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
