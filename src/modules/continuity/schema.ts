import { z } from "zod";
import { ASSET_KINDS } from "../../core/assets.ts";
import { PLAN_KINDS, TEST_KINDS, TEST_RESULTS, TIME_UNITS } from "../../core/continuity.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

const day = z.iso.date("Use a date written YYYY-MM-DD.");
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

/** A duration typed as people say it: 4 hours, 15 minutes. */
export const duration = z.strictObject({
  value: z.number().positive("Use a duration above zero.").max(100_000),
  unit: z.enum(TIME_UNITS),
});

export const planInput = z.strictObject({
  name: z.string().trim().min(1, "Give the plan a name.").max(TEXT_LIMITS.name),
  kind: z.enum(PLAN_KINDS),
  description: optionalText(TEXT_LIMITS.long),
  ownerUserId: z.uuid().nullable().optional(),
  documentUrl: z
    .url({ protocol: /^https?$/, error: "Use a web address starting with https:// or http://." })
    .max(2000)
    .nullable()
    .optional(),
  evidenceId: z.uuid().nullable().optional().describe("The plan's document in the evidence library"),
  lastReviewedOn: day.nullable().optional().describe("When it was last reviewed and approved (not in the future)"),
  nextReviewOn: day.nullable().optional().describe("After the last review; 12 months after it when left out"),
});
export type PlanInput = z.infer<typeof planInput>;
export const planPatch = planInput.partial();
export type PlanPatch = z.infer<typeof planPatch>;
export const planReviewBody = z.strictObject({
  reviewedOn: day.optional().describe("Today when left out"),
  nextReviewOn: day.optional().describe("12 months later when left out"),
});

export const plan = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(PLAN_KINDS),
  description: z.string().nullable(),
  ownerUserId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  documentUrl: z.string().nullable(),
  evidenceId: z.uuid().nullable(),
  lastReviewedOn: z.string().nullable(),
  nextReviewOn: z.string().nullable(),
  reviewOverdue: z.boolean().describe("The next review date has passed"),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const planList = z.object({ items: z.array(plan) });

export const objectiveInput = z.strictObject({
  assetId: z.uuid().describe("A system or data store of the inventory"),
  rto: duration.nullable().optional().describe("Recovery time objective: how long the system may be down"),
  rpo: duration.nullable().optional().describe("Recovery point objective: how much recent data may be lost"),
  notes: optionalText(TEXT_LIMITS.paragraph),
});
export type ObjectiveInput = z.infer<typeof objectiveInput>;
export const objectivePatch = objectiveInput.omit({ assetId: true }).partial();
export type ObjectivePatch = z.infer<typeof objectivePatch>;

export const objective = z.object({
  id: z.uuid(),
  assetId: z.uuid(),
  assetName: z.string(),
  assetKind: z.enum(ASSET_KINDS),
  rtoMinutes: z.number().int().nullable(),
  rpoMinutes: z.number().int().nullable(),
  notes: z.string().nullable(),
  lastRestoreTestOn: z.string().nullable().describe("The last restore test covering it"),
  lastOutcome: z.enum(["met", "missed", "not_measured"]).nullable(),
  updatedAt: z.date(),
});
export const objectiveList = z.object({ items: z.array(objective) });

export const assetRecovery = z.object({
  objective: z
    .object({
      id: z.uuid(),
      rtoMinutes: z.number().int().nullable(),
      rpoMinutes: z.number().int().nullable(),
      notes: z.string().nullable(),
    })
    .nullable()
    .describe("The asset's recovery objectives; null when none are set"),
  lastRestoreTest: z
    .object({
      id: z.uuid(),
      performedOn: z.string(),
      result: z.enum(TEST_RESULTS),
      recoveryMinutes: z.number().int().nullable(),
      dataLossMinutes: z.number().int().nullable(),
      outcome: z
        .enum(["met", "missed", "not_measured"])
        .describe("Against the objectives the asset had when the test was recorded"),
    })
    .nullable()
    .describe("The last restore test that covered the asset; null when none did"),
});

export const testInput = z.strictObject({
  kind: z.enum(TEST_KINDS),
  performedOn: day.describe("The day of the test (not in the future)"),
  scenario: z.string().trim().min(1, "Say what was tested.").max(TEXT_LIMITS.paragraph),
  result: z.enum(TEST_RESULTS),
  assetIds: z.array(z.uuid()).max(100).default([]).describe("The systems and data stores it covered"),
  recoveryTime: duration.nullable().optional().describe("How long the recovery took"),
  dataLoss: duration
    .nullable()
    .optional()
    .describe("How much data was lost, as the time between the last restorable point and the incident"),
  findings: optionalText(TEXT_LIMITS.long),
  planId: z.uuid().nullable().optional(),
  evidenceId: z.uuid().nullable().optional(),
  remediationItemId: z.uuid().nullable().optional().describe("The follow-up remediation item, if any"),
});
export type TestInput = z.infer<typeof testInput>;
export const testPatch = testInput.extend({ assetIds: z.array(z.uuid()).max(100) }).partial();
export type TestPatch = z.infer<typeof testPatch>;

const outcome = z.enum(["met", "missed", "not_measured"]);
export const testRecord = z.object({
  id: z.uuid(),
  kind: z.enum(TEST_KINDS),
  performedOn: z.string(),
  scenario: z.string(),
  result: z.enum(TEST_RESULTS),
  recoveryMinutes: z.number().int().nullable(),
  dataLossMinutes: z.number().int().nullable(),
  findings: z.string().nullable(),
  planId: z.uuid().nullable(),
  planName: z.string().nullable(),
  evidenceId: z.uuid().nullable(),
  remediationItemId: z.uuid().nullable(),
  outcome: outcome.describe("Against the objectives of the systems it covered: missed when any was missed"),
  systems: z.array(
    z.object({
      assetId: z.uuid(),
      name: z.string(),
      kind: z.enum(ASSET_KINDS),
      rtoMinutes: z.number().int().nullable().describe("The objective when the test was recorded"),
      rpoMinutes: z.number().int().nullable(),
      rto: outcome,
      rpo: outcome,
      outcome,
    }),
  ),
  createdBy: z.uuid().nullable(),
  createdAt: z.date(),
});
export const testQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(200).optional().describe("Search scenario and findings"),
  kind: z.enum(TEST_KINDS).optional(),
  result: z.enum(TEST_RESULTS).optional(),
  assetId: z.uuid().optional().describe("Only tests covering this system"),
});
export type TestQuery = z.infer<typeof testQuery>;
export const testExportQuery = testQuery.omit({ page: true, pageSize: true });
export const testList = pageOf(testRecord);

export const checkList = z.object({
  used: z.boolean().describe("Whether the register holds anything yet: before that it tells the controls nothing"),
  items: z.array(
    z.object({
      key: z.string().describe("The library control id"),
      label: z.string(),
      state: z.enum(["met", "not_met", "lapsed"]),
      reason: z.string(),
    }),
  ),
});
