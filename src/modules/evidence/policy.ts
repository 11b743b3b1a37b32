import { allows, definePolicy, type Subject } from "../../core/roles.ts";

const MANAGERS = ["owner", "admin", "compliance_manager"] as const;

/**
 * Evidence: files, links and written statements that show a control operates. Employees may submit evidence (a
 * training certificate, a screenshot they were asked for) and see what they submitted, but do not browse the
 * library; auditors read it all.
 */
export const policy = definePolicy({
  "evidence.read": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description: "See the evidence library, its versions and links, and download evidence files",
  },
  "evidence.read_own": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "employee", "auditor", "viewer"],
    write: false,
    description: "See and download the evidence you submitted yourself (with evidence.read: all evidence)",
  },
  "evidence.upload": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "employee"],
    write: true,
    description:
      "Submit evidence (files, links, statements), linked to controls at submission, and correct evidence you submitted with a new version",
  },
  "evidence.link": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description: "Link submitted evidence to controls, and remove such links",
  },
  "evidence.manage": {
    roles: MANAGERS,
    write: true,
    description: "Correct evidence someone else submitted with a new version",
  },
});

/** Record rules, shared with the web app: pure predicates over the acting subject and the evidence. */
export const rules = {
  /** The whole library, not only what you submitted. */
  readsAllEvidence: (s: Subject) => allows(policy, s, "evidence.read"),
  /** See and download this evidence: anyone who reads the library, or the person who submitted it. */
  readsEvidence: (s: Subject, evidence: { collectedBy: string | null }) =>
    allows(policy, s, "evidence.read") || (allows(policy, s, "evidence.read_own") && evidence.collectedBy === s.userId),
  /** Correct this evidence with a new version: what you submitted, or anything with evidence.manage. */
  correctsEvidence: (s: Subject, evidence: { collectedBy: string | null }) =>
    allows(policy, s, "evidence.manage") || (allows(policy, s, "evidence.upload") && evidence.collectedBy === s.userId),
};

declare module "../../core/roles.ts" {
  /** This module's actions, part of the compile-time `Action` union. */
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
