import { adminCountTest, mfaEnrolledTest, offboardedAccessTest, USER } from "../identity/tests.ts";
import type { CatalogueTest } from "../types.ts";

const ENFORCE_2SV =
  "In the Admin console → Security → Authentication → 2-Step Verification, allow users to turn it on and set Enforcement to On for their organizational unit (or a group).";

export const GOOGLE_TESTS: readonly CatalogueTest[] = [
  mfaEnrolledTest({
    id: "google.user_2sv_enrolled",
    title: "Active Google Workspace users use 2-Step Verification",
    description:
      "Every active (not suspended, not archived) user is enrolled in 2-Step Verification, so a stolen password alone does not open the account.",
    remediation: `Have the user enroll at myaccount.google.com/signinoptions/two-step-verification (a security key or the Google prompt), and enforce it. ${ENFORCE_2SV}`,
    factor: "2-Step Verification",
  }),
  {
    id: "google.admin_2sv_enforced",
    title: "Google Workspace administrators have 2-Step Verification enrolled and enforced",
    description:
      "Every active super admin and delegated admin is enrolled in 2-Step Verification, and it is enforced for them, so they cannot turn it off.",
    resourceType: USER,
    severity: "critical",
    controls: ["ACC-03", "ACC-09"],
    remediation: `Enroll the administrator in 2-Step Verification (preferably with a security key) and enforce it for the administrators' organizational unit or group. ${ENFORCE_2SV}`,
    evaluate: (r) => {
      const a = r.attributes;
      if (a.is_admin !== true) return { status: "not_applicable", reason: "Not an administrator." };
      if (a.can_sign_in !== true) return { status: "not_applicable", reason: `The account is ${a.status}.` };
      const role = Array.isArray(a.admin_roles) ? a.admin_roles.join(" and ") : "administrator";
      if (a.is_enrolled_in_2sv !== true)
        return { status: "fail", reason: `${a.email} (${role}) is not enrolled in 2-Step Verification.` };
      if (a.is_enforced_in_2sv !== true)
        return {
          status: "fail",
          reason: `${a.email} (${role}) is enrolled, but 2-Step Verification is not enforced: they could turn it off.`,
          remediation: ENFORCE_2SV,
        };
      return { status: "pass", reason: `${a.email} (${role}) is enrolled and 2-Step Verification is enforced.` };
    },
  },
  adminCountTest({
    id: "google.super_admin_count",
    title: "Few Google Workspace super admins",
    description:
      "Super admins can do anything in the account, including reading any user's mail. At most the configured number (maxAdmins, default 3) of active users hold the role.",
    remediation:
      "Remove the super admin role from users who do not need it (Admin console → Account → Admin roles → Super Admin → Admins) and give them a narrower role (User management, Help desk, …). Keep two or three, for break-glass.",
    role: "super admin",
  }),
  offboardedAccessTest({
    id: "google.suspended_user_access",
    title: "Suspended Google Workspace users hold no admin rights or tokens",
    description:
      "A suspended or archived account keeps no administrator role, and (when checkTokens is on) no OAuth tokens granted to third-party apps and no app passwords: offboarding removes them, so restoring the account does not bring its access back.",
    remediation:
      "Remove the admin roles of the account (Admin console → Directory → Users → the user → Admin roles and privileges), revoke its connected apps' tokens and app passwords (Security → the user's Security section), or delete the account once its data is transferred.",
  }),
];
