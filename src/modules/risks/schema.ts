import { z } from "zod";
import {
  ASSESSMENT_STATUSES,
  MAX_SCALE,
  MIN_SCALE,
  RISK_LEVELS,
  RISK_STATUSES,
  RISK_TREATMENTS,
  RISK_TYPES,
  TREATMENT_STATES,
} from "../../core/risks.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

const day = z.iso.date("Use a date written YYYY-MM-DD.");
const rating = z.number().int().min(1).max(MAX_SCALE);
const bool = z
  .enum(["true", "false"])
  .transform((v) => v === "true")
  .optional();

/** The list's filters (also the CSV export's); `likelihood` and `impact` pick a heat map cell on `basis`. */
export const filterQuery = {
  q: z.string().trim().max(200).optional().describe("Search title, description and category"),
  type: z.enum(RISK_TYPES).optional(),
  level: z.enum(RISK_LEVELS).optional().describe("The level of the score on `basis`"),
  treatment: z
    .enum([...RISK_TREATMENTS, "none"])
    .optional()
    .describe("`none`: no treatment chosen yet"),
  status: z.enum(RISK_STATUSES).optional(),
  owner: z
    .union([z.uuid(), z.literal("none")])
    .optional()
    .describe("The owner's user id; `none`: no owner"),
  overdue: bool.describe("Only open risks past their review date"),
  basis: z
    .enum(["inherent", "residual"])
    .default("inherent")
    .describe("Which rating `level`, `likelihood` and `impact` read"),
  likelihood: z.coerce.number().int().min(1).max(MAX_SCALE).optional(),
  impact: z.coerce.number().int().min(1).max(MAX_SCALE).optional(),
};
export const listQuery = z.strictObject({ ...pageQuery, ...filterQuery });
export type ListQuery = z.infer<typeof listQuery>;
export const exportQuery = z.strictObject(filterQuery);
export type Filters = z.infer<typeof exportQuery>;

export const risk = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  category: z.string().nullable(),
  type: z.enum(RISK_TYPES),
  ownerUserId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  likelihood: z.number().int(),
  impact: z.number().int(),
  score: z.number().int().describe("Inherent score: likelihood × impact"),
  level: z.enum(RISK_LEVELS),
  residualLikelihood: z.number().int().nullable(),
  residualImpact: z.number().int().nullable(),
  residualScore: z.number().int().nullable(),
  residualLevel: z.enum(RISK_LEVELS).nullable(),
  treatment: z.enum(RISK_TREATMENTS).nullable(),
  treatmentPlan: z.string().nullable(),
  treatmentState: z
    .enum(TREATMENT_STATES)
    .describe("`needs_controls`: the treatment is mitigate but no control is linked yet, so it does not count"),
  controls: z.array(z.string()).describe("Keys of the linked controls"),
  status: z.enum(RISK_STATUSES),
  reviewDate: z.string().nullable(),
  reviewOverdue: z.boolean(),
  libraryId: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const riskList = pageOf(risk);

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) =>
  text(max)
    .nullable()
    .optional()
    .transform((v) => (v === undefined ? undefined : v || null));

export const riskInput = z.strictObject({
  title: text(TEXT_LIMITS.title).min(1, "Give the risk a title."),
  description: optionalText(TEXT_LIMITS.long),
  category: optionalText(TEXT_LIMITS.name),
  type: z.enum(RISK_TYPES),
  ownerUserId: z.uuid().nullable().optional(),
  likelihood: rating,
  impact: rating,
  residualLikelihood: rating.nullable().optional(),
  residualImpact: rating.nullable().optional(),
  treatment: z.enum(RISK_TREATMENTS).nullable().optional(),
  treatmentPlan: optionalText(TEXT_LIMITS.long),
  status: z.enum(RISK_STATUSES).optional(),
  reviewDate: day.nullable().optional(),
});
export type RiskInput = z.infer<typeof riskInput>;
export const riskPatch = riskInput.partial();
export type RiskPatch = z.infer<typeof riskPatch>;

const scaleLabels = z
  .array(text(60))
  .min(MIN_SCALE, `Use ${MIN_SCALE} to ${MAX_SCALE} levels.`)
  .max(MAX_SCALE, `Use ${MIN_SCALE} to ${MAX_SCALE} levels.`);
