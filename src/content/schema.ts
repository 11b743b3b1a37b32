import { z } from "zod";
import type { Role } from "../core/roles.ts";

/** Trust Services Categories, in report order. Only `security` (the common criteria) is required in every audit. */
export const CATEGORY_IDS = ["security", "availability", "confidentiality", "processing_integrity", "privacy"] as const;
export type TscCategoryId = (typeof CATEGORY_IDS)[number];

export const CONTROL_FREQUENCIES = [
  "continuous",
  "daily",
  "weekly",
  "monthly",
  "quarterly",
  "annually",
  "on_event",
] as const;
export type ControlFrequency = (typeof CONTROL_FREQUENCIES)[number];

export const CONTROL_NATURE_TYPES = ["preventive", "detective", "corrective"] as const;
export type ControlNatureType = (typeof CONTROL_NATURE_TYPES)[number];

export const CONTROL_NATURE_MODES = ["manual", "automated"] as const;
export type ControlNatureMode = (typeof CONTROL_NATURE_MODES)[number];

/** Roles that may own a library control by default (auditors and viewers never own controls). */
export const CONTROL_OWNER_ROLES = [
  "owner",
  "admin",
  "compliance_manager",
  "control_owner",
  "employee",
] as const satisfies readonly Role[];
export type ControlOwnerRole = (typeof CONTROL_OWNER_ROLES)[number];

/** `CC6.1`, `A1.2`, `PI1.5`, `P6.7`. */
export const CRITERION_ID = /^(CC|A|C|PI|P)[1-9]\.[1-9][0-9]?$/;
/** `CC6`, `A1`, `PI1`, `P6`. */
export const SERIES_ID = /^(CC|A|C|PI|P)[1-9]$/;
/** `GOV-01`, `ACC-12`. */
export const CONTROL_ID = /^[A-Z]{2,4}-[0-9]{2,3}$/;
/** `access-control`. */
export const SLUG_ID = /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/;

const text = z.string().trim().min(1);
const id = (pattern: RegExp, what: string) =>
  z.string().regex(pattern, { message: `${what} must match ${pattern.source}` });
const uniqueList = <T extends z.ZodType<string>>(item: T) =>
  z
    .array(item)
    .min(1)
    .refine((list) => new Set(list).size === list.length, { message: "list contains duplicates" });

// ---------------------------------------------------------------- criteria

export const categorySchema = z.strictObject({
  id: z.enum(CATEGORY_IDS),
  name: text,
  description: text,
  required: z.boolean(),
});

export const seriesSchema = z.strictObject({
  id: id(SERIES_ID, "series id"),
  category: z.enum(CATEGORY_IDS),
  name: text,
});

export const criterionSchema = z.strictObject({
  id: id(CRITERION_ID, "criterion id"),
  category: z.enum(CATEGORY_IDS),
  series: id(SERIES_ID, "series id"),
  title: text,
  summary: text,
  evidence: uniqueList(text).refine((l) => l.length <= 6, { message: "at most 6 evidence kinds" }),
});

export const criteriaFileSchema = z.strictObject({
  framework: z.literal("tsc-2017"),
  name: text,
  version: text,
  categories: z.array(categorySchema).min(1),
  series: z.array(seriesSchema).min(1),
  criteria: z.array(criterionSchema).min(1),
});

// ---------------------------------------------------------------- policies

export const policySchema = z.strictObject({
  id: id(SLUG_ID, "policy id"),
  title: text,
  purpose: text,
});

export const policyIndexSchema = z.strictObject({
  policies: z.array(policySchema).min(1),
});

/** The front matter of a policy template (`policies/templates/<id>.md`); the Markdown body follows it. */
export const policyTemplateSchema = z.strictObject({
  id: id(SLUG_ID, "policy id"),
  version: z.string().regex(/^[0-9]+\.[0-9]+$/, { message: 'version must look like "1.0"' }),
});

// ---------------------------------------------------------------- controls

export const controlNatureSchema = z.strictObject({
  type: z.enum(CONTROL_NATURE_TYPES),
  mode: z.enum(CONTROL_NATURE_MODES),
});

export const controlSchema = z.strictObject({
  id: id(CONTROL_ID, "control id"),
  name: text,
  description: text,
  ownerRole: z.enum(CONTROL_OWNER_ROLES),
  frequency: z.enum(CONTROL_FREQUENCIES),
  nature: controlNatureSchema,
  evidence: uniqueList(text),
  guidance: text,
  policies: uniqueList(id(SLUG_ID, "policy id")),
  criteria: uniqueList(id(CRITERION_ID, "criterion id")),
});

