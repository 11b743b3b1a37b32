import { definePolicy } from "../../core/roles.ts";

/**
 * The risk register. Everyone who reads the program reads it (auditors sample risks and the annual assessment);
 * control owners, who own many of the risks, keep them current alongside compliance staff; the scales and the annual
 * assessment belong to those who run the program.
 */
export const policy = definePolicy({
  "risks.read": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description: "See the risk register, its heat map, scales, starter library and risk assessments with their reports",
  },
  "risks.manage": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description: "Add, edit, delete, import and link risks to controls",
  },
  "risks.assess": {
    roles: ["owner", "admin", "compliance_manager"],
    write: true,
    description:
      "Change the likelihood and impact scales; start, complete and (as a second person) sign off the annual risk assessment",
  },
});

declare module "../../core/roles.ts" {
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
