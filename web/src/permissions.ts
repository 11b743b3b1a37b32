import { POLICIES } from "./api/permissions.ts";
import type { Role } from "./roles.ts";

/**
 * Which roles may do what: the server's own policy tables, generated from the module manifests into
 * api/permissions.ts (`npm run api:generate`), so the web app cannot drift from them. Used only to hide actions a
 * role cannot take; the server decides, and every page still handles a 403.
 */
export { POLICIES };
export type Action = keyof typeof POLICIES;

export function can(role: Role | string | null | undefined, action: Action): boolean {
  return !!role && (POLICIES[action].roles as readonly string[]).includes(role);
}
