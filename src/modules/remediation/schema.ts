import { z } from "zod";
import { PRIORITIES } from "../../core/priority.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

export const REMEDIATION_STATUSES = ["open", "in_progress", "done", "verified"] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];
/** Statuses in which an item still counts as open work (for overdue, burndown, reminders). */
export const OPEN_STATUSES: readonly RemediationStatus[] = ["open", "in_progress"];
export const REMEDIATION_STATUS_LABELS: Record<RemediationStatus, string> = {
  open: "Open",
  in_progress: "In progress",
  done: "Done",
  verified: "Verified",
};

export const REMEDIATION_SOURCES = ["manual", "self_assessment", "gap"] as const;
export type RemediationSource = (typeof REMEDIATION_SOURCES)[number];
export const REMEDIATION_SOURCE_LABELS: Record<RemediationSource, string> = {
  manual: "Added by hand",
  self_assessment: "Self-assessment",
  gap: "Gap analysis",
};

export const STEP_STATUSES = ["todo", "in_progress", "done", "skipped"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];
export const STEP_STATUS_LABELS: Record<StepStatus, string> = {
  todo: "To do",
  in_progress: "In progress",
  done: "Done",
  skipped: "Skipped",
};
/** Step statuses that count as finished work (an item can be done only when every step is one of them). */
export const FINISHED_STEP_STATUSES: readonly StepStatus[] = ["done", "skipped"];

export const RESOURCE_KINDS = ["people", "budget", "tool"] as const;
export const RESOURCE_KIND_LABELS: Record<(typeof RESOURCE_KINDS)[number], string> = {
  people: "People",
  budget: "Budget",
  tool: "Tool",
};

export const SORTS = ["priority", "dueDate", "createdAt"] as const;
export type RemediationSort = (typeof SORTS)[number];

const text = (max: number) => z.string().trim().max(max);
const isoDate = z.iso.date("Use a date like 2027-01-31.");
const rating = (what: string, low: string, high: string) =>
  z
    .number({ error: `Rate ${what} as a whole number from 1 (${low}) to 5 (${high}).` })
    .int(`Rate ${what} as a whole number from 1 (${low}) to 5 (${high}).`)
    .min(1, `Rate ${what} from 1 (${low}) to 5 (${high}).`)
    .max(5, `Rate ${what} from 1 (${low}) to 5 (${high}).`);

/** One resource the fix needs: who (people), how much (budget) or what (tool). */
export const resourceInput = z.strictObject({
  kind: z.enum(RESOURCE_KINDS, { error: "A resource is people, budget or tool." }),
  name: text(200).min(1, "Name each resource, e.g. “Platform team” or “€2,000”."),
  detail: text(1000).default(""),
});
export type ResourceInput = z.infer<typeof resourceInput>;

/** One step of the corrective action. `id`: an existing step (kept and updated); left out: a new step. */
export const stepInput = z.strictObject({
  id: z.uuid("Use the step id from the item, or leave it out for a new step.").optional(),
  title: text(500).min(1, "Give each step a short title, e.g. “Enable MFA in the identity provider”."),
  ownerUserId: z.uuid("Use the step owner's user id (a UUID) from the members list.").nullable().default(null),
  startDate: isoDate.nullable().default(null),
  dueDate: isoDate.nullable().default(null),
  status: z.enum(STEP_STATUSES, { error: `A step's status is one of ${STEP_STATUSES.join(", ")}.` }).default("todo"),
});
export type StepInput = z.infer<typeof stepInput>;
const steps = z.array(stepInput).max(100, "An item has at most 100 steps: group smaller ones.");
const resources = z.array(resourceInput).max(50, "An item lists at most 50 resources.");

/** The whole ordered list of an item's steps: steps left out are removed, the order is the list's. */
export const stepsBody = z.strictObject({ steps });

/** The fields of a plan item a person writes; priority is always derived from likelihood × impact. */
const itemFields = {
  title: text(300).min(1, "Give the item a short title, e.g. “Enforce MFA for production access”."),
  gap: text(TEXT_LIMITS.long).min(1, "Describe the gap: what is missing or not working."),
  rootCause: text(TEXT_LIMITS.long),
  /** What could happen while the gap stays open, in words. */
  riskDescription: text(TEXT_LIMITS.long),
  likelihood: rating("likelihood", "rare", "almost certain"),
  impact: rating("impact", "negligible", "severe"),
  action: text(TEXT_LIMITS.long),
  /** A member who can work on remediation items (owner, admin, compliance manager or control owner). */
  ownerUserId: z.uuid("Use the owner's user id (a UUID) from the members list.").nullable(),
  /** Plain date. Left out on creation: suggested from the priority (critical 14 days … low 90 days). */
  dueDate: isoDate.nullable(),
  monitoring: text(TEXT_LIMITS.long),
  resources,
  /** Who will verify the fix (an owner, admin or compliance manager other than the item's owner). */
  verifierUserId: z.uuid("Use the verifier's user id (a UUID) from the members list.").nullable(),
  /** Trust Services Criteria ids, e.g. CC6.1. */
  criteria: z.array(z.string().trim().max(10)).max(61),
  /** Control ids of this program, e.g. GOV-01. */
  controls: z.array(z.string().trim().max(20)).max(200),
  /** Links or short descriptions of the evidence that the fix is in place. */
  evidence: z.array(text(2000).min(1, "Leave out empty evidence entries.")).max(50),
};

