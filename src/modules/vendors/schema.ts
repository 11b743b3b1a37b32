import { z } from "zod";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import {
  ANSWER_TYPES,
  QUESTIONNAIRE_DEFAULT_DAYS,
  QUESTIONNAIRE_MAX_DAYS,
  REPORT_OPINIONS,
  REPORT_TYPES,
  VENDOR_CRITICALITIES,
  VENDOR_DATA_CATEGORIES,
  VENDOR_STATUSES,
} from "../../core/vendors.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) =>
  text(max)
    .nullable()
    .optional()
    .transform((v) => (v === "" ? null : v));
const isoDate = z.iso.date("Use a date like 2027-01-31.");
const bool = z
  .enum(["true", "false"])
  .transform((v) => v === "true")
  .optional();
export const controlKey = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9]{1,9}-\d{1,4}$/, "Use control ids like VND-02 or CUS-1.");

export const listQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(200).optional().describe("Search name, services and website"),
  status: z.enum(VENDOR_STATUSES).optional(),
  criticality: z.enum(VENDOR_CRITICALITIES).optional(),
  owner: z.uuid().optional().describe("The owner's user id"),
  subprocessor: bool.describe("Only subprocessors (true) or only vendors that are not (false)"),
  subservice: bool.describe("Only subservice organizations (true) or only the others (false)"),
  reviewOverdue: bool.describe("Only active vendors past their review date, or without one"),
});
export type ListQuery = z.infer<typeof listQuery>;
/** The list's filters without paging: what the CSV export takes. */
export const exportQuery = listQuery.omit({ page: true, pageSize: true });

const vendorFields = {
  name: text(TEXT_LIMITS.name).min(1, "Give the vendor a name."),
  website: z
    .url({ protocol: /^https?$/, error: "Use a web address starting with https:// (or http://)." })
    .max(500)
    .nullable()
    .optional(),
  services: text(TEXT_LIMITS.long).optional(),
  criticality: z.enum(VENDOR_CRITICALITIES).nullable().optional(),
  dataShared: z.array(z.enum(VENDOR_DATA_CATEGORIES)).max(VENDOR_DATA_CATEGORIES.length).optional(),
  ownerUserId: z.uuid("Use the owner's user id.").nullable().optional(),
  contractStart: isoDate.nullable().optional(),
  contractEnd: isoDate.nullable().optional(),
  status: z.enum(VENDOR_STATUSES).optional(),
  isSubprocessor: z.boolean().optional(),
  subprocessorPurpose: optionalText(TEXT_LIMITS.paragraph),
  subprocessorLocation: optionalText(TEXT_LIMITS.name),
  isSubserviceOrg: z.boolean().optional().describe("Its controls are carved out of (or inherited in) the audit scope"),
  nextReviewDate: isoDate.nullable().optional(),
};
export const createVendorBody = z.strictObject(vendorFields);
export type CreateVendorInput = z.infer<typeof createVendorBody>;
export const updateVendorBody = z.strictObject({ ...vendorFields, name: vendorFields.name.optional() });
export type UpdateVendorInput = z.infer<typeof updateVendorBody>;

export const reviewVendorBody = z.strictObject({
  nextReviewDate: isoDate.optional().describe("The next review; a year from today when left out"),
});

