import { policy as account } from "../../src/modules/account/policy.ts";
import { policy as agent } from "../../src/modules/agent/policy.ts";
import { policy as alerts } from "../../src/modules/alerts/policy.ts";
import { policy as auth } from "../../src/modules/auth/policy.ts";
import { policy as content } from "../../src/modules/content/policy.ts";
import { policy as evidence } from "../../src/modules/evidence/policy.ts";
import { policy as invitations } from "../../src/modules/invitations/policy.ts";
import { policy as jobs } from "../../src/modules/jobs/policy.ts";
import { policy as ledger } from "../../src/modules/ledger/policy.ts";
import { policy as members } from "../../src/modules/members/policy.ts";
import { policy as monitoring } from "../../src/modules/monitoring/policy.ts";
import { policy as notifications } from "../../src/modules/notifications/policy.ts";
import { policy as organizations } from "../../src/modules/organizations/policy.ts";
import { policy as programCode } from "../../src/modules/program-code/policy.ts";
import { policy as programs } from "../../src/modules/programs/policy.ts";
import { policy as remediation } from "../../src/modules/remediation/policy.ts";
import { policy as tokens } from "../../src/modules/tokens/policy.ts";
import type { Role } from "./roles.ts";

/**
 * Which roles may do what: the server's own policy tables (src/modules/<module>/policy.ts, plain data), so the web
 * app cannot drift from them. Used only to hide actions a role cannot take; the server decides, and every page
 * still handles a 403.
 */
export const POLICIES = {
  ...account,
  ...agent,
  ...alerts,
  ...auth,
  ...content,
  ...evidence,
  ...invitations,
  ...jobs,
  ...ledger,
  ...members,
  ...monitoring,
  ...notifications,
  ...organizations,
  ...programCode,
  ...programs,
  ...remediation,
  ...tokens,
};

export type Action = keyof typeof POLICIES;

export function can(role: Role | string | null | undefined, action: Action): boolean {
  return !!role && (POLICIES[action].roles as readonly string[]).includes(role);
}
