import { definePolicy } from "../../core/roles.ts";

/**
 * The incident register. Everyone who reads the program reads it (auditors sample incidents and their
 * post-mortems); control owners run incidents as commanders, so they manage the register with compliance staff.
 */
export const policy = definePolicy({
  "incidents.read": {
    roles: ["owner", "admin", "compliance_manager", "control_owner", "auditor", "viewer"],
    write: false,
    description:
      "See the incident register: incidents, their timelines, notification obligations, post-mortems and tabletop exercises",
  },
  "incidents.manage": {
    roles: ["owner", "admin", "compliance_manager", "control_owner"],
    write: true,
    description:
      "Log and import incidents, move them through their lifecycle, keep timelines, obligations and post-mortems, record tabletop exercises",
  },
  "incidents.delete": {
    roles: ["owner", "admin"],
    write: true,
    description:
      "Delete an incident logged by mistake while it is still detected (later ones are closed as not an incident), and anyone's timeline entries",
  },
});

declare module "../../core/roles.ts" {
  interface ActionRegistry extends Record<keyof typeof policy, true> {}
}
