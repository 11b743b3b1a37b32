/** Request and response shapes of the people routines: checklists, background checks, settings, import, dashboard. */
import { z } from "zod";
import {
  BACKGROUND_OUTCOMES,
  BACKGROUND_SCOPES,
  CHECKLIST_ASSIGNEES,
  CHECKLIST_KINDS,
  SATISFIED_BY,
} from "../../core/people-routines.ts";
import { PERSON_TASK_STATES } from "../../core/person-tasks.ts";
import { TEXT_LIMITS, tooLongMessage } from "../../core/text-limits.ts";
import { personComplianceSchema, personTask } from "../../kernel/http/person-tasks.ts";
import { person } from "./schema.ts";

const text = (limit: number, what: string) =>
  z.string().trim().min(1, `Enter ${what}.`).max(limit, tooLongMessage(limit));
const optionalText = (limit: number) =>
  z
    .string()
    .trim()
    .max(limit, tooLongMessage(limit))
    .nullable()
    .optional()
    .transform((v) => v || null);
const link = z
  .url({ protocol: /^https?$/, error: "Use a web link that starts with https:// or http://." })
  .max(TEXT_LIMITS.line)
  .nullable()
  .optional()
  .transform((v) => v || null);
/** A proof file already uploaded to the evidence library (POST /api/v1/evidence), by its id. */
const proofFile = z
  .uuid("Use the id of a file in the evidence library (upload it first).")
  .nullable()
  .optional()
  .transform((v) => v ?? null);

export const templateItem = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,59}$/, "Use a short key of lowercase letters, digits and underscores, like `laptop`."),
  title: text(TEXT_LIMITS.title, "what the step is"),
  assignee: z.enum(CHECKLIST_ASSIGNEES),
  assigneeUserId: z.uuid().nullable().optional(),
  satisfiedBy: z.enum(SATISFIED_BY).nullable().optional(),
  dueDays: z.number().int().min(0).max(365),
});

export const checklistTemplate = z.strictObject({
  checklist: z.enum(CHECKLIST_KINDS),
  titles: z.array(text(TEXT_LIMITS.name, "a job title")).max(50),
  items: z.array(templateItem).min(1, "A template needs at least one step.").max(50),
});

export const peopleSettingsInput = z
  .strictObject({
    offboardingSlaHours: z
      .number()
      .int()
      .min(1, "The SLA is at least 1 hour.")
      .max(720, "The SLA is at most 720 hours."),
    offboardingSystems: z
      .array(text(TEXT_LIMITS.name, "the system's name"))
      .min(1, "Name at least one system whose access is revoked.")
      .max(50),
    backgroundCheckFor: z.enum(BACKGROUND_SCOPES),
    backgroundRecheckMonths: z.number().int().min(1).max(120).nullable(),
    templates: z.array(checklistTemplate).max(40),
  })
  .superRefine((s, ctx) => {
    for (const kind of CHECKLIST_KINDS)
      if (!s.templates.some((t) => t.checklist === kind && !t.titles.length))
        ctx.addIssue({
          code: "custom",
          path: ["templates"],
          message: `Keep a default ${kind} template (one with no job titles) for everyone else.`,
        });
    for (const [i, t] of s.templates.entries())
      for (const [j, item] of t.items.entries())
        if (item.assignee === "member" && !item.assigneeUserId)
          ctx.addIssue({
            code: "custom",
            path: ["templates", i, "items", j, "assigneeUserId"],
            message: `Choose the member who does "${item.title}".`,
          });
  });
export type PeopleSettingsInput = z.output<typeof peopleSettingsInput>;
export const peopleSettingsOut = z.object({
  offboardingSlaHours: z.number().int(),
  offboardingSystems: z.array(z.string()),
  backgroundCheckFor: z.enum(BACKGROUND_SCOPES),
  backgroundRecheckMonths: z.number().int().nullable(),
  templates: z.array(checklistTemplate),
  defaults: z.boolean(),
});

export const startChecklistBody = z.strictObject({ checklist: z.enum(CHECKLIST_KINDS) });

export const completeItemBody = z.strictObject({
  note: optionalText(TEXT_LIMITS.paragraph),
  evidenceUrl: link,
  evidenceId: proofFile,
  /** Revocation items: when access was actually revoked (default: now). */
  revokedAt: z.iso.datetime({ offset: true, error: "Use a date and time like 2027-01-31T17:00:00Z." }).optional(),
});

