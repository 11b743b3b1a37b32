import { allows, definePolicy, type Subject } from "../../core/roles.ts";

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

/** What a control's owner may change on a control they own (the rest needs controls.edit). */
export const OWNER_EDITABLE_CONTROL_FIELDS = ["status", "statusReason", "narrative"] as const;

/** Record rules, shared with the web app: pure predicates over the acting subject and the record. */
export const rules = {
  /** Any field of any control. */
  editsAnyControlField: (s: Subject) => allows(policy, s, "controls.edit"),
  /** The owner fields of this control: managers on every control, control owners on the ones they own. */
  updatesControl: (s: Subject, control: { ownerUserId: string | null }) =>
    allows(policy, s, "controls.edit") ||
    (allows(policy, s, "controls.update_own") && control.ownerUserId === s.userId),
};

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
