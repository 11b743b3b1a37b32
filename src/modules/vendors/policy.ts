import { definePolicy } from "../../core/roles.ts";

/**
 * The vendor register. Everyone who reads the program reads it (auditors sample vendor reviews and the subprocessor
 * list); compliance staff and control owners keep it, review reports and send questionnaires.
 */
export const policy = definePolicy({
  "vendors.read": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description:
      "See the vendor register: vendors, their reports, questionnaires and scores, and the subprocessor list",
  },
  "vendors.manage": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description:
      "Add, edit and import vendors, record and review their reports, send security questionnaires and review answers",
  },
});

declare module "../../core/roles.ts" {
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
