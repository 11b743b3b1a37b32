import { z } from "zod";
import { personComplianceSchema, personTask } from "../../kernel/http/person-tasks.ts";

export const portalView = z.object({
  /** The signed-in member's record in the people directory; null when they are not in it (nothing is asked yet). */
  person: z
    .object({
      id: z.uuid(),
      fullName: z.string(),
      email: z.string(),
      title: z.string().nullable(),
      department: z.string().nullable(),
      status: z.string(),
      startDate: z.string().nullable(),
    })
    .nullable(),
  compliance: personComplianceSchema.nullable(),
  /** Overdue first, then open by due date, then done (most recent first is not guaranteed). */
  tasks: z.array(personTask),
});