export const createItemBody = z.strictObject({
  title: itemFields.title,
  gap: itemFields.gap,
  rootCause: itemFields.rootCause.default(""),
  riskDescription: itemFields.riskDescription.default(""),
  likelihood: itemFields.likelihood,
  impact: itemFields.impact,
  action: itemFields.action.default(""),
  ownerUserId: itemFields.ownerUserId.optional(),
  dueDate: itemFields.dueDate.optional(),
  monitoring: itemFields.monitoring.default(""),
  resources: itemFields.resources.default([]),
  verifierUserId: itemFields.verifierUserId.optional(),
  steps: steps.default([]),
  criteria: itemFields.criteria.default([]),
  controls: itemFields.controls.default([]),
  evidence: itemFields.evidence.default([]),
  source: z.enum(REMEDIATION_SOURCES).default("manual"),
  /** The gap the item is made for: the criterion… */
  sourceCriterion: z.string().trim().max(10).optional(),
  /** …or the control of this program (a program has one open item per gap). */
  sourceControl: z.string().trim().max(20).optional(),
  /** true: add the item even though an open item already exists for the same gap. */
  allowDuplicate: z.boolean().default(false),
});
export type CreateItem = z.infer<typeof createItemBody>;

export const updateItemBody = z
  .strictObject({
    title: itemFields.title,
    gap: itemFields.gap,
    rootCause: itemFields.rootCause,
    riskDescription: itemFields.riskDescription,
    likelihood: itemFields.likelihood,
    impact: itemFields.impact,
    action: itemFields.action,
    ownerUserId: itemFields.ownerUserId,
    dueDate: itemFields.dueDate,
    monitoring: itemFields.monitoring,
    resources: itemFields.resources,
    verifierUserId: itemFields.verifierUserId,
    criteria: itemFields.criteria,
    controls: itemFields.controls,
    evidence: itemFields.evidence,
  })
  .partial();
export type UpdateItem = z.infer<typeof updateItemBody>;

export const statusBody = z.strictObject({
  status: z.enum(["in_progress", "done"], {
    error:
      "Set status to in_progress (start or reopen the item) or done. Verification has its own endpoint: POST …/remediation/:id/verify.",
  }),
  /** What was done, or why the item is reopened (required when reopening). */
  note: text(TEXT_LIMITS.long).optional(),
});
export type StatusChange = z.infer<typeof statusBody>;

const HOW_CHECKED =
  "Say how you checked the fix, e.g. “Tried a console login without MFA: refused”, and link any evidence.";
export const verifyBody = z.strictObject({
  /** How the fix was checked (required: the record of an independent check). */
  note: z.string({ error: HOW_CHECKED }).trim().max(TEXT_LIMITS.long).min(1, HOW_CHECKED),
});

/** A comma-separated list of allowed values: `status=open,in_progress`. */
const listOf = <const T extends readonly string[]>(values: T) =>
  z
    .string()
    .regex(
      new RegExp(`^(${values.join("|")})(,(${values.join("|")}))*$`),
      `Use one or more of ${values.join(", ")}, separated by commas.`,
    );

const filters = {
  status: listOf(REMEDIATION_STATUSES).optional().describe("Comma-separated statuses, e.g. open,in_progress"),
  priority: listOf(PRIORITIES).optional().describe("Comma-separated priorities, e.g. critical,high"),
  owner: z
    .union([z.uuid(), z.enum(["me", "none"])], { error: "Use a user id, me, or none." })
    .optional()
    .describe("A user id, `me`, or `none` (unassigned)"),
  overdue: z.enum(["true", "false"]).optional().describe("true: only open items past their due date"),
  criterion: z.string().trim().max(10).optional().describe("Items linked to this criterion, e.g. CC6.1"),
  control: z.string().trim().max(20).optional().describe("Items linked to this control, e.g. GOV-01"),
  q: z.string().trim().max(200).optional().describe("Search in ref, title and gap"),
  sort: z
    .enum(SORTS)
    .default("priority")
    .describe("priority (then due date, the default), dueDate (earliest first), createdAt (newest first)"),
};
export const listItemsQuery = z.strictObject({ ...filters, ...pageQuery });
export const exportQuery = z.strictObject(filters);
export type ItemFilter = z.infer<typeof exportQuery>;

export const programParams = z.strictObject({ programId: z.uuid("Use the program id (a UUID).") });
export const itemParams = z.strictObject({
  programId: z.uuid("Use the program id (a UUID)."),
  id: z.uuid("Use the item id (a UUID) shown in the list."),
});

const person = z.object({ id: z.uuid(), name: z.string(), email: z.string() });
export type Person = z.infer<typeof person>;

