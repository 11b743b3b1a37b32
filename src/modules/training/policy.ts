import { allows, definePolicy, type Subject } from "../../core/roles.ts";

/**
 * Security awareness training. Every member takes their own training (the person they are in the people
 * directory); auditors and viewers read the completion records and reports; compliance staff run it: settings,
 * external training decisions, recording training for others, attaching the report as evidence.
 */
export const policy = definePolicy({
  "training.take": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer", "employee"],
    write: true,
    description:
      "Take your own security awareness training: read the course, answer the quiz (graded by the server), retry a failed attempt, and record training you took elsewhere with its certificate",
  },
  "training.read": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description:
      "See who has completed security awareness training and who is due or overdue, external training records with their certificates, the settings, and the CSV and PDF completion reports",
  },
  "training.manage": {
    roles: ["owner", "admin", "compliance_manager"],
    write: true,
    description:
      "Run security awareness training: change the settings (pass mark, days for new hires, required share), record external training for a person, accept or reject external training, and attach the completion report as evidence",
  },
});

/** Record rules, shared with the web app. */
export const rules = {
  /** Sees this external training record and its certificate: their own, or everyone's with training.read. */
  readsExternal: (s: Subject, record: { personUserId: string | null }) =>
    allows(policy, s, "training.read") || (record.personUserId !== null && record.personUserId === s.userId),
  managesTraining: (s: Subject) => allows(policy, s, "training.manage"),
};

declare module "../../core/roles.ts" {
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
