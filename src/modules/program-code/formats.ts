import { z } from "zod";
import {
  CATEGORY_IDS,
  CONTROL_FREQUENCIES,
  CONTROL_NATURE_MODES,
  CONTROL_NATURE_TYPES,
  CONTROL_OWNER_ROLES,
} from "../../content/index.ts";
import { CONTROL_STATUSES, MANUAL_STATUSES } from "../../core/control-status.ts";
import { PRIORITIES } from "../../core/priority.ts";
import { ASSESSMENT_ANSWERS, REPORT_TYPES } from "../programs/schema.ts";
import { REMEDIATION_SOURCES, REMEDIATION_STATUSES } from "../remediation/schema.ts";
import { FORMAT } from "./model.ts";

/**
 * The zod schemas of the files of a program folder (the same limits as the API's), and the section headings of
 * the Markdown files. docs/program-as-code.md describes every field.
 */

const line = (max: number) => z.string().trim().max(max);
const isoDate = z.iso.date("use a date like 2027-01-31");
const email = z
  .email("use the person's email address (or null)")
  .transform((e) => e.toLowerCase())
  .nullable()
  .default(null);
const list = (max: number, item = line(1000).min(1, "leave out empty entries")) => z.array(item).max(max).default([]);
const rating = (what: string, low: string, high: string) =>
  z
    .number({ error: `rate ${what} as a whole number from 1 (${low}) to 5 (${high})` })
    .int(`rate ${what} as a whole number from 1 (${low}) to 5 (${high})`)
    .min(1, `rate ${what} from 1 (${low}) to 5 (${high})`)
    .max(5, `rate ${what} from 1 (${low}) to 5 (${high})`);

export const CONTROL_KEY = /^[A-Z][A-Z0-9]{1,9}-\d{1,4}$/;
export const ITEM_REF = /^R-[1-9]\d{0,5}$/;

export const programFile = z.strictObject({
  format: z.literal(FORMAT, { error: `write \`format: ${FORMAT}\` (this folder layout's version)` }),
  name: line(200).min(1, "give the program a name"),
  framework: z.literal("soc2", { error: "only soc2 programs can be imported" }),
  reportType: z.enum(REPORT_TYPES),
  asOfDate: isoDate.nullable().default(null),
  windowStart: isoDate.nullable().default(null),
  windowEnd: isoDate.nullable().default(null),
  categories: z.array(z.enum(CATEGORY_IDS)).max(5).default(["security"]),
  scoped: z.boolean().default(false),
});

export const assessmentFile = z.strictObject({
  answers: z
    .array(
      z.strictObject({
        criterion: z.string().max(10),
        answer: z.enum(ASSESSMENT_ANSWERS),
        notes: line(4000).default(""),
      }),
    )
    .max(61)
    .default([]),
});

export const controlFront = z.strictObject({
  key: z.string().regex(CONTROL_KEY, "use an id like GOV-01 or CUS-3: capital letters, a dash, a number"),
  libraryId: z.string().max(20).nullable().default(null),
  name: line(300).min(1, "give the control a name"),
  ownerRole: z.enum(CONTROL_OWNER_ROLES),
  owner: email,
  frequency: z.enum(CONTROL_FREQUENCIES),
  nature: z.strictObject({ type: z.enum(CONTROL_NATURE_TYPES), mode: z.enum(CONTROL_NATURE_MODES) }),
  evidence: list(50),
  policies: list(30, line(100).min(1)),
  criteria: z.array(z.string().max(10)).min(1, "map the control to at least one criterion").max(61),
  applicable: z.boolean().default(true),
  notApplicableReason: line(2000).nullable().default(null),
  /** The status Assay shows (worked out from evidence, tests and what people said); declared when alone. */
  status: z.enum(CONTROL_STATUSES).default("not_started"),
  /** What people declared, written when the status shown differs from it. */
  declaredStatus: z.enum(MANUAL_STATUSES).optional(),
  statusReason: line(2000).default(""),
});

type Manual = (typeof MANUAL_STATUSES)[number];

/** Statuses the status rule (core/control-status.ts) can show for a control people declared `declared`. */
const shownFor = (declared: Manual): readonly string[] => [
  declared,
  "operating",
  "needs_attention",
  "not_applicable",
  ...(declared === "operating" ? ["implemented"] : []),
];

/**
 * The status an import declares: `declaredStatus`, or `status` alone. A problem in words when `status` is not
 * one people can declare, or could not follow from `declaredStatus` (someone edited the shown status).
 */
export function declaredStatusOf(c: z.infer<typeof controlFront>): { status: Manual } | { problem: string } {
  const manual = (MANUAL_STATUSES as readonly string[]).includes(c.status);
  if (!c.declaredStatus)
    return manual
      ? { status: c.status as Manual }
      : {
          problem: `status ${c.status} is worked out by Assay from evidence and tests: declare a status (${MANUAL_STATUSES.join(", ")}) in status, or keep declaredStatus`,
        };
  if (!shownFor(c.declaredStatus).includes(c.status))
    return {
      problem: `status ${c.status} cannot follow from declaredStatus ${c.declaredStatus}: status is what Assay shows, so to declare another status change declaredStatus (or remove it and set status)`,
    };
  return { status: c.declaredStatus };
}

export const CONTROL_SECTIONS = [
  { heading: "Description", field: "description", max: 4000, required: true },
  { heading: "Guidance", field: "guidance", max: 20000, required: false },
  { heading: "Narrative", field: "narrative", max: 20000, required: false },
] as const;

export const itemFront = z.strictObject({
  ref: z.string().regex(ITEM_REF, "use a reference like R-1"),
  title: line(300).min(1, "give the item a short title"),
  status: z.enum(REMEDIATION_STATUSES).default("open"),
  source: z.enum(REMEDIATION_SOURCES).default("manual"),
  likelihood: rating("likelihood", "rare", "almost certain"),
  impact: rating("impact", "negligible", "severe"),
  /** Derived from likelihood × impact; optional, checked when present. */
  priority: z.enum(PRIORITIES).optional(),
  owner: email,
  dueDate: isoDate.nullable().default(null),
  criteria: list(61, z.string().trim().max(10)),
  controls: list(200, z.string().trim().max(20)),
  evidence: list(50, line(2000).min(1, "leave out empty evidence entries")),
});
export const ITEM_SECTIONS = [
  { heading: "Gap", field: "gap", max: 4000, required: true },
  { heading: "Root cause", field: "rootCause", max: 4000, required: false },
  { heading: "Action", field: "action", max: 4000, required: false },
  { heading: "Monitoring", field: "monitoring", max: 4000, required: false },
] as const;

export const PROGRAM_FILE = "program.yaml";
export const SCOPE_FILE = "scope.yaml";
export const ASSESSMENT_FILE = "assessment.yaml";
export const CONTROLS_DIR = "controls";
export const REMEDIATION_DIR = "remediation";
export const controlPath = (key: string) => `${CONTROLS_DIR}/${key}.md`;
export const itemPath = (ref: string) => `${REMEDIATION_DIR}/${ref}.md`;

export const HEADER = `# Assay program as code (${FORMAT}). Edit, commit, and import with \`assay program import\`.\n`;
