import { z } from "zod";
import { CONTROL_FREQUENCIES } from "../../content/index.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

export const EVIDENCE_KINDS = ["file", "link", "statement"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];
export const EVIDENCE_SOURCES = ["manual", "integration", "agent"] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

const text = (max: number) => z.string().trim().max(max);
const isoDate = z.iso.date("Use a date like 2027-01-31.");
const controlKey = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z][A-Z0-9]{1,9}-\d{1,4}$/, "Use control ids like ACC-03 or CUS-1.");

/** What every kind of submission may say about the evidence. */
const metaFields = {
  title: text(300),
  description: text(TEXT_LIMITS.long),
  /** The period the evidence covers (plain dates, both included). */
  effectiveFrom: isoDate.nullable(),
  effectiveTo: isoDate.nullable(),
  /** When it was collected, if not now (a screenshot taken yesterday). Never in the future. */
  collectedAt: z.coerce.date(),
  /** The program whose controls `controls` names; defaults to the organization's only active program. */
  programId: z.uuid("Use the program id (a UUID)."),
  controls: z.array(controlKey).max(100),
};

export const submissionMeta = z.strictObject({
  title: metaFields.title.optional(),
  description: metaFields.description.default(""),
  effectiveFrom: metaFields.effectiveFrom.optional(),
  effectiveTo: metaFields.effectiveTo.optional(),
  collectedAt: metaFields.collectedAt.optional(),
  programId: metaFields.programId.optional(),
  controls: metaFields.controls.default([]),
});
export type SubmissionMeta = z.infer<typeof submissionMeta>;

export const linkBody = submissionMeta.extend({
  url: z.url({ protocol: /^https?$/, error: "Use a web address starting with https:// (or http://)." }).max(2000),
});
export type LinkInput = z.infer<typeof linkBody>;

export const statementBody = submissionMeta.extend({
  title: text(300).min(1, "Give the statement a title, e.g. “No production changes in March”."),
  statement: text(20000).min(1, "Write the statement."),
});
export type StatementInput = z.infer<typeof statementBody>;

/** A correction: what changes (anything left out is copied from the version it replaces) and why. */
export const versionBody = z.strictObject({
  reason: text(2000).min(1, "Say why this version replaces the previous one (what was wrong)."),
  title: metaFields.title.min(1).optional(),
  description: metaFields.description.optional(),
  effectiveFrom: metaFields.effectiveFrom.optional(),
  effectiveTo: metaFields.effectiveTo.optional(),
  collectedAt: metaFields.collectedAt.optional(),
  url: linkBody.shape.url.optional(),
  statement: statementBody.shape.statement.optional(),
});
export type VersionInput = z.infer<typeof versionBody>;

/** The multipart forms routes.ts reads part by part, described for the OpenAPI document. */
export const uploadForm = submissionMeta.extend({
  file: z.array(z.file()).describe("One or more files (any field name, up to 20): each becomes one evidence record"),
  period: z.string().optional().describe("Shortcut for effectiveFrom and effectiveTo, e.g. 2027-01-01..2027-03-31"),
});
export const versionForm = versionBody.extend({ file: z.file().describe("The new version's file") });

export const linkControlsBody = z.strictObject({
  programId: metaFields.programId.optional(),
  controls: metaFields.controls.min(1, "Name at least one control, e.g. ACC-03."),
});
export type LinkControlsInput = z.infer<typeof linkControlsBody>;

export const evidenceParams = z.strictObject({ id: z.uuid("Use the evidence id (a UUID).") });
export const linkParams = z.strictObject({
  id: z.uuid("Use the evidence id (a UUID)."),
  linkId: z.uuid("Use the link id (a UUID) shown in the evidence's controls."),
});

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const listQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  /** A control id (ACC-03): evidence linked to it (in `program`, or any program). */
  control: controlKey.optional(),
  program: z.uuid().optional(),
  kind: z.enum(EVIDENCE_KINDS).optional(),
  source: z.enum(EVIDENCE_SOURCES).optional(),
  /** Evidence whose period overlaps [from, to] (evidence without a period: its collection day). */
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** true: only evidence that went stale for every control it is linked to; false: the rest. */
  stale: flag.optional(),
  /** Include versions that were corrected since (default: only current versions). */
  superseded: flag.optional(),
  ...pageQuery,
});
export type ListFilter = z.infer<typeof listQuery>;

export const contentQuery = z.strictObject({ inline: flag.optional() });

const person = z.object({ id: z.uuid(), name: z.string() }).nullable();

export const evidenceControl = z.object({
  linkId: z.uuid(),
  programId: z.uuid(),
  key: z.string(),
  name: z.string(),
  frequency: z.enum(CONTROL_FREQUENCIES),
  /** When this evidence stops vouching for this control (null: the control has no clock). */
  staleAt: z.date().nullable(),
  stale: z.boolean(),
  linkedAt: z.date(),
});

export const evidenceItem = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  source: z.enum(EVIDENCE_SOURCES),
  file: z
    .object({
      name: z.string(),
      sha256: z.string(),
      size: z.number().int(),
      mimeType: z.string(),
      /** Shown in the browser with ?inline=1 (images, PDF, text); everything else downloads. */
      previewable: z.boolean(),
    })
    .nullable(),
  url: z.string().nullable(),
  statement: z.string().nullable(),
  collectedBy: person,
  collectedAt: z.date(),
  effectiveFrom: z.string().nullable(),
  effectiveTo: z.string().nullable(),
  chainId: z.uuid(),
  version: z.number().int(),
  replacesId: z.uuid().nullable(),
  supersededById: z.uuid().nullable(),
  correctionReason: z.string().nullable(),
  current: z.boolean(),
  createdAt: z.date(),
  controls: z.array(evidenceControl),
  /** Stale for every control it is linked to (current versions only). */
  stale: z.boolean(),
  staleAt: z.date().nullable(),
});
export type EvidenceItem = z.infer<typeof evidenceItem>;

export const evidenceDetail = evidenceItem.extend({
  versions: z.array(
    z.object({
      id: z.uuid(),
      version: z.number().int(),
      title: z.string(),
      collectedAt: z.date(),
      collectedBy: person,
      correctionReason: z.string().nullable(),
      current: z.boolean(),
      createdAt: z.date(),
    }),
  ),
});
export type EvidenceDetail = z.infer<typeof evidenceDetail>;

export const evidenceList = pageOf(evidenceItem);
export const submitted = z.object({ items: z.array(evidenceItem) });
