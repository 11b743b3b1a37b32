import type { Role } from "./types.ts";

/**
 * Which roles may do what: a mirror of the policy tables in src/modules/<module>/policy.ts, used only to hide
 * actions a role cannot take. The server decides; every page still handles a 403.
 */
const ALL: readonly Role[] = ["owner", "admin", "compliance_manager", "control_owner", "employee", "auditor", "viewer"];
const ADMINS: readonly Role[] = ["owner", "admin"];
const STAFF_READERS: readonly Role[] = ["owner", "admin", "compliance_manager", "auditor"];
/** Everyone but employees, who see their own tasks rather than the program. */
const PROGRAM_READERS: readonly Role[] = ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"];
const MANAGERS: readonly Role[] = ["owner", "admin", "compliance_manager"];
const WORKERS: readonly Role[] = ["owner", "admin", "compliance_manager", "control_owner"];

export const PERMISSIONS = {
  "organization.read": ALL,
  "organization.update": ADMINS,
  "organization.security": ADMINS,
  "members.read": ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
  "members.update": ADMINS,
  "members.remove": ADMINS,
  "members.manage_owners": ["owner"],
  "invitations.read": ADMINS,
  "invitations.create": ADMINS,
  "invitations.revoke": ADMINS,
  "tokens.read": ALL,
  "tokens.create": ALL,
  "tokens.write_scope": ["owner", "admin", "compliance_manager", "control_owner", "employee"],
  "tokens.revoke": ALL,
  "tokens.manage_all": ADMINS,
  "ledger.read": STAFF_READERS,
  "ledger.verify": STAFF_READERS,
  "jobs.read": ADMINS,
  "jobs.manage": ADMINS,
  "content.read": ALL,
  "programs.read": PROGRAM_READERS,
  "programs.manage": MANAGERS,
  "controls.edit": MANAGERS,
  "controls.update_own": WORKERS,
  "assessment.answer": WORKERS,
  "remediation.read": PROGRAM_READERS,
  "remediation.manage": MANAGERS,
  "remediation.update_own": WORKERS,
  "remediation.verify": MANAGERS,
  "programs.export": PROGRAM_READERS,
  "programs.import": MANAGERS,
  "notifications.read": ALL,
  "notifications.update": ALL,
  "alerts.read_preferences": ALL,
  "alerts.update_preferences": ALL,
  "alerts.read_webhooks": ADMINS,
  "alerts.manage_webhooks": ADMINS,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, action: Action): boolean {
  return !!role && (PERMISSIONS[action] as readonly Role[]).includes(role);
}
