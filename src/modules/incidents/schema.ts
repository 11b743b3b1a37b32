import { z } from "zod";
import { ASSET_KINDS } from "../../core/assets.ts";
import { INCIDENT_SEVERITIES, INCIDENT_STATUSES, OBLIGATION_AUDIENCES } from "../../core/incidents.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

const instant = z.iso
  .datetime({ offset: true, error: "Use a date and time like 2027-01-31T14:05:00Z." })
  .transform((s) => new Date(s));
const isoDate = z.iso.date("Use a date like 2027-01-31.");
const line = (max: number = TEXT_LIMITS.name) => z.string().trim().max(max);
const list = z.array(line().min(1)).max(100);

export const listQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(200).optional().describe("Search title, summary, category, affected systems and INC-number"),
  status: z.enum(INCIDENT_STATUSES).optional(),
  severity: z.enum(INCIDENT_SEVERITIES).optional(),
  open: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .describe("true: still being handled; false: post-mortem done or closed as not an incident"),
  from: isoDate.optional().describe("Detected on or after this day (UTC)"),
  to: isoDate.optional().describe("Detected on or before this day (UTC)"),
});
export type ListQuery = z.infer<typeof listQuery>;
export const exportQuery = listQuery.omit({ page: true, pageSize: true });

const fields = {
  title: line(TEXT_LIMITS.title).min(1, "Give the incident a title."),
  summary: line(TEXT_LIMITS.long),
  severity: z.enum(INCIDENT_SEVERITIES).describe("sev1 critical, sev2 high, sev3 medium, sev4 low"),
  category: line(),
  reportedBy: line().describe("Who reported it: a person, a customer, a monitoring alert"),
  ownerUserId: z.uuid().nullable().describe("The incident commander: a member of the organization"),
  detectedAt: instant,
  affectedAssetIds: z
    .array(z.uuid())
    .max(100)
    .describe("Assets of the inventory the incident affected (replaces the list when given)"),
  affectedSystems: list.describe("Other systems affected, by name: what the asset inventory does not hold"),
  dataCategories: list.describe("Kinds of data affected, e.g. customer emails, payment data"),
  recordsEstimate: z.number().int().min(0).max(1e12).nullable().describe("Roughly how many records were affected"),
  personalData: z.boolean().describe("Whether personal data was affected"),
  rootCause: line(TEXT_LIMITS.long),
  lessonsLearned: line(TEXT_LIMITS.long),
};

export const createBody = z.strictObject({
  ...fields,
  summary: fields.summary.default(""),
  category: fields.category.default(""),
  reportedBy: fields.reportedBy.default(""),
  ownerUserId: fields.ownerUserId.optional(),
  affectedAssetIds: fields.affectedAssetIds.default([]),
  affectedSystems: fields.affectedSystems.default([]),
  dataCategories: fields.dataCategories.default([]),
  recordsEstimate: fields.recordsEstimate.optional(),
  personalData: fields.personalData.default(false),
  rootCause: fields.rootCause.default(""),
  lessonsLearned: fields.lessonsLearned.default(""),
});
export type CreateBody = z.infer<typeof createBody>;

export const updateBody = z
  .strictObject({
    ...fields,
    triagedAt: instant.describe("Correct when it was triaged (only once it was)"),
    containedAt: instant,
    resolvedAt: instant,
    postmortemAt: instant,
  })
  .partial();
export type UpdateBody = z.infer<typeof updateBody>;

export const transitionBody = z.strictObject({
  to: z.enum(INCIDENT_STATUSES),
  at: instant
    .optional()
    .describe("When it happened; now when left out (may be back-dated, never before the last stamp)"),
  reason: line(TEXT_LIMITS.paragraph).optional().describe("Why it is not an incident (with not_incident)"),
});

export const timelineBody = z.strictObject({
  at: instant.optional().describe("When it happened; now when left out"),
  text: line(TEXT_LIMITS.paragraph).min(1, "Write what happened."),
});

export const obligationBody = z.strictObject({
  audience: z.enum(OBLIGATION_AUDIENCES),
  recipient: line().default("").describe("Who exactly: the regulator's name, a customer"),
  basis: line(TEXT_LIMITS.paragraph).default("").describe("Why: the law, contract or policy that requires it"),
  hours: z
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .optional()
    .describe("Hours after detection the notice is due; 72 when left out"),
  notifiedAt: instant.nullable().optional(),
});
export const obligationUpdate = z
  .strictObject({
    recipient: line(),
    basis: line(TEXT_LIMITS.paragraph),
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 365),
    notifiedAt: instant.nullable().describe("When they were told; null: not yet"),
  })
  .partial();
