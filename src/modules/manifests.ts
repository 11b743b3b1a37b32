/**
 * Every domain module's manifest, in one list. Importing this file installs their subscribers in the kernel; the
 * server mounts their routes and the access check reads their policies from here, the worker registers their jobs.
 * Adding a domain = one folder with a manifest.ts + one line below.
 */

import { registerJob, registerSchedule } from "../jobs/registry.ts";
import type { ModuleManifest } from "../kernel/manifest.ts";
import { installRoutines } from "../kernel/routines.ts";
import { installSubscribers } from "../kernel/subscribers.ts";
import accessReviews from "./access-reviews/manifest.ts";
import account from "./account/manifest.ts";
import agent from "./agent/manifest.ts";
import alerts from "./alerts/manifest.ts";
import assets from "./assets/manifest.ts";
import auth from "./auth/manifest.ts";
import changes from "./changes/manifest.ts";
import content from "./content/manifest.ts";
import continuity from "./continuity/manifest.ts";
import evidence from "./evidence/manifest.ts";
import incidents from "./incidents/manifest.ts";
import invitations from "./invitations/manifest.ts";
import jobs from "./jobs/manifest.ts";
import ledger from "./ledger/manifest.ts";
import members from "./members/manifest.ts";
import monitoring from "./monitoring/manifest.ts";
import notifications from "./notifications/manifest.ts";
import organizations from "./organizations/manifest.ts";
import people from "./people/manifest.ts";
import policies from "./policies/manifest.ts";
import portal from "./portal/manifest.ts";
import programCode from "./program-code/manifest.ts";
import programs from "./programs/manifest.ts";
import registers from "./registers/manifest.ts";
import remediation from "./remediation/manifest.ts";
import risks from "./risks/manifest.ts";
import setup from "./setup/manifest.ts";
import tokens from "./tokens/manifest.ts";
import training from "./training/manifest.ts";
import vendors from "./vendors/manifest.ts";
import vulnerabilities from "./vulnerabilities/manifest.ts";

export const MANIFESTS: readonly ModuleManifest[] = [
  setup,
  auth,
  account,
  organizations,
  members,
  invitations,
  tokens,
  ledger,
  jobs,
  // Programs first among the domains: its signals and readiness subscribers run before anyone reads what they derive.
  programs,
  remediation,
  notifications,
  alerts,
  content,
  evidence,
  programCode,
  monitoring,
  agent,
  people,
  portal,
  accessReviews,
  training,
  policies,
  registers,
  vulnerabilities,
  changes,
  assets,
  continuity,
  incidents,
  vendors,
  risks,
];

// Subscribers get events in this order: programs' signals, then its readiness, then the later modules' (alerts).
installSubscribers(MANIFESTS.flatMap((m) => m.subscribers ?? []));
installRoutines(MANIFESTS);
for (const m of MANIFESTS) {
  for (const job of m.jobs ?? []) registerJob(job);
  for (const schedule of m.schedules ?? []) registerSchedule(schedule);
}
