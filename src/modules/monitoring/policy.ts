import { allows, definePolicy, type Subject } from "../../core/roles.ts";

const READERS = ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"] as const;
const MANAGERS = ["owner", "admin", "compliance_manager"] as const;

/**
 * Continuous monitoring: connections and their secrets are an administrator's matter; tests and exceptions belong
 * to compliance staff; an exception needs a second person with authority to approve it (checked in the service).
 */
export const policy = definePolicy({
  "monitoring.read": {
    roles: READERS,
    write: false,
    description:
      "See connectors, connections (never their secrets), syncs, resources, tests with their results and history, exceptions and the status at any date",
  },
  "monitoring.manage_connections": {
    roles: ["owner", "admin"],
    write: true,
    description: "Add, change and remove connections with their credentials, and test them",
  },
  "monitoring.sync": {
    roles: MANAGERS,
    write: true,
    description: "Start a sync of a connection now",
  },
  "monitoring.manage_tests": {
    roles: MANAGERS,
    write: true,
    description: "Write custom tests, turn tests on and off, and dry-run a test on the current resources",
  },
  "monitoring.request_exception": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description: "Ask for an exception to a failing test, with a justification, an expiry and an approver",
  },
  "monitoring.approve_exception": {
    roles: MANAGERS,
    write: true,
    description: "Approve or reject an exception you were named approver of (never your own request)",
  },
  "monitoring.revoke_exception": {
    roles: MANAGERS,
    write: true,
    description: "Revoke an exception before it expires (the failure counts again at once)",
  },
});

/** Record rules, shared with the web app: pure predicates over the acting subject and the exception. */
export const rules = {
  /** Name this person as approver of your request: anyone with authority but yourself. */
  namesApprover: (s: Subject, approverUserId: string) => approverUserId !== s.userId,
  /** Approve or reject this exception: only the approver it names. */
  decidesException: (s: Subject, exception: { approverUserId: string }) =>
    allows(policy, s, "monitoring.approve_exception") && exception.approverUserId === s.userId,
};

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
