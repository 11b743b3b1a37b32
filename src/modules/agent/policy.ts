import { ADMINS, ALL_ROLES, definePolicy } from "../../core/roles.ts";

/** Same readers as monitoring: everyone but employees. */
const READERS = ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"] as const;

/**
 * The Linux endpoint agent: enrollment tokens let machines in, so they are an administrator's matter, as is
 * revoking a device. Enrolling and reporting are authenticated by the enrollment and device tokens themselves.
 */
export const policy = definePolicy({
  "devices.read": {
    roles: READERS,
    write: false,
    description: "See enrolled devices, their reported facts and the result of each check",
  },
  "devices.revoke": {
    roles: ADMINS,
    write: true,
    description: "Revoke a device: its token stops working and its results stop counting",
  },
  "devices.assign": {
    roles: ADMINS,
    write: true,
    description: "Give a device to a person of the directory (or to nobody)",
  },
  "agent.enroll_own": {
    roles: ALL_ROLES,
    write: true,
    description:
      "See your own devices and their checks, and create a one-time enrollment token that makes a computer yours",
  },
  "agent.read_enrollment": {
    roles: ADMINS,
    write: false,
    description: "List the agent's enrollment tokens (prefix, uses left, expiry; never the token)",
  },
  "agent.manage_enrollment": {
    roles: ADMINS,
    write: true,
    description:
      "Create an enrollment token (shown once; creates the Linux agent connection when there is none) and revoke one",
  },
});

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