export const remediationStep = z.object({
  id: z.uuid(),
  position: z.number().int().describe("1, 2, … in the order of the corrective action"),
  title: z.string(),
  owner: person.nullable(),
  startDate: z.string().nullable(),
  dueDate: z.string().nullable(),
  status: z.enum(STEP_STATUSES),
  completedAt: z.date().nullable(),
});
export type RemediationStep = z.infer<typeof remediationStep>;
export const remediationResource = z.object({ kind: z.enum(RESOURCE_KINDS), name: z.string(), detail: z.string() });
export const stepProgress = z.object({
  /** Steps done or skipped. */
  finished: z.number().int(),
  total: z.number().int(),
  /** finished / total as a whole percentage; null when the item has no steps. */
  percent: z.number().int().nullable(),
});

export const remediationItem = z.object({
  id: z.uuid(),
  programId: z.uuid(),
  ref: z.string().describe("R-1, R-2, … within the program"),
  title: z.string(),
  gap: z.string(),
  rootCause: z.string(),
  riskDescription: z.string(),
  likelihood: z.number().int(),
  impact: z.number().int(),
  /** likelihood × impact, 1–25. */
  riskScore: z.number().int(),
  priority: z.enum(PRIORITIES),
  action: z.string(),
  owner: person.nullable(),
  dueDate: z.string().nullable(),
  /** Open or in progress, and the due date has passed. */
  overdue: z.boolean(),
  monitoring: z.string(),
  steps: z.array(remediationStep),
  progress: stepProgress,
  resources: z.array(remediationResource),
  /** Earliest step start to the latest of the steps' and the item's due dates (null ends: not planned yet). */
  timeline: z.object({ start: z.string().nullable(), end: z.string().nullable() }),
  verifier: person.nullable(),
  status: z.enum(REMEDIATION_STATUSES),
  source: z.enum(REMEDIATION_SOURCES),
  criteria: z.array(z.string()),
  controls: z.array(z.string()),
  evidence: z.array(z.string()),
  completedAt: z.date().nullable(),
  /** What was done, as said when the item was marked done ("" until then, and after a reopen). */
  doneNote: z.string(),
  verifiedAt: z.date().nullable(),
  verifiedBy: person.nullable(),
  /** How the verifier checked the fix ("" until verified). */
  verificationNote: z.string(),
  /** The gap the item was made for, if any: a criterion id or a control id of the program. */
  sourceCriterion: z.string().nullable(),
  sourceControl: z.string().nullable(),
  createdBy: person.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type RemediationItem = z.infer<typeof remediationItem>;
export const remediationItemList = pageOf(remediationItem);

export const historyEntry = z.object({
  seq: z.number().int(),
  at: z.date(),
  actorType: z.string(),
  actorLabel: z.string().nullable(),
  action: z.string(),
  changes: z.object({ before: z.unknown(), after: z.unknown() }),
  /** The entry in words, e.g. "Edited". */
  title: z.string(),
  /** What changed in words, e.g. "Changed owner (Grace Hopper → Mary Jackson), root cause", or the note. */
  detail: z.string().nullable(),
});
export const remediationItemDetail = remediationItem.extend({
  /** The item's ledger entries, oldest first. */
  history: z.array(historyEntry),
});

const byStatus = z.object(
  Object.fromEntries(REMEDIATION_STATUSES.map((s) => [s, z.number().int()])) as {
    [K in RemediationStatus]: z.ZodNumber;
  },
);
const byPriority = z.object(
  Object.fromEntries(PRIORITIES.map((p) => [p, z.number().int()])) as {
    [K in (typeof PRIORITIES)[number]]: z.ZodNumber;
  },
);
export const burndownPoint = z.object({
  day: z.string(),
  /** Items not done or verified at the end of the day (UTC). */
  open: z.number().int(),
  /** Items created by the end of the day. */
  created: z.number().int(),
  /** Steps not done or skipped at the end of the day. */
  openSteps: z.number().int(),
});
export type BurndownPoint = z.infer<typeof burndownPoint>;
export const remediationSummary = z.object({
  total: z.number().int(),
  byStatus,
  byPriority,
  /** Open and in-progress items by priority. */
  openByPriority: byPriority,
  overdue: z.number().int(),
  unassigned: z.number().int(),
  /** One point per day from the first item's creation (at most the last 180 days) to today. */
  burndown: z.array(burndownPoint),
});
export type RemediationSummary = z.infer<typeof remediationSummary>;

export const commentBody = z.strictObject({
  body: text(TEXT_LIMITS.long).min(1, "Write a comment."),
});
export const remediationComment = z.object({
  id: z.uuid(),
  itemId: z.uuid(),
  author: person.nullable(),
  body: z.string(),
  /** The members the comment's @email mentions resolved to (other addresses stay plain text). */
  mentions: z.array(person),
  createdAt: z.date(),
});
export type RemediationComment = z.infer<typeof remediationComment>;
export const remediationCommentList = z.object({ items: z.array(remediationComment) });