export const obligationParams = z.strictObject({ id: z.uuid(), obligationId: z.uuid() });
export const timelineEntryParams = z.strictObject({ id: z.uuid(), entryId: z.uuid() });

export const linkRemediationBody = z.strictObject({
  itemIds: z.array(z.uuid()).max(200).describe("Every remediation item linked to the incident (replaces the list)"),
});
export const createRemediationBody = z.strictObject({
  programId: z.uuid().describe("The program whose remediation plan gets the item"),
  title: line(TEXT_LIMITS.title).min(1, "Give the action item a title."),
  action: line(TEXT_LIMITS.long).default(""),
  ownerUserId: z.uuid().nullable().optional(),
  dueDate: isoDate.nullable().optional(),
  likelihood: z.number().int().min(1).max(5).default(3),
  impact: z.number().int().min(1).max(5).default(3),
});

const person = z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable();

export const incidentSummary = z.object({
  id: z.uuid(),
  number: z.number().int(),
  ref: z.string().describe("INC-<number>"),
  title: z.string(),
  severity: z.enum(INCIDENT_SEVERITIES),
  category: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  owner: person,
  detectedAt: z.date(),
  resolvedAt: z.date().nullable(),
  personalData: z.boolean(),
  overdueObligations: z.number().int(),
});
export const incidentList = pageOf(incidentSummary);

export const timelineEntry = z.object({
  id: z.uuid(),
  at: z.date(),
  text: z.string(),
  author: person,
  createdAt: z.date(),
});
export const obligation = z.object({
  id: z.uuid(),
  audience: z.enum(OBLIGATION_AUDIENCES),
  recipient: z.string(),
  basis: z.string(),
  hours: z.number().int(),
  deadlineAt: z.date(),
  notifiedAt: z.date().nullable(),
  state: z.enum(["notified", "notified_late", "overdue", "due_soon", "pending"]),
  overdue: z.boolean(),
});
export const linkedItem = z.object({
  id: z.uuid(),
  programId: z.uuid(),
  ref: z.string(),
  title: z.string(),
  status: z.string(),
  dueDate: z.string().nullable(),
});

export const incidentDetail = incidentSummary.extend({
  summary: z.string(),
  reportedBy: z.string(),
  triagedAt: z.date().nullable(),
  containedAt: z.date().nullable(),
  postmortemAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  closeReason: z.string(),
  skipped: z.array(z.enum(INCIDENT_STATUSES)),
  affectedAssets: z
    .array(z.object({ id: z.uuid(), name: z.string(), kind: z.enum(ASSET_KINDS) }))
    .describe("Assets of the inventory it affected, by name"),
  affectedSystems: z.array(z.string()).describe("Other systems it affected, by name"),
  dataCategories: z.array(z.string()),
  recordsEstimate: z.number().int().nullable(),
  rootCause: z.string(),
  lessonsLearned: z.string(),
  nextStatuses: z.array(z.enum(INCIDENT_STATUSES)).describe("Where the incident may move now"),
  timeline: z.array(timelineEntry),
  obligations: z.array(obligation),
  remediation: z.array(linkedItem),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const tabletopBody = z.strictObject({
  heldOn: isoDate,
  scenario: line(TEXT_LIMITS.paragraph).min(1, "Describe the scenario rehearsed."),
  participants: list.default([]),
  findings: line(TEXT_LIMITS.long).default(""),
  followUps: line(TEXT_LIMITS.long).default(""),
});
export const tabletopUpdate = z
  .strictObject({
    heldOn: isoDate,
    scenario: line(TEXT_LIMITS.paragraph).min(1, "Describe the scenario rehearsed."),
    participants: list,
    findings: line(TEXT_LIMITS.long),
    followUps: line(TEXT_LIMITS.long),
  })
  .partial();
export const tabletop = z.object({
  id: z.uuid(),
  heldOn: z.string(),
  scenario: z.string(),
  participants: z.array(z.string()),
  findings: z.string(),
  followUps: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const tabletopList = pageOf(tabletop);
export const tabletopQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(200).optional().describe("Search scenario, findings and participants"),
});

export const evidenceBody = z.strictObject({
  programId: z
    .uuid()
    .optional()
    .describe("The program whose control gets the evidence; left out: every active program that has the control"),
});
export const attachedEvidence = z.object({
  evidenceIds: z.array(z.uuid()),
  control: z.string(),
  title: z.string(),
});
