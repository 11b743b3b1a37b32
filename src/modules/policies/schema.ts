import { z } from "zod";
import { TEXT_LIMITS, tooLongMessage } from "../../core/text-limits.ts";
import { PERSON_KINDS } from "../../db/schema/people.ts";
import { POLICY_DECISIONS, POLICY_SIGNIFICANCES, POLICY_VERSION_STATUSES } from "../../db/schema/policies.ts";
import { pageQuery } from "../../kernel/http/schemas.ts";

/** Longest policy body (Markdown characters): the longest template is ~15k; imports may be longer. */
export const POLICY_BODY_LIMIT = 200_000;
/** Largest file an import takes. */
export const IMPORT_BYTES_LIMIT = 5 * 1024 * 1024;

const title = z
  .string()
  .trim()
  .min(1, "Enter the policy's title.")
  .max(TEXT_LIMITS.title, tooLongMessage(TEXT_LIMITS.title));
const summary = z.string().trim().max(TEXT_LIMITS.paragraph, tooLongMessage(TEXT_LIMITS.paragraph));
const comment = z.string().trim().max(TEXT_LIMITS.long, tooLongMessage(TEXT_LIMITS.long));
const cadence = z.number().int().min(1, "Review at least every 36 months.").max(36, "Review at least every 36 months.");

export const audience = z.strictObject({
  kinds: z.array(z.enum(PERSON_KINDS)).max(2).optional(),
  departments: z.array(z.string().trim().min(1).max(TEXT_LIMITS.name)).max(100).optional(),
});

export const adoptBody = z.strictObject({
  /** Template ids from GET /content/policies; all 26 when `all` is true. */
  templateIds: z.array(z.string().max(80)).max(100).default([]),
  all: z.boolean().default(false),
  ownerUserId: z.uuid("Choose the policy owner (a member)."),
  reviewCadenceMonths: cadence.default(12),
});

export const policyPatch = z.strictObject({
  title: title.optional(),
  ownerUserId: z.uuid().nullable().optional(),
  reviewCadenceMonths: cadence.optional(),
  audience: audience.optional(),
});

export const draftBody = z.strictObject({
  body: z.string().min(1, "The policy needs some text.").max(POLICY_BODY_LIMIT, tooLongMessage(POLICY_BODY_LIMIT)),
  changeSummary: summary.default(""),
  significance: z.enum(POLICY_SIGNIFICANCES).default("major"),
});

export const submitBody = z.strictObject({
  approverIds: z.array(z.uuid()).min(1, "Name at least one approver.").max(10),
});
export const decisionBody = z.strictObject({ comment: comment.optional() });
export const changesBody = z.strictObject({ comment: comment.min(1, "Say what must change.") });
export const publishBody = z.strictObject({ audience: audience.optional() });

export const settingsBody = z.strictObject({
  independentApproval: z.boolean().optional(),
  requiredAcceptancePercent: z.number().int().min(1).max(100).optional(),
  acceptanceDueDays: z.number().int().min(1).max(365).optional(),
  reminderIntervalDays: z.number().int().min(1).max(90).optional(),
});
export const settings = z.object({
  independentApproval: z.boolean(),
  requiredAcceptancePercent: z.number().int(),
  acceptanceDueDays: z.number().int(),
  reminderIntervalDays: z.number().int(),
});

export const policyParams = z.strictObject({ id: z.uuid("Use the policy id (a UUID).") });
export const versionParams = z.strictObject({
  id: z.uuid("Use the policy id (a UUID)."),
  versionId: z.uuid("Use the version id (a UUID)."),
});
/** Version numbers; by default the latest version against the one before it. */
export const diffQuery = z.strictObject({
  from: z.coerce.number().int().min(1).optional(),
  to: z.coerce.number().int().min(1).optional(),
});
export const importQuery = z.strictObject({ title: title.optional() });
export const trackingQuery = z.strictObject({
  state: z.enum(["accepted", "outstanding"]).optional(),
  q: z.string().trim().max(200).optional(),
  ...pageQuery,
});

const approval = z.object({
  userId: z.uuid(),
  name: z.string(),
  decision: z.enum(POLICY_DECISIONS),
  comment: z.string().nullable(),
  decidedAt: z.date().nullable(),
});

