import { definePolicy } from "../../core/roles.ts";

/**
 * A program as code: the git-friendly folder of YAML and Markdown (export and import) and the OSCAL documents.
 * Reading it out is reading the program (auditors included); importing rewrites the program, so it is for the
 * people who run it.
 */
export const policy = definePolicy({
  "programs.export": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description:
      "Download a program as code (a zip of YAML and Markdown) and as OSCAL (system security plan, plan of action and milestones)",
  },
  "programs.import": {
    roles: ["owner", "admin", "compliance_manager"],
    write: true,
    description:
      "Import a program folder (zip): preview the differences, then create or update the program's scope, controls, self-assessment and remediation plan in one step",
  },
});

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