export const checklistItem = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  checklist: z.enum(CHECKLIST_KINDS),
  key: z.string(),
  title: z.string(),
  assignee: z.enum(CHECKLIST_ASSIGNEES),
  /** The member who does it (the person's or manager's account for those assignees), when known. */
  assigneeUserId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  satisfiedBy: z.enum(SATISFIED_BY).nullable(),
  revocation: z.boolean(),
  system: z.string().nullable(),
  dueAt: z.date(),
  state: z.enum(PERSON_TASK_STATES),
  doneAt: z.date().nullable(),
  doneBy: z.uuid().nullable(),
  doneByName: z.string().nullable(),
  note: z.string().nullable(),
  evidenceUrl: z.string().nullable(),
  evidenceId: z.uuid().nullable(),
  revokedAt: z.date().nullable(),
  /** Minutes past the SLA: a deviation. */
  lateMinutes: z.number().int().nullable(),
  /** "3 hours 5 minutes late" when a deviation. */
  deviation: z.string().nullable(),
});
export type ChecklistItemOut = z.infer<typeof checklistItem>;

export const backgroundCheckBody = z.strictObject({
  checkedOn: z.iso.date("Use a date like 2027-01-31."),
  provider: text(TEXT_LIMITS.name, "who ran the check"),
  outcome: z.enum(BACKGROUND_OUTCOMES),
  evidenceUrl: link,
  evidenceId: proofFile,
});
export const backgroundCheck = z.object({
  id: z.uuid(),
  checkedOn: z.string(),
  provider: z.string(),
  outcome: z.enum(BACKGROUND_OUTCOMES),
  evidenceUrl: z.string().nullable(),
  evidenceId: z.uuid().nullable(),
  nextDue: z.string().nullable(),
  createdAt: z.date(),
});

export const personRoutines = z.object({
  person,
  manager: z.object({ id: z.uuid(), fullName: z.string() }).nullable(),
  compliance: personComplianceSchema,
  tasks: z.array(personTask),
  checklists: z.array(checklistItem),
  backgroundChecks: z.array(backgroundCheck),
  backgroundCheckRequired: z.boolean(),
  deviations: z.number().int(),
});

export const dashboardPerson = z.object({
  id: z.uuid(),
  fullName: z.string(),
  department: z.string().nullable(),
  status: z.string(),
  state: z.enum(["compliant", "due", "overdue"]),
  reason: z.string(),
  open: z.number().int(),
  overdue: z.number().int(),
});
export const peopleDashboard = z.object({
  counts: z.object({ compliant: z.number().int(), due: z.number().int(), overdue: z.number().int() }),
  /** People with overdue work, most overdue first (at most 50). */
  overdue: z.array(dashboardPerson),
  onboarding: z.array(
    z.object({
      id: z.uuid(),
      fullName: z.string(),
      startDate: z.string().nullable(),
      done: z.number(),
      total: z.number(),
    }),
  ),
  deviations: z.array(
    z.object({
      itemId: z.uuid(),
      personId: z.uuid(),
      fullName: z.string(),
      system: z.string().nullable(),
      dueAt: z.date(),
      revokedAt: z.date().nullable(),
      lateMinutes: z.number().int(),
      deviation: z.string(),
    }),
  ),
  /** Open offboarding revocations past their deadline (not yet done). */
  openRevocationsOverdue: z.number().int(),
  /** Open tasks by kind across everyone (checklist, policy, training, device, background_check). */
  byKind: z.array(z.object({ kind: z.string(), open: z.number().int(), overdue: z.number().int() })),
  total: z.number().int(),
});

export const identityConnection = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.string(),
  lastSuccessAt: z.date().nullable(),
  /** User accounts its last complete sync found. */
  users: z.number().int(),
});
export const directorySyncPreview = z.object({
  connection: z.object({ id: z.uuid(), name: z.string(), type: z.string() }),
  counts: z.object({
    create: z.number().int(),
    update: z.number().int(),
    unchanged: z.number().int(),
    skip: z.number().int(),
  }),
  rows: z.array(
    z.object({
      email: z.string(),
      fullName: z.string(),
      action: z.enum(["create", "update", "unchanged", "skip"]),
      messages: z.array(z.string()),
    }),
  ),
});
export const connectionParams = z.strictObject({ connectionId: z.uuid("Use the connection's id (a UUID).") });
