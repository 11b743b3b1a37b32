import { z } from "zod";
import { TEXT_LIMITS, tooLongMessage } from "../../core/text-limits.ts";
import { TRAINING_STATUSES } from "../../core/training.ts";
import { EXTERNAL_TRAINING_STATUSES, PERSON_KINDS, TRAINING_COMPLETION_SOURCES } from "../../db/schema/index.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

export { EXTERNAL_TRAINING_STATUSES, TRAINING_COMPLETION_SOURCES };

const limited = (max: number, what: string) => z.string().trim().min(1, `Enter ${what}.`).max(max, tooLongMessage(max));
const plainDate = (what: string) => z.iso.date(`Use a date like 2027-01-31 for ${what}.`);

// --- the course as a person takes it: never the answers ---

export const courseView = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  version: z.number().int(),
  passMark: z.number().int().describe("Percent of questions to answer correctly (the organization's setting)"),
  modules: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      minutes: z.number().int(),
      sections: z.array(z.object({ title: z.string(), body: z.string().describe("Markdown") })),
    }),
  ),
  quiz: z.array(
    z.object({
      id: z.string(),
      module: z.string(),
      prompt: z.string(),
      options: z.array(z.object({ id: z.string(), text: z.string() })),
    }),
  ),
});

export const attemptBody = z.strictObject({
  answers: z
    .record(z.string().max(40), z.string().max(5))
    .describe("The chosen option id per question id; every question must be answered"),
});

export const attemptResult = z.object({
  id: z.uuid(),
  score: z.number().int(),
  correct: z.number().int(),
  total: z.number().int(),
  passMark: z.number().int(),
  passed: z.boolean(),
  submittedAt: z.date(),
  /** The completion this attempt earned (passed attempts only). */
  validUntil: z.string().nullable(),
  questions: z.array(
    z.object({
      id: z.string(),
      prompt: z.string(),
      chosen: z.string(),
      correctOption: z.string(),
      isCorrect: z.boolean(),
      explanation: z.string(),
    }),
  ),
});
export type AttemptResult = z.infer<typeof attemptResult>;

// --- standing ---

export const standing = z.object({
  status: z.enum(TRAINING_STATUSES),
  dueDate: z.string(),
  completedOn: z.string().nullable(),
  validUntil: z.string().nullable(),
});

const externalRecord = z.object({
  id: z.uuid(),
  personId: z.uuid(),
  personName: z.string(),
  provider: z.string(),
  courseTitle: z.string(),
  completedOn: z.string(),
  notes: z.string(),
  status: z.enum(EXTERNAL_TRAINING_STATUSES),
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  submittedAt: z.date(),
  decidedAt: z.date().nullable(),
  decisionNote: z.string().nullable(),
});
export type ExternalRecordView = z.infer<typeof externalRecord>;
export { externalRecord };
export const externalList = pageOf(externalRecord);

export const myTraining = z.object({
  /** Null when the signed-in member is not in the people directory (they cannot take the course then). */
  person: z.object({ id: z.uuid(), fullName: z.string() }).nullable(),
  /** Whether this person must take the training (in the audience). */
  assigned: z.boolean(),
  standing: standing.nullable(),
  course: z.object({ id: z.string(), title: z.string(), summary: z.string(), minutes: z.number().int() }),
  attempts: z.array(
    z.object({
      id: z.uuid(),
      score: z.number().int(),
      passMark: z.number().int(),
      passed: z.boolean(),
      submittedAt: z.date(),
    }),
  ),
  external: z.array(externalRecord),
});

export const personRow = z.object({
  personId: z.uuid(),
  fullName: z.string(),
  email: z.string(),
  department: z.string().nullable(),
  kind: z.enum(PERSON_KINDS),
  ...standing.shape,
  source: z.enum(TRAINING_COMPLETION_SOURCES).nullable(),
  attempts: z.number().int(),
  pendingExternal: z.number().int(),
});
export type PersonRowView = z.infer<typeof personRow>;
export const personList = pageOf(personRow);

export const listPeopleQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: z.enum(TRAINING_STATUSES).optional(),
  department: z.string().max(TEXT_LIMITS.name).optional(),
  ...pageQuery,
});

export const overview = z.object({
  course: z.object({
    id: z.string(),
    title: z.string(),
    summary: z.string(),
    version: z.number().int(),
    modules: z.array(z.object({ id: z.string(), title: z.string(), minutes: z.number().int() })),
    questions: z.number().int(),
  }),
  counts: z.object({
    audience: z.number().int(),
    complete: z.number().int(),
    due: z.number().int(),
    overdue: z.number().int(),
    expired: z.number().int(),
    pendingExternal: z.number().int(),
  }),
  /** Percent of the audience with a valid completion. */
  share: z.number().int(),
  requiredShare: z.number().int(),
  /** The HR-04 check as programs see it (null: nobody in the directory). */
  check: z.object({ state: z.enum(["met", "not_met", "lapsed"]), reason: z.string() }).nullable(),
  departments: z.array(z.string()),
});

export const settings = z.object({
  passMark: z.number().int().describe("Effective pass mark (percent)"),
  passMarkOverride: z.number().int().nullable().describe("Null: the course's own pass mark"),
  coursePassMark: z.number().int(),
  newHireDays: z.number().int(),
  requiredShare: z.number().int(),
  includeContractors: z.boolean(),
});
export type Settings = z.infer<typeof settings>;

export const settingsPatch = z.strictObject({
  passMark: z.number().int().min(50, "Use a pass mark of at least 50%.").max(100).nullable().optional(),
  newHireDays: z.number().int().min(1).max(365, "Give new hires at most 365 days.").optional(),
  requiredShare: z.number().int().min(50, "Require at least 50% of people.").max(100).optional(),
  includeContractors: z.boolean().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatch>;

/** External training as sent with its certificate (multipart text fields). */
export const externalFields = z.strictObject({
  provider: limited(TEXT_LIMITS.name, "the training provider"),
  courseTitle: limited(TEXT_LIMITS.title, "the course title"),
  completedOn: plainDate("the completion date").refine(
    (d) => d >= "2000-01-01",
    "Give the day the training was completed.",
  ),
  notes: z.string().trim().max(TEXT_LIMITS.paragraph, tooLongMessage(TEXT_LIMITS.paragraph)).default(""),
});
export type ExternalFields = z.infer<typeof externalFields>;
export const externalForm = externalFields.extend({
  file: z.file().describe("The certificate: PDF, PNG or JPEG, at most 10 MB"),
});

export const externalQuery = z.strictObject({
  status: z.enum(EXTERNAL_TRAINING_STATUSES).optional(),
  ...pageQuery,
});

export const decisionBody = z.strictObject({
  decision: z.enum(["accept", "reject"]),
  note: z.string().trim().max(TEXT_LIMITS.paragraph, tooLongMessage(TEXT_LIMITS.paragraph)).default(""),
});

export const personParams = z.strictObject({ personId: z.uuid("Use the person's id (a UUID).") });

export const reportQuery = z.strictObject({
  from: plainDate("the start of the period"),
  to: plainDate("the end of the period"),
});
export const attachBody = z.strictObject({
  programId: z.uuid("Use the program's id (a UUID)."),
  from: plainDate("the start of the period"),
  to: plainDate("the end of the period"),
  format: z.enum(["pdf", "csv"]).default("pdf"),
});
export const attached = z.object({ evidenceId: z.uuid(), title: z.string(), control: z.string() });
