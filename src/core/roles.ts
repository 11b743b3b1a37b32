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

/**
 * Every action name a module declares, as a compile-time union: each module's policy.ts adds its table's keys to
 * this registry (declaration merging), so `can(actor, "controls.edti")` or a route naming an unknown action fails
 * to compile.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in every policy.ts
export interface ActionRegistry {}
export type Action = keyof ActionRegistry & string;

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

/** Who acts, as record rules see it: pure data, the same on the server and in the web app. */
export interface Subject {
  userId: string;
  role: Role;
  /** API tokens with read scope may do no write action. */
  readOnly?: boolean;
}

/** May this subject take the action of this table? (The role check of `can`, without the global registry.) */
export function allows<T extends PolicyTable>(table: T, subject: Subject, action: keyof T & string): boolean {
  const rule = table[action]!;
  return rule.roles.includes(subject.role) && !(rule.write && subject.readOnly);
}
