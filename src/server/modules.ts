import type { PolicyTable } from "../core/roles.ts";
import { policy as accountPolicy } from "../modules/account/policy.ts";
import account from "../modules/account/routes.ts";
import { policy as agentPolicy } from "../modules/agent/policy.ts";
import agent from "../modules/agent/routes.ts";
import { policy as alertsPolicy } from "../modules/alerts/policy.ts";
import alerts from "../modules/alerts/routes.ts";
import { policy as authPolicy } from "../modules/auth/policy.ts";
import auth from "../modules/auth/routes.ts";
import { policy as contentPolicy } from "../modules/content/policy.ts";
import content from "../modules/content/routes.ts";
import { policy as evidencePolicy } from "../modules/evidence/policy.ts";
import evidence from "../modules/evidence/routes.ts";
import { policy as invitationsPolicy } from "../modules/invitations/policy.ts";
import invitations from "../modules/invitations/routes.ts";
import { policy as jobsPolicy } from "../modules/jobs/policy.ts";
import jobs from "../modules/jobs/routes.ts";
import { policy as ledgerPolicy } from "../modules/ledger/policy.ts";
import ledger from "../modules/ledger/routes.ts";
import { policy as membersPolicy } from "../modules/members/policy.ts";
import members from "../modules/members/routes.ts";
import { policy as monitoringPolicy } from "../modules/monitoring/policy.ts";
import monitoring from "../modules/monitoring/routes.ts";
import { policy as notificationsPolicy } from "../modules/notifications/policy.ts";
import notifications from "../modules/notifications/routes.ts";
import { policy as organizationsPolicy } from "../modules/organizations/policy.ts";
import organizations from "../modules/organizations/routes.ts";
import { policy as programCodePolicy } from "../modules/program-code/policy.ts";
import programCode from "../modules/program-code/routes.ts";
import { policy as programsPolicy } from "../modules/programs/policy.ts";
import programs from "../modules/programs/routes.ts";
import { policy as remediationPolicy } from "../modules/remediation/policy.ts";
import remediation from "../modules/remediation/routes.ts";
import { policy as setupPolicy } from "../modules/setup/policy.ts";
import setup from "../modules/setup/routes.ts";
import { policy as tokensPolicy } from "../modules/tokens/policy.ts";
import tokens from "../modules/tokens/routes.ts";
import type { ApiApp } from "./api-app.ts";
import type { AppContext } from "./context.ts";

/** Every domain module: its routes (under /api/v1) and its policy table. Add new modules here. */
export const MODULES: { name: string; routes: (app: ApiApp, ctx: AppContext) => Promise<void>; policy: PolicyTable }[] =
  [
    { name: "setup", routes: setup, policy: setupPolicy },
    { name: "auth", routes: auth, policy: authPolicy },
    { name: "account", routes: account, policy: accountPolicy },
    { name: "organizations", routes: organizations, policy: organizationsPolicy },
    { name: "members", routes: members, policy: membersPolicy },
    { name: "invitations", routes: invitations, policy: invitationsPolicy },
    { name: "tokens", routes: tokens, policy: tokensPolicy },
    { name: "ledger", routes: ledger, policy: ledgerPolicy },
    { name: "jobs", routes: jobs, policy: jobsPolicy },
    { name: "remediation", routes: remediation, policy: remediationPolicy },
    { name: "notifications", routes: notifications, policy: notificationsPolicy },
    { name: "alerts", routes: alerts, policy: alertsPolicy },
    { name: "content", routes: content, policy: contentPolicy },
    { name: "programs", routes: programs, policy: programsPolicy },
    { name: "evidence", routes: evidence, policy: evidencePolicy },
    { name: "program-code", routes: programCode, policy: programCodePolicy },
    { name: "monitoring", routes: monitoring, policy: monitoringPolicy },
    { name: "agent", routes: agent, policy: agentPolicy },
  ];
