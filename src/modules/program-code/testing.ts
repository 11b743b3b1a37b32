import { eq } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { remediationItems } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { createAssessmentService } from "../programs/assessment.ts";
import { createControlsService } from "../programs/controls.ts";
import { seedActor, seedControl, seedProgram } from "../programs/testing.ts";
import { createRemediationItems } from "../remediation/store.ts";
import { readYaml } from "./documents.ts";

/**
 * A program with a bit of everything (tests only): the library for security and availability, a full system
 * description, owners, statuses, a control out of scope with its reason, a custom control, self-assessment
 * answers (which open remediation items) and a hand-written item in progress. Texts include a line that reads
 * like a section heading, CRLF line endings and values YAML 1.1 would misread.
 */
export async function seedRichProgram(db: Db, organizationId: string, ownerId: string, memberId: string) {
  const program = await seedProgram(db, organizationId, ownerId, {
    name: "SOC 2 Type II 2027",
    categories: ["availability"],
    scope: {
      services: "Acme Payroll: a hosted payroll service.\nCustomers upload timesheets; we pay their staff.",
      commitments: ["99.9% monthly availability", "Customer data encrypted at rest"],
      systemRequirements: ["Access is reviewed quarterly"],
      components: {
        infrastructure: ["AWS eu-west-1 (VPC, RDS, S3)"],
        software: ["Payroll API (TypeScript)", "Admin console"],
        people: ["Engineering (12)", "Support (4)"],
        data: ["Employee payroll records", "Bank details"],
        procedures: ["Change management", "Incident response"],
      },
      boundaries: "Everything in the production AWS account; corporate laptops are out of scope.",
      subserviceOrganizations: [
        {
          name: "Amazon Web Services",
          services: "Hosting",
          method: "carve_out",
          expectedControls: ["Physical security"],
        },
      ],
      userEntityControls: [
        { description: "Customers review who has access to their payroll account.", criteria: ["CC6.2", "CC6.1"] },
        { description: "Customers keep their own passwords secret.", criteria: [] },
      ],
    },
  });
  const owner = await seedActor(db, organizationId, ownerId, "owner");
  const controls = createControlsService({ db });
  await controls.update(owner, program.id, "GOV-01", {
    status: "implemented",
    statusReason: "Signed by all staff",
    ownerUserId: memberId,
    narrative: "We keep a code of conduct.\r\n## Guidance\r\n\\## Narrative\nEveryone signs it: yes.",
  });
  await controls.update(owner, program.id, "ACC-01", { status: "operating", ownerUserId: ownerId });
  await controls.update(owner, program.id, "AVL-01", {
    applicable: false,
    notApplicableReason: "No: the service has no availability commitment beyond the SLA.",
  });
  await seedControl(db, organizationId, ownerId, program.id, {
    key: "CUS-01",
    name: "Payroll double check",
    description: "A second person approves every payroll run.",
    criteria: ["CC8.1", "CC6.1"],
    policies: ["information-security", "access-control"],
    evidence: ["Approval log", "on"],
    ownerUserId: memberId,
    guidance: "Check the totals.\n\n## Notes\n\nKeep it short.",
  });
  await createAssessmentService({ db }).answer(owner, program.id, {
    answers: [
      { criterionId: "CC1.1", answer: "yes", notes: "" },
      { criterionId: "CC6.1", answer: "no", notes: "No MFA yet" },
      { criterionId: "A1.2", answer: "partly", notes: "" },
    ],
  });
  const [item] = await change(db, systemActor(organizationId), (c) =>
    createRemediationItems(c, program.id, [
      {
        title: "Enforce MFA on the cloud console",
        gap: "Two administrators sign in with a password only.",
        rootCause: "MFA was never required.",
        likelihood: 4,
        impact: 5,
        action: "Require MFA for every console user.",
        monitoring: "Monthly IAM credential report.",
        ownerUserId: memberId,
        dueDate: "2027-02-15",
        criteria: ["CC6.1"],
        controls: ["ACC-01", "CUS-01"],
        evidence: ["https://example.test/iam-report"],
      },
    ]),
  );
  await db.update(remediationItems).set({ status: "in_progress" }).where(eq(remediationItems.id, item!.id));
  return program;
}

/** A file of the folder with one YAML field replaced (front matter or plain YAML), for tests that edit a folder. */
export function withField(source: string, field: string, value: string): string {
  const pattern = new RegExp(`^${field}:.*$`, "m");
  if (!pattern.test(source)) throw new Error(`no field ${field}`);
  return source.replace(pattern, `${field}: ${value}`);
}

/** Parses YAML text in tests. */
export const yamlValue = (text: string) => readYaml("test", text, [])?.value;
