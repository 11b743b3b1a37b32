/**
 * What the identity connectors (Google Workspace, Okta) have in common: the attributes every `user` and
 * `directory` resource carries, whatever the provider, and the tests written once over them. Each connector
 * maps its provider's fields onto these, so its tests, custom rules and the later cross-check with `person`
 * resources (join on the lower-cased `email`) read the same names.
 *
 * `user` attributes: `email` (lower-cased), `status` (the provider's, lower-cased), `can_sign_in` (the account is
 * in a state where it can be used), `offboarded` (suspended, archived or deprovisioned), `mfa_enrolled`
 * (boolean, or null when it could not be read), `mfa_methods`, `is_admin`, `admin_roles`, and for offboarded
 * users `access_held` (what still grants access; null when it could not be read).
 * `directory` attributes: `admins` (emails of the accounts counted against maxAdmins), `admin_count`.
 */

import type { Severity } from "../../core/sla.ts";
import type { CatalogueTest, Evaluation, EvaluationContext, ResourceInput } from "../types.ts";

export const USER = "user";
export const DIRECTORY = "directory";

const pass = (reason: string): Evaluation => ({ status: "pass", reason });
const fail = (reason: string, remediation?: string): Evaluation => ({ status: "fail", reason, remediation });
const na = (reason: string): Evaluation => ({ status: "not_applicable", reason });
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const who = (r: ResourceInput) => (typeof r.attributes.email === "string" ? r.attributes.email : r.name);

interface TestText {
  id: string;
  title: string;
  description: string;
  remediation: string;
  severity?: Severity;
}

/** Every account that can sign in has a second factor. */
export function mfaEnrolledTest(t: TestText & { factor: string }): CatalogueTest {
  return {
    ...t,
    resourceType: USER,
    severity: t.severity ?? "high",
    controls: ["ACC-03"],
    evaluate: (r) => {
      const a = r.attributes;
      if (a.can_sign_in !== true) return na(`The account is ${a.status} and cannot sign in.`);
      if (a.mfa_enrolled === null || a.mfa_enrolled === undefined)
        return { status: "error", reason: `Whether ${who(r)} uses ${t.factor} could not be read in the last sync.` };
      const methods = strings(a.mfa_methods);
      return a.mfa_enrolled === true
        ? pass(`${who(r)} is enrolled in ${t.factor}${methods.length ? ` (${methods.join(", ")})` : ""}.`)
        : fail(`${who(r)} can sign in with a password alone: not enrolled in ${t.factor}.`);
    },
  };
}

/** At most `maxAdmins` (a connection setting, default 3) accounts hold the top administrator roles. */
export function adminCountTest(t: TestText & { role: string }): CatalogueTest {
  return {
    ...t,
    resourceType: DIRECTORY,
    severity: t.severity ?? "high",
    controls: ["ACC-09"],
    evaluate: (r, ctx: EvaluationContext) => {
      const max = typeof ctx.config.maxAdmins === "number" ? ctx.config.maxAdmins : 3;
      if (!Array.isArray(r.attributes.admins))
        return { status: "error", reason: "The administrators could not be read in the last sync." };
      const admins = strings(r.attributes.admins);
      const list = admins.join(", ") || "none";
      const n = admins.length;
      return n <= max
        ? pass(`${n} ${t.role}${n === 1 ? "" : "s"} (${list}); at most ${max} allowed.`)
        : fail(`${n} ${t.role}s (${list}); at most ${max} allowed.`);
    },
  };
}

/** Accounts of people who left (suspended, archived, deprovisioned) keep no way in. */
export function offboardedAccessTest(t: TestText): CatalogueTest {
  return {
    ...t,
    resourceType: USER,
    severity: t.severity ?? "high",
    controls: ["ACC-07", "HR-10"],
    evaluate: (r) => {
      const a = r.attributes;
      if (a.offboarded !== true) return na(`The account is ${a.status}, not offboarded.`);
      if (a.access_held === null || a.access_held === undefined)
        return {
          status: "error",
          reason: `What ${who(r)} still holds could not be read in the last sync.`,
        };
      const held = strings(a.access_held);
      const checked = strings(a.access_checked);
      return held.length
        ? fail(`${who(r)} is ${a.status} but still holds: ${held.join("; ")}.`)
        : pass(`${who(r)} is ${a.status} and holds nothing of what was checked (${checked.join(", ") || "n/a"}).`);
    },
  };
}
