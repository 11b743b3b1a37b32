/** The roles a membership can have, with their names, for pickers and badges (src/core/roles.ts is the source). */
import { ROLE_LABELS, ROLES, type Role } from "../../src/core/roles.ts";

export { ROLE_LABELS, ROLES, type Role };

export const roleOptions = (roles: readonly Role[] = ROLES) => roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