const person = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const vendor = z.object({
  id: z.uuid(),
  name: z.string(),
  website: z.string().nullable(),
  services: z.string(),
  criticality: z.enum(VENDOR_CRITICALITIES).nullable(),
  dataShared: z.array(z.enum(VENDOR_DATA_CATEGORIES)),
  owner: person,
  contractStart: z.string().nullable(),
  contractEnd: z.string().nullable(),
  status: z.enum(VENDOR_STATUSES),
  isSubprocessor: z.boolean(),
  subprocessorPurpose: z.string().nullable(),
  subprocessorLocation: z.string().nullable(),
  isSubserviceOrg: z.boolean(),
  nextReviewDate: z.string().nullable(),
  reviewOverdue: z.boolean(),
  lastReviewedAt: z.date().nullable(),
  lastReviewedBy: person,
  dueDiligence: z.object({
    state: z.enum(["current", "expiring", "lapsed", "none"]),
    reportExpiry: z.string().nullable().describe("The last day the latest report is current (bridge letters counted)"),
    questionnaireScore: z.number().int().nullable().describe("The latest answered questionnaire's score (0–100)"),
  }),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const vendorList = pageOf(vendor);

const cuec = z.object({ text: z.string(), controlKey: z.string().nullable() });
export const bridgeLetter = z.object({
  id: z.uuid(),
  evidenceId: z.uuid(),
  fileName: z.string(),
  coveredUntil: z.string(),
  uploadedBy: person,
  createdAt: z.date(),
});
export const report = z.object({
  id: z.uuid(),
  vendorId: z.uuid(),
  evidenceId: z.uuid().describe("The file, stored as evidence: download it from /api/v1/evidence/{id}/download"),
  fileName: z.string(),
  reportType: z.enum(REPORT_TYPES),
  periodStart: z.string().nullable(),
  periodEnd: z.string().nullable(),
  asOfDate: z.string().nullable(),
  expiresOn: z
    .string()
    .nullable()
    .describe(
      "The last day the report is current: 12 months after its period end, or its latest bridge letter's last day (at most 18 months after the period end)",
    ),
  extendedByBridgeLetter: z.boolean().describe("Whether a bridge letter carries the report past its own 12 months"),
  opinion: z.enum(REPORT_OPINIONS),
  exceptions: z.array(z.string()),
  cuecs: z.array(cuec),
  uploadedBy: person,
  reviewedBy: person,
  reviewedAt: z.date().nullable(),
  reviewNotes: z.string().nullable(),
  bridgeLetters: z.array(bridgeLetter),
  createdAt: z.date(),
});

export const question = z.object({
  id: z.string(),
  text: z.string(),
  type: z.enum(ANSWER_TYPES),
  weight: z.number().int(),
  favourable: z.enum(["yes", "no"]).optional(),
});
export const questionnaire = z.object({
  id: z.uuid(),
  vendorId: z.uuid(),
  templateName: z.string(),
  contactEmail: z.string(),
  contactName: z.string().nullable(),
  state: z.enum(["open", "expired", "answered"]),
  expiresAt: z.date(),
  sentBy: person,
  sentAt: z.date(),
  questions: z.array(question),
  answers: z.array(z.object({ questionId: z.string(), answer: z.string(), favourable: z.boolean() })),
  respondentName: z.string().nullable(),
  answeredAt: z.date().nullable(),
  score: z.number().int().nullable(),
  reviewedBy: person,
  reviewedAt: z.date().nullable(),
});

export const vendorDetail = vendor.extend({ reports: z.array(report), questionnaires: z.array(questionnaire) });

// Reports ---------------------------------------------------------------------------------------------------------

const reportFields = {
  reportType: z.enum(REPORT_TYPES),
  periodStart: isoDate.nullable().optional(),
  periodEnd: isoDate.nullable().optional(),
  asOfDate: isoDate.nullable().optional().describe("For a type 1 report: the date it speaks of"),
  opinion: z.enum(REPORT_OPINIONS),
  exceptions: z.array(text(TEXT_LIMITS.paragraph).min(1)).max(200).optional(),
  cuecs: z
    .array(z.strictObject({ text: text(TEXT_LIMITS.paragraph).min(1), controlKey: controlKey.nullable().optional() }))
    .max(200)
    .optional()
    .describe("Complementary user entity controls that fall on us, each optionally linked to one of our controls"),
};
export const reportDetails = z.strictObject(reportFields);
export type ReportDetails = z.infer<typeof reportDetails>;
export const updateReportBody = z.strictObject({
  ...reportFields,
  reportType: reportFields.reportType.optional(),
  opinion: reportFields.opinion.optional(),
});
export type UpdateReportInput = z.infer<typeof updateReportBody>;
export const reportForm = z.object({
  details: z
    .string()
    .describe(
      "The report's details as JSON (before `file`): reportType, periodStart, periodEnd or asOfDate, opinion, exceptions, cuecs",
    ),
  file: z.file().describe("The report (PDF)"),
});
export const bridgeLetterForm = z.object({
  coveredUntil: z.string().describe("The last day the letter covers, YYYY-MM-DD (before `file`)"),
  file: z.file().describe("The bridge letter (PDF)"),
});
export const reviewReportBody = z.strictObject({ notes: text(TEXT_LIMITS.long).optional() });
export const reportParams = z.strictObject({ id: z.uuid(), reportId: z.uuid() });

// Questionnaires ----------------------------------------------------------------------------------------------------

export const template = z.object({
  id: z.string().describe("`builtin` for the built-in template"),
  name: z.string(),
  builtIn: z.boolean(),
  questions: z.array(question),
});
export const createTemplateBody = z.strictObject({
  name: text(TEXT_LIMITS.name).min(1, "Give the template a name."),
  questions: z
    .array(
      z.strictObject({
        text: text(TEXT_LIMITS.paragraph).min(1, "Write the question."),
        type: z.enum(ANSWER_TYPES),
        weight: z.number().int().min(0).max(10),
        favourable: z.enum(["yes", "no"]).optional(),
      }),
    )
    .min(1, "Add at least one question.")
    .max(100, "A template holds at most 100 questions.")
    .refine((qs) => qs.some((q) => q.weight > 0), "Give at least one question a weight above 0, or nothing is scored."),
});
export const templateParams = z.strictObject({ templateId: z.uuid() });
export const sendQuestionnaireBody = z.strictObject({
  templateId: z.string().trim().max(64).default("builtin"),
  contactEmail: z.email("Use the contact's email address.").trim().max(320),
  contactName: optionalText(TEXT_LIMITS.name),
  expiresInDays: z.number().int().min(1).max(QUESTIONNAIRE_MAX_DAYS).default(QUESTIONNAIRE_DEFAULT_DAYS),
});
export const sentQuestionnaire = questionnaire.extend({
  link: z.string().describe("The answer link (shown once; also emailed to the contact). Only its hash is kept."),
});
export const questionnaireParams = z.strictObject({ id: z.uuid(), questionnaireId: z.uuid() });

export const tokenParams = z.strictObject({ token: z.string().min(20).max(200) });
export const publicQuestionnaire = z.object({
  state: z.enum(["open", "expired", "answered"]),
  organization: z.string(),
  vendor: z.string(),
  contactName: z.string().nullable(),
  expiresAt: z.date(),
  questions: z.array(
    question
      .omit({ weight: true, favourable: true })
      .extend({ required: z.boolean().describe("Must be answered (yes/no questions and scored text questions)") }),
  ),
});
export const answerBody = z.strictObject({
  respondentName: text(TEXT_LIMITS.name).min(1, "Say who answers (your name)."),
  answers: z.array(z.strictObject({ questionId: z.string().max(64), answer: text(TEXT_LIMITS.long) })).max(200),
});

// Subprocessors -------------------------------------------------------------------------------------------------------

export const subprocessorList = z.object({
  noSubprocessors: z.boolean().describe("The organization stated that it uses no subprocessors"),
  subprocessors: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      website: z.string().nullable(),
      purpose: z.string().nullable(),
      location: z.string().nullable(),
      dataShared: z.array(z.enum(VENDOR_DATA_CATEGORIES)),
    }),
  ),
  subserviceOrganizations: z.array(
    z.object({ id: z.uuid(), name: z.string(), services: z.string(), website: z.string().nullable() }),
  ),
});
export const declareNoneBody = z.strictObject({ noSubprocessors: z.boolean() });
