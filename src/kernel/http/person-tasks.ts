import { z } from "zod";
import { PERSON_TASK_STATES } from "../../core/person-tasks.ts";

/** A person task (core/person-tasks.ts) as routes answer it: the portal, a person's page, the people dashboard. */
export const personTask = z.object({
  id: z.string(),
  module: z.string(),
  kind: z.string(),
  title: z.string(),
  dueDate: z.string().nullable(),
  state: z.enum(PERSON_TASK_STATES),
  href: z.string(),
  doneAt: z.string().nullable(),
  onBehalf: z.boolean().optional(),
});

/** A person's compliance (core/person-tasks.ts#personCompliance). */
export const personComplianceSchema = z.object({
  state: z.enum(["compliant", "due", "overdue"]),
  reason: z.string(),
  open: z.number().int(),
  overdue: z.number().int(),
  done: z.number().int(),
});
