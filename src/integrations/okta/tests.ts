import { adminCountTest, mfaEnrolledTest, offboardedAccessTest } from "../identity/tests.ts";
import type { CatalogueTest } from "../types.ts";

export const OKTA_TESTS: readonly CatalogueTest[] = [
  mfaEnrolledTest({
    id: "okta.user_mfa_enrolled",
    title: "Active Okta users are enrolled in MFA",
    description:
      "Every user who can sign in (active, password expired, locked out, in recovery) has at least one active MFA factor enrolled.",
    remediation:
      "Require MFA enrollment in an authenticator enrollment policy (Security → Authenticators → Enrollment) and an authentication policy that asks for it, then have the user enroll Okta Verify or a security key (FastPass or WebAuthn preferred over SMS, voice or email).",
    factor: "MFA",
  }),
  adminCountTest({
    id: "okta.admin_count",
    title: "Few Okta super and org administrators",
    description:
      "At most the configured number (maxAdmins, default 3) of users who can sign in hold the Super Administrator or Organization Administrator role.",
    remediation:
      "Review Security → Administrators: remove the Super or Org Administrator role from users who do not need it, and give them a narrower standard or custom role (Help Desk, Read-Only, App, Group Administrator).",
    role: "super or org administrator",
  }),
  offboardedAccessTest({
    id: "okta.inactive_user_access",
    title: "Suspended and deactivated Okta users keep no apps, groups or admin roles",
    description:
      "A suspended or deactivated user is no longer assigned to any app, is in no group (other than Everyone) and holds no admin role, so nothing is restored by reactivating them and no group is pushed to other apps with them in it.",
    remediation:
      "Remove the user's app assignments (Directory → People → the user → Applications), group memberships and admin roles; for someone who left, deactivate the user after that, and delete them when the retention period is over.",
  }),
];
