import { ADMINS, ALL_ROLES, definePolicy } from "../../core/roles.ts";

/**
 * Everyone chooses how they hear about alerts in the organization (only for themselves); webhooks post to a shared
 * channel and hold a secret URL, so they are an administrator's matter.
 */
export const policy = definePolicy({
  "alerts.read_preferences": {
    roles: ALL_ROLES,
    write: false,
    description: "See your own alert preferences in this organization",
  },
  "alerts.update_preferences": {
    roles: ALL_ROLES,
    write: true,
    description: "Choose, per kind of alert, whether you get it in the app and by email (now, in the digest, or not)",
  },
  "alerts.read_webhooks": {
    roles: ADMINS,
    write: false,
    description: "See the organization's alert webhooks (their host, never the URL) and their last delivery",
  },
  "alerts.manage_webhooks": {
    roles: ADMINS,
    write: true,
    description: "Add, change, test and remove Slack-compatible alert webhooks",
  },
});

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
