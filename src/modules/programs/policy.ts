import { definePolicy } from "../../core/roles.ts";

const MANAGERS = ["owner", "admin", "compliance_manager"] as const;
const READERS = ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"] as const;

/** The SOC 2 program: scope, controls, self-assessment, readiness. Employees see none of it (they see their tasks). */
export const policy = definePolicy({
  "programs.read": {
    roles: READERS,
    write: false,
    description: "See programs, their scope, controls, readiness, gaps and the self-assessment",
  },
  "programs.manage": {
    roles: MANAGERS,
    write: true,
    description: "Create and scope programs, adopt library controls, add custom controls",
  },
  "controls.edit": {
    roles: MANAGERS,
    write: true,
    description: "Edit any control of a program: text, mapping, owner, frequency, applicability and status",
  },
  "controls.update_own": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description: "Set the status, reason and narrative of controls you own",
  },
  "assessment.answer": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description: "Answer the self-assessment questionnaire",
  },
});
