import { definePolicy } from "../../core/roles.ts";

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
