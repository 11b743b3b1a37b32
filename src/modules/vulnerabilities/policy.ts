import { definePolicy } from "../../core/roles.ts";

/**
 * The vulnerability register. Everyone who reads the program reads it (auditors sample findings and their fix dates);
 * control owners, who run the scanners, import reports alongside compliance staff.
 */
export const policy = definePolicy({
  "vulnerabilities.read": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description: "See the vulnerability register: findings, their SLA and fix dates, the imports and the dashboard",
  },
  "vulnerabilities.import": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description: "Import a scanner report (SARIF 2.1.0, Trivy or Grype JSON) into the register",
  },
  "vulnerabilities.manage": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description: "Link findings to the controls they concern",
  },
  "vulnerabilities.accept_risk": {
    roles: ["owner", "admin", "compliance_manager"],
    write: true,
    description:
      "Accept an open finding's risk until a day, with the reason (it is not late meanwhile), or withdraw an acceptance",
  },
  "vulnerabilities.manage_settings": {
    roles: ["owner", "admin", "compliance_manager"],
    write: true,
    description: "Set the remediation SLAs by severity (open findings' fix-by dates move with them)",
  },
});

declare module "../../core/roles.ts" {
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