export const scales = z.object({
  likelihood: scaleLabels.describe("Labels of likelihood 1..N, lowest first"),
  impact: scaleLabels.describe("Labels of impact 1..N, lowest first"),
  thresholds: z
    .strictObject({
      medium: z.number().int().min(2),
      high: z.number().int().min(3),
      critical: z.number().int().min(4),
    })
    .describe("The lowest score of each level above low"),
});
export const scalesInput = scales.strict();
export const settingsOut = scales.extend({ isDefault: z.boolean() });

export const libraryEntry = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  type: z.enum(RISK_TYPES),
  likelihood: z.number().int(),
  impact: z.number().int(),
  treatment: z.enum(RISK_TREATMENTS),
  controls: z.array(z.string()),
  inRegister: z.boolean().describe("A risk with this title is already in the register"),
});
export const addFromLibrary = z.strictObject({
  ids: z.array(z.string().max(100)).min(1, "Pick at least one risk.").max(100),
});
export const addedFromLibrary = z.object({
  created: z.array(risk),
  skipped: z.array(z.string()).describe("Titles already in the register, left as they are"),
});

const n = z.number().int();
export const heatMap = z.object({
  likelihood: z.array(z.string()),
  impact: z.array(z.string()),
  thresholds: scales.shape.thresholds,
  cells: z
    .array(
      z.object({
        likelihood: n,
        impact: n,
        level: z.enum(RISK_LEVELS),
        inherent: n.describe("Open risks rated here before treatment"),
        residual: n.describe("Open risks rated here after treatment"),
      }),
    )
    .describe("Every cell of the grid, likelihood-major"),
  open: n,
  withoutResidual: n.describe("Open risks with no residual rating yet (not in the residual grid)"),
});

export const assessmentInput = z.strictObject({
  name: text(TEXT_LIMITS.name).min(1, "Name the assessment."),
  period: text(60).min(1, "Give the period, e.g. the year."),
  notes: optionalText(TEXT_LIMITS.long),
});
export const assessmentPatch = assessmentInput.partial();

export const snapshotRisk = z.object({
  id: z.string(),
  title: z.string(),
  type: z.enum(RISK_TYPES),
  category: z.string().nullable(),
  ownerName: z.string().nullable(),
  likelihood: n,
  impact: n,
  score: n,
  level: z.enum(RISK_LEVELS),
  residualLikelihood: n.nullable(),
  residualImpact: n.nullable(),
  residualScore: n.nullable(),
  residualLevel: z.enum(RISK_LEVELS).nullable(),
  treatment: z.enum(RISK_TREATMENTS).nullable(),
  treatmentPlan: z.string().nullable(),
  treatmentState: z.enum(TREATMENT_STATES),
  controls: z.array(z.string()),
  status: z.enum(RISK_STATUSES),
  reviewDate: z.string().nullable(),
});
export const snapshot = z.object({
  takenAt: z.string(),
  scales,
  risks: z.array(snapshotRisk),
});
export type Snapshot = z.infer<typeof snapshot>;

export const assessment = z.object({
  id: z.uuid(),
  name: z.string(),
  period: z.string(),
  status: z.enum(ASSESSMENT_STATUSES),
  notes: z.string().nullable(),
  startedBy: z.uuid().nullable(),
  startedByName: z.string().nullable(),
  startedAt: z.date(),
  completedBy: z.uuid().nullable(),
  completedByName: z.string().nullable(),
  completedAt: z.date().nullable(),
  signedOffBy: z.uuid().nullable().describe("Who signed the completed assessment off (never who completed it)"),
  signedOffByName: z.string().nullable(),
  signedOffAt: z.date().nullable().describe("When it was signed off; RSK-02 counts an assessment only from then"),
  riskCount: n.nullable().describe("Risks in the frozen snapshot; null while in progress"),
});
export const assessmentDetail = assessment.extend({ snapshot: snapshot.nullable() });
export const assessmentList = z.object({ items: z.array(assessment) });
export const completed = assessmentDetail.extend({
  evidenceIds: z.array(z.uuid()).describe("Evidence records the report was attached as (RSK-02, each active program)"),
});

export const importSummary = z.object({ create: z.number().int(), update: z.number().int() });
