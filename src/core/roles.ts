/** Organization roles, most to least privileged. */
export const ROLES = [
  "owner",
  "admin",
  "compliance_manager",
  "control_owner",
  "employee",
  "auditor",
  "viewer",
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  compliance_manager: "Compliance manager",
  control_owner: "Control owner",
  employee: "Employee",
  auditor: "Auditor",
  viewer: "Viewer",
};

/** A rule for one action: who may do it, and whether it changes data (read-scoped API tokens may not). */
export interface ActionRule {
  roles: readonly Role[];
  write: boolean;
  description: string;
}
export type PolicyTable = Record<string, ActionRule>;

export const definePolicy = <const T extends PolicyTable>(table: T): T => table;

export const ALL_ROLES: readonly Role[] = ROLES;
export const ADMINS: readonly Role[] = ["owner", "admin"];
export const STAFF_READERS: readonly Role[] = ["owner", "admin", "compliance_manager", "auditor"];