export const controlFileSchema = z.strictObject({
  domain: id(SLUG_ID, "domain id"),
  name: text,
  description: text,
  order: z.number().int().min(0),
  controls: z.array(controlSchema).min(1),
});

// ---------------------------------------------------------------- frameworks (crosswalks)

/**
 * How one of our controls relates to the requirement it is mapped to, after the NIST OLIR set relationships
 * (NIST IR 8477), read "our control is … the requirement": `equal` — they ask for the same thing; `superset` — our
 * control does everything the requirement asks and more; `subset` — our control does only part of what the
 * requirement asks; `intersects` — they overlap, and each asks for something the other does not.
 */
export const MAPPING_STRENGTHS = ["equal", "superset", "subset", "intersects"] as const;
export type MappingStrength = (typeof MAPPING_STRENGTHS)[number];
/** Strengths with which a single control covers a requirement on its own; the others count as partial coverage. */
export const COVERING_STRENGTHS: readonly MappingStrength[] = ["equal", "superset"];

/** A part of a framework reported on its own (ISO 27001: the clauses 4–10 and Annex A). */
export const frameworkPartSchema = z.strictObject({
  id: id(SLUG_ID, "part id"),
  name: text,
});

export const frameworkGroupSchema = z.strictObject({
  id: text,
  name: text,
  /** The part the group belongs to, when the framework declares parts. */
  part: text.optional(),
});

export const frameworkMappingSchema = z.strictObject({
  requirement: text,
  strength: z.enum(MAPPING_STRENGTHS),
  /** One line in our own words: why the control relates to the requirement this way. */
  rationale: text.refine((s) => !s.includes("\n") && s.length <= 240, {
    message: "rationale must be one line (≤ 240 characters)",
  }),
});

export const frameworkRequirementSchema = z.strictObject({
  id: text,
  title: text,
  group: text,
});

export const frameworkFileSchema = z.strictObject({
  id: id(SLUG_ID, "framework id"),
  name: text,
  version: text,
  description: text,
  /** The day the mappings were last reviewed (the OSCAL mapping export's last-modified). */
  reviewed: z.iso.date(),
  parts: z.array(frameworkPartSchema).min(2).optional(),
  groups: z.array(frameworkGroupSchema).min(1),
  requirements: z.array(frameworkRequirementSchema).min(1),
  /** Our control id → the requirements it relates to, each with a strength and a rationale. */
  mappings: z.record(
    id(CONTROL_ID, "control id"),
    z
      .array(frameworkMappingSchema)
      .min(1)
      .refine((list) => new Set(list.map((m) => m.requirement)).size === list.length, {
        message: "a control maps to the same requirement twice",
      }),
  ),
});

// ---------------------------------------------------------------- types

export type TscCategory = z.infer<typeof categorySchema>;
export type TscSeries = z.infer<typeof seriesSchema>;
export type Criterion = z.infer<typeof criterionSchema>;
export type Policy = z.infer<typeof policySchema>;
export type ControlNature = z.infer<typeof controlNatureSchema>;
/** A control from the shipped library; `domain` is the id of the file's domain (e.g. `access`). */
export type LibraryControl = z.infer<typeof controlSchema> & { domain: string };
export type ControlDomain = Omit<z.infer<typeof controlFileSchema>, "controls">;
export type FrameworkGroup = z.infer<typeof frameworkGroupSchema>;
export type FrameworkRequirement = z.infer<typeof frameworkRequirementSchema>;
export type FrameworkPart = z.infer<typeof frameworkPartSchema>;
export type FrameworkMapping = z.infer<typeof frameworkMappingSchema>;
/** A crosswalked framework; `mappings` goes from our control id to the requirements it relates to. */
export type Framework = z.infer<typeof frameworkFileSchema>;

export type CriteriaFile = z.infer<typeof criteriaFileSchema>;
export type ControlFile = z.infer<typeof controlFileSchema>;
export type PolicyIndexFile = z.infer<typeof policyIndexSchema>;
/** A policy template: its front matter and the Markdown after it. */
export type PolicyTemplateFile = z.infer<typeof policyTemplateSchema> & { body: string };
export type FrameworkFile = z.infer<typeof frameworkFileSchema>;

export const DOCUMENT_SCHEMAS = {
  criteria: criteriaFileSchema,
  controls: controlFileSchema,
  policies: policyIndexSchema,
  template: policyTemplateSchema,
  framework: frameworkFileSchema,
} as const;
export type DocumentKind = keyof typeof DOCUMENT_SCHEMAS;
