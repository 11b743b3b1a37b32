import { z } from "zod";
import {
  CHANGE_SOURCES,
  CHANGE_STATUSES,
  datesInOrder,
  MAX_EMERGENCY_APPROVAL_DAYS,
  MIN_EMERGENCY_APPROVAL_DAYS,
} from "../../core/changes.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().optional();
const day = z.iso.date("Use a date written YYYY-MM-DD.");
const bool = z.enum(["true", "false"]).transform((v) => v === "true");

export const approval = z.object({
  by: z.string().describe("Who approved: a GitHub login, a name or an email"),
  at: z.string().nullable().describe("When (ISO 8601), when known"),
});
const approvalInput = z.strictObject({
  by: text(TEXT_LIMITS.name).min(1, "Name who approved."),
  at: z.iso.datetime({ offset: true }).nullable().optional(),
});

/** The list's filters, shared by the list, the CSV export and the population. */
export const filterQuery = {
  q: z.string().trim().max(200).optional().describe("Search title, reference, repository and author"),
  source: z.enum(CHANGE_SOURCES).optional(),
  repository: z.string().trim().max(500).optional(),
  status: z.enum(CHANGE_STATUSES).optional(),
  unreviewed: bool.optional().describe("Only changes merged without an independent review"),
  emergency: bool.optional().describe("Only emergency changes"),
  from: day.optional().describe("Merged or deployed on or after this date"),
  to: day.optional().describe("Merged or deployed on or before this date"),
};
const inOrder = (q: { from?: string; to?: string }) => datesInOrder(q.from, q.to);
const orderMessage = { message: "The start date is after the end date.", path: ["to"] };

export const listQuery = z.strictObject({ ...pageQuery, ...filterQuery }).refine(inOrder, orderMessage);
export type ListQuery = z.infer<typeof listQuery>;
export const exportQuery = z.strictObject(filterQuery).refine(inOrder, orderMessage);
export type Filters = z.infer<typeof exportQuery>;

export const populationQuery = z
  .strictObject({ from: day, to: day })
  .refine(inOrder, { message: "The start date is after the end date.", path: ["to"] });

const flags = z.object({
  unreviewed: z.boolean().describe("Merged without an independent review"),
  emergencyUnapproved: z.boolean().describe("Emergency change still without its after-the-fact approval"),
  unsigned: z.boolean().describe("A git commit without a signature"),
  checksFailed: z.boolean().describe("Its checks ran and did not pass"),
});

export const changeRecord = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  source: z.enum(CHANGE_SOURCES),
  repository: z.string().nullable(),
  externalRef: z.string().nullable().describe("PR number (github), commit sha (git) or any reference (manual)"),
  url: z.string().nullable(),
  author: z.string().nullable(),
  committer: z.string().nullable(),
  mergedBy: z.string().nullable(),
  approvals: z.array(approval),
  independentApprovals: z.array(approval).describe("The approvals by someone other than the author"),
  checksPassed: z.boolean().nullable(),
  signature: z.string().nullable().describe("git's %G? code: G good, N none, E cannot be checked…"),
  mergedAt: z.date().nullable(),
  deployedAt: z.date().nullable(),
  emergency: z.boolean(),
  emergencyState: z.enum(["not_emergency", "approved", "approved_late", "pending", "overdue"]),
  emergencyApprovedBy: z.uuid().nullable(),
  emergencyApproverName: z.string().nullable(),
  emergencyApprovedAt: z.date().nullable(),
  emergencyJustification: z.string().nullable(),
  risk: z.string().nullable(),
  status: z.enum(CHANGE_STATUSES),
  flags,
  createdBy: z.uuid().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  syncedAt: z.date().nullable(),
});
export const changeList = pageOf(changeRecord);

const counts = z.object({
  total: z.number().int(),
  unreviewed: z.number().int(),
  emergency: z.number().int(),
  emergencyUnapproved: z.number().int().describe("Emergency changes without approval after the allowed days"),
  unsigned: z.number().int(),
  checksFailed: z.number().int(),
});
export const population = z.object({
  from: z.string(),
  to: z.string(),
  emergencyApprovalDays: z.number().int(),
  counts,
  items: z.array(changeRecord),
});

const manualFields = {
  title: text(TEXT_LIMITS.title).min(1, "Give the change a title."),
  description: optionalText(TEXT_LIMITS.long),
  repository: optionalText(500),
  externalRef: optionalText(200),
  url: z
    .url({ protocol: /^https?$/, error: "Use an http(s) link." })
    .max(2000)
    .nullable()
    .optional(),
  author: optionalText(TEXT_LIMITS.name),
  approvals: z.array(approvalInput).max(50).optional(),
  checksPassed: z.boolean().nullable().optional(),
  mergedAt: z.iso.datetime({ offset: true }).nullable().optional(),
  deployedAt: z.iso.datetime({ offset: true }).nullable().optional(),
  emergency: z.boolean().optional(),
  risk: optionalText(TEXT_LIMITS.long),
  status: z.enum(CHANGE_STATUSES).optional(),
};
export const createBody = z.strictObject(manualFields);
export type CreateBody = z.infer<typeof createBody>;
export const updateBody = z.strictObject({ ...manualFields, title: manualFields.title.optional() });
export type UpdateBody = z.infer<typeof updateBody>;

export const approveBody = z.strictObject({
  justification: text(TEXT_LIMITS.paragraph).min(1, "Say why the emergency change was right (or what was checked)."),
});

export const syncBody = z
  .strictObject({
    connectionId: z.uuid("Use the id of a GitHub or git connection."),
    from: day.optional().describe("Default: 90 days ago"),
    to: day.optional().describe("Default: today"),
  })
  .refine(inOrder, orderMessage);
export const syncResult = z.object({
  connectionId: z.uuid(),
  from: z.string(),
  to: z.string(),
  found: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  warnings: z.array(z.string()),
});
export const changeSourcesList = z.object({
  items: z.array(z.object({ id: z.uuid(), name: z.string(), type: z.string() })),
});

export const changeSettings = z.strictObject({
  emergencyApprovalDays: z
    .number()
    .int("Use whole days.")
    .min(MIN_EMERGENCY_APPROVAL_DAYS, `At least ${MIN_EMERGENCY_APPROVAL_DAYS} day.`)
    .max(MAX_EMERGENCY_APPROVAL_DAYS, `At most ${MAX_EMERGENCY_APPROVAL_DAYS} days.`)
    .describe("Days an emergency change may wait for its after-the-fact approval before it is flagged (CHG-06)"),
});
export type ChangeSettings = z.infer<typeof changeSettings>;