export const versionSummary = z.object({
  id: z.uuid(),
  number: z.number().int(),
  status: z.enum(POLICY_VERSION_STATUSES),
  significance: z.enum(POLICY_SIGNIFICANCES),
  changeSummary: z.string(),
  authorUserId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  submittedAt: z.date().nullable(),
  approvedAt: z.date().nullable(),
  publishedAt: z.date().nullable(),
  updatedAt: z.date(),
  approvals: z.array(approval),
});
export const version = versionSummary.extend({ body: z.string() });

export const policyItem = z.object({
  id: z.uuid(),
  title: z.string(),
  templateId: z.string().nullable(),
  templateVersion: z.string().nullable(),
  ownerUserId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  reviewCadenceMonths: z.number().int(),
  audience: z.object({ kinds: z.array(z.enum(PERSON_KINDS)).optional(), departments: z.array(z.string()).optional() }),
  nextReviewDate: z.string().nullable(),
  /** The current (published) version's number, if any. */
  currentNumber: z.number().int().nullable(),
  /** The latest version's number and status (a draft in progress shows here). */
  latestNumber: z.number().int(),
  latestStatus: z.enum(POLICY_VERSION_STATUSES),
  requested: z.number().int(),
  accepted: z.number().int(),
  percent: z.number(),
  /** Library controls that name the policy's template. */
  controls: z.array(z.string()),
  updatedAt: z.date(),
});
export const policyList = z.object({ items: z.array(policyItem), settings });

export const policyDetail = policyItem.extend({ versions: z.array(versionSummary), settings });

const diffKind = z.enum(["added", "removed", "unchanged"]);
export const diffPart = z.object({
  kind: diffKind,
  text: z.string(),
  /** For a block that replaces (or is replaced by) a similar one: its words, the changed ones marked. */
  words: z.array(z.object({ kind: diffKind, text: z.string() })).optional(),
});
export const diffResult = z.object({
  from: z.number().int(),
  to: z.number().int(),
  added: z.number().int(),
  removed: z.number().int(),
  parts: z.array(diffPart),
});

/** When a person was asked, by when, and whether, when and from where they accepted (and which version they read). */
const acceptanceFields = {
  requestedAt: z.date(),
  dueDate: z.string(),
  acceptedAt: z.date().nullable(),
  acceptedVersion: z.number().int().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
};
export const trackingRow = z.object({
  personId: z.uuid(),
  fullName: z.string(),
  email: z.string(),
  department: z.string().nullable(),
  kind: z.enum(PERSON_KINDS),
  ...acceptanceFields,
});
export const tracking = z.object({
  policyId: z.uuid(),
  title: z.string(),
  requiredVersion: z.number().int().nullable(),
  requested: z.number().int(),
  accepted: z.number().int(),
  percent: z.number(),
  items: z.array(trackingRow),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const portalItem = z.object({
  policyId: z.uuid(),
  title: z.string(),
  /** The version the person is asked to accept and the current one they read (a later minor version). */
  requiredVersion: z.number().int(),
  currentVersion: z.number().int(),
  dueDate: z.string(),
  acceptedAt: z.date().nullable(),
});
export const portalList = z.object({
  person: z.object({ id: z.uuid(), fullName: z.string() }).nullable(),
  items: z.array(portalItem),
});
export const portalDetail = portalItem.extend({ body: z.string(), changeSummary: z.string() });

/**
 * One request to a person to accept a policy version: `accepted`; `outstanding` (the version they must accept now,
 * not yet accepted; `overdue` past its due date); `superseded` (a version replaced before they accepted it).
 */
export const ACCEPTANCE_STATES = ["accepted", "outstanding", "overdue", "superseded"] as const;
export const personAcceptanceRow = z.object({
  policyId: z.uuid(),
  title: z.string(),
  requestedVersion: z.number().int(),
  /** True for the version the policy requires now. */
  current: z.boolean(),
  state: z.enum(ACCEPTANCE_STATES),
  ...acceptanceFields,
});
export const personAcceptances = z
  .object({
    personId: z.uuid(),
    fullName: z.string(),
    /** Requests for the versions the policies require now, accepted. */
    accepted: z.number().int(),
    /** Requests for the versions the policies require now, not yet accepted (overdue included). */
    outstanding: z.number().int(),
    overdue: z.number().int(),
    items: z.array(personAcceptanceRow),
  })
  .meta({ id: "PersonPolicyAcceptances" });
export const personParams = z.strictObject({ personId: z.uuid() });
