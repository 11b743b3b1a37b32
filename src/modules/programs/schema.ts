import { z } from "zod";
import {
  CATEGORY_IDS,
  CONTROL_FREQUENCIES as FREQUENCIES,
  CONTROL_NATURE_MODES as NATURE_MODES,
  CONTROL_NATURE_TYPES as NATURE_TYPES,
  CONTROL_OWNER_ROLES as OWNER_ROLES,
} from "../../content/index.ts";
import { periodVerdict } from "../../core/audit-window.ts";
import { CONTROL_STATUSES, MANUAL_STATUSES } from "../../core/control-status.ts";
import { MAX_OVERRIDE_DAYS } from "../../core/freshness.ts";
import { PRIORITIES } from "../../core/priority.ts";
import { READINESS_LEVELS } from "../../core/readiness.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

export const REPORT_TYPES = ["type1", "type2"] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

const isoDate = z.iso.date("Use a date like 2027-01-31.");
const line = (max = 500) => z.string().trim().max(max);
const lines = (max = 50) => z.array(line(1000).min(1)).max(max);

export const subserviceOrg = z.strictObject({
  name: line(200).min(1, "Name the subservice organization."),
  services: line(2000).default(""),
  method: z.enum(["carve_out", "inclusive"]),
  /** Controls the subservice organization is expected to operate (complementary subservice organization controls). */
  expectedControls: lines().default([]),
});

export const userEntityControl = z.strictObject({
  description: line(2000).min(1, "Describe what the customer is expected to do."),
  criteria: z.array(z.string()).max(61).default([]),
});

/** The system description: what is in the audit, in the customer's words. */
export const scope = z.strictObject({
  services: line(TEXT_LIMITS.long).default(""),
  commitments: lines().default([]),
  systemRequirements: lines().default([]),
  components: z
    .strictObject({
      infrastructure: lines().default([]),
      software: lines().default([]),
      people: lines().default([]),
      data: lines().default([]),
      procedures: lines().default([]),
    })
    .default({ infrastructure: [], software: [], people: [], data: [], procedures: [] }),
  boundaries: line(TEXT_LIMITS.long).default(""),
  subserviceOrganizations: z.array(subserviceOrg).max(50).default([]),
  userEntityControls: z.array(userEntityControl).max(100).default([]),
});
export type Scope = z.infer<typeof scope>;

const programFields = {
  name: line(200).min(1, "Give the program a name, e.g. “SOC 2 Type II 2027”."),
  reportType: z.enum(REPORT_TYPES),
  asOfDate: isoDate.nullable().optional(),
  windowStart: isoDate.nullable().optional(),
  windowEnd: isoDate.nullable().optional(),
  categories: z.array(z.enum(CATEGORY_IDS)).max(5).optional(),
  scope: scope.optional(),
};
/**
 * Refuses a period that cannot be right (a window longer than 12 months, ending before it starts, dates outside
 * 2000–2099), with the reason, on the dates the body carries; the service checks the saved program as a whole.
 */
function refinePeriod(
  b: { reportType?: ReportType; asOfDate?: string | null; windowStart?: string | null; windowEnd?: string | null },
  ctx: z.RefinementCtx,
) {
  // A date that failed its own check already has an issue; the rules read only well-formed days.
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if ([b.asOfDate, b.windowStart, b.windowEnd].some((d) => d != null && !(typeof d === "string" && day.test(d))))
    return;
  const verdict = periodVerdict({
    reportType: b.reportType ?? (b.asOfDate ? "type1" : "type2"),
    asOfDate: b.asOfDate ?? null,
    windowStart: b.windowStart ?? null,
    windowEnd: b.windowEnd ?? null,
  });
  if (verdict.level === "problem")
    ctx.addIssue({ code: "custom", message: verdict.messages.join(" "), path: [verdict.field ?? "windowEnd"] });
}

export const createProgramBody = z
  .strictObject({
    ...programFields,
    /** Adopt the whole control library right away (the usual start). */
    adoptLibrary: z.boolean().default(true),
  })
  .superRefine(refinePeriod);
export type CreateProgram = z.infer<typeof createProgramBody>;
export const updateProgramBody = z
  .strictObject({
    name: programFields.name.optional(),
    reportType: programFields.reportType.optional(),
    asOfDate: programFields.asOfDate,
    windowStart: programFields.windowStart,
    windowEnd: programFields.windowEnd,
    categories: programFields.categories,
    scope: programFields.scope,
    /** Mark the scoping wizard finished. */
    scoped: z.boolean().optional(),
    /** Also adopt the library controls of these categories that the program does not have yet, in the same save. */
    adoptControlsFor: z.array(z.enum(CATEGORY_IDS)).max(5).optional(),
  })
  .superRefine(refinePeriod);
export type UpdateProgram = z.infer<typeof updateProgramBody>;

export const program = z.object({
  id: z.uuid(),
  name: z.string(),
  framework: z.string(),
  reportType: z.enum(REPORT_TYPES),
  asOfDate: z.string().nullable(),
  windowStart: z.string().nullable(),
  windowEnd: z.string().nullable(),
  categories: z.array(z.enum(CATEGORY_IDS)),
  scope,
  scopedAt: z.date().nullable(),
  archivedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  /** Advice about the report type and window (e.g. a Type II window under three months). */
  warnings: z.array(z.string()),
  controlCount: z.number().int(),
});
export type Program = z.infer<typeof program>;
export const programList = z.object({ items: z.array(program) });

export const programParams = z.strictObject({ programId: z.uuid("Use the program id (a UUID).") });
export const controlParams = z.strictObject({
  programId: z.uuid("Use the program id (a UUID)."),
  key: z.string().regex(/^[A-Z][A-Z0-9]{1,9}-\d{1,4}$/, "Use a control id like GOV-01 or CUS-3."),
});

export const controlOwner = z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable();
/** How long this control's evidence stays fresh instead of its frequency's rule, and why (docs/evidence.md). */
export const freshnessOverride = z.object({ days: z.number().int(), reason: z.string() }).nullable();
const freshnessOverrideInput = z
  .strictObject({
    days: z
      .number({ error: `Give the number of days evidence stays fresh, from 1 to ${MAX_OVERRIDE_DAYS}.` })
      .int(`Give the number of days evidence stays fresh as a whole number, from 1 to ${MAX_OVERRIDE_DAYS}.`)
      .min(1, `Evidence must stay fresh at least 1 day (from 1 to ${MAX_OVERRIDE_DAYS}).`)
      .max(
        MAX_OVERRIDE_DAYS,
        `Evidence can stay fresh at most ${MAX_OVERRIDE_DAYS} days: use a number from 1 to ${MAX_OVERRIDE_DAYS}.`,
      ),
    reason: line(2000).min(1, "Say why this control's evidence may stay fresh that long: an auditor reads it."),
  })
  .nullable();
export const programControl = z.object({
  id: z.uuid(),
  key: z.string(),
  libraryId: z.string().nullable(),
  custom: z.boolean(),
  name: z.string(),
  description: z.string(),
  ownerRole: z.enum(OWNER_ROLES),
  owner: controlOwner,
  frequency: z.enum(FREQUENCIES),
  natureType: z.enum(NATURE_TYPES),
  natureMode: z.enum(NATURE_MODES),
  evidence: z.array(z.string()),
  guidance: z.string(),
  policies: z.array(z.string()),
  criteria: z.array(z.string()),
  narrative: z.string(),
  applicable: z.boolean(),
  notApplicableReason: z.string().nullable(),
  /** What the status rule says, with its reason. */
  status: z.enum(CONTROL_STATUSES),
  statusReason: z.string(),
  statusSince: z.date().nullable(),
  /** What decided the status: applicability, the status people set, failing tests or the evidence. */
  statusSource: z.enum(["applicability", "manual", "tests", "evidence", "checks"]),
  /** The status people set (the derived status above may differ: failing tests, stale or missing evidence). */
  manualStatus: z.enum(MANUAL_STATUSES),
  /** Days the control's evidence stays fresh instead of the frequency rule, with the reason; null: the rule. */
  freshnessOverride,
  updatedAt: z.date(),
});
export type ProgramControl = z.infer<typeof programControl>;
export const programControlList = pageOf(programControl);

export const listControlsQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: z.enum(CONTROL_STATUSES).optional(),
  criterion: z.string().max(10).optional(),
  ownerUserId: z.uuid().optional(),
  ...pageQuery,
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type ControlFilter = z.infer<typeof listControlsQuery>;

const controlFields = {
  name: line(300).min(1, "Give the control a name."),
  description: line(TEXT_LIMITS.long).min(1, "Describe the control."),
  ownerRole: z.enum(OWNER_ROLES),
  ownerUserId: z.uuid().nullable(),
  frequency: z.enum(FREQUENCIES),
  natureType: z.enum(NATURE_TYPES),
  natureMode: z.enum(NATURE_MODES),
  evidence: lines(),
  guidance: line(20000),
  policies: z.array(line(100)).max(30),
  criteria: z.array(z.string().max(10)).min(1, "Map the control to at least one criterion.").max(61),
  narrative: line(20000),
};
export const createControlBody = z.strictObject({
  key: z
    .string()
    .regex(/^[A-Z][A-Z0-9]{1,9}-\d{1,4}$/, "Use an id like CUS-01: capital letters, a dash, a number.")
    .optional(),
  ...controlFields,
  ownerRole: controlFields.ownerRole.default("control_owner"),
  ownerUserId: controlFields.ownerUserId.default(null),
  frequency: controlFields.frequency.default("annually"),
  natureType: controlFields.natureType.default("preventive"),
  natureMode: controlFields.natureMode.default("manual"),
  evidence: controlFields.evidence.default([]),
  guidance: controlFields.guidance.default(""),
  policies: controlFields.policies.default([]),
  narrative: controlFields.narrative.default(""),
});
export type CreateControl = z.infer<typeof createControlBody>;
export const updateControlBody = z
  .strictObject({
    name: controlFields.name,
    description: controlFields.description,
    ownerRole: controlFields.ownerRole,
    ownerUserId: controlFields.ownerUserId,
    frequency: controlFields.frequency,
    natureType: controlFields.natureType,
    natureMode: controlFields.natureMode,
    evidence: controlFields.evidence,
    guidance: controlFields.guidance,
    policies: controlFields.policies,
    criteria: controlFields.criteria,
    narrative: controlFields.narrative,
    applicable: z.boolean(),
    notApplicableReason: line(2000).nullable(),
    status: z.enum(MANUAL_STATUSES),
    statusReason: line(2000),
    /** null removes the override. */
    freshnessOverride: freshnessOverrideInput,
  })
  .partial();
export type UpdateControl = z.infer<typeof updateControlBody>;

export const ASSESSMENT_ANSWERS = ["yes", "partly", "no"] as const;
export const assessmentAnswer = z.object({
  criterionId: z.string(),
  answer: z.enum(ASSESSMENT_ANSWERS),
  notes: z.string(),
  answeredBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  answeredAt: z.date(),
});
export const assessmentBody = z.strictObject({
  answers: z
    .array(
      z.strictObject({
        criterionId: z.string().max(10),
        answer: z.enum(ASSESSMENT_ANSWERS),
        notes: line(TEXT_LIMITS.long).default(""),
      }),
    )
    .min(1, "Answer at least one question.")
    .max(61),
});
export type AssessmentInput = z.infer<typeof assessmentBody>;

const freshnessState = z.enum(["missing", "current", "due_soon", "stale"]);
export const controlExplanation = z.object({
  status: z.enum(CONTROL_STATUSES),
  reason: z.string(),
  since: z.string().nullable(),
  source: z.enum(["applicability", "manual", "tests", "evidence", "checks"]),
  /** What would make the control show "Operating" (null when it does, or does not apply). */
  toOperate: z.string().nullable(),
  evidence: z.object({
    state: freshnessState,
    count: z.number().int(),
    latestCollectedAt: z.string().nullable(),
    staleAt: z.string().nullable(),
    reason: z.string(),
    items: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        collectedAt: z.string(),
        effectiveFrom: z.string().nullable(),
        effectiveTo: z.string().nullable(),
        source: z.string(),
      }),
    ),
  }),
  /** People routines covering the control (policy approved and accepted, training done): kernel/routines.ts. */
  checks: z.array(
    z.object({
      source: z.string(),
      label: z.string(),
      state: z.enum(["met", "not_met", "lapsed"]),
      reason: z.string(),
      since: z.string().nullable(),
    }),
  ),
  tests: z.object({
    failing: z.number().int(),
    passing: z.number().int(),
    excepted: z.number().int(),
    since: z.string().nullable(),
    items: z.array(
      z.object({
        testId: z.string(),
        title: z.string(),
        severity: z.string(),
        enabled: z.boolean(),
        state: z.enum(["failing", "passing", "excepted", "no_results"]),
        failingResources: z.number().int(),
        passingResources: z.number().int(),
        exceptedResources: z.number().int(),
        since: z.string().nullable(),
      }),
    ),
  }),
  exceptions: z.array(
    z.object({
      id: z.string(),
      testId: z.string(),
      resourceName: z.string().nullable(),
      expiresAt: z.string(),
      approvedBy: z.string(),
      state: z.literal("active"),
    }),
  ),
});

// ---------------------------------------------------------------- answers of the read-only views (for OpenAPI)

export const programControlDetail = programControl.extend({
  history: z.array(
    z.object({
      status: z.enum(CONTROL_STATUSES),
      reason: z.string(),
      source: z.string(),
      at: z.date(),
      actor: z.string().nullable(),
    }),
  ),
});

const category = z.enum(CATEGORY_IDS);
const level = z.enum(READINESS_LEVELS);
/** One object per level of proof (declared ⊇ evidenced ⊇ operating), see src/core/readiness.ts. */
const perLevel = <T extends z.ZodType>(value: T) => z.object({ declared: value, evidenced: value, operating: value });
const scoreSummary = z.object({
  score: z.number().describe("Status-based score (implemented or operating), kept for older clients; see levels"),
  ready: z.number().int(),
  total: z.number().int(),
  levels: perLevel(z.object({ score: z.number(), ready: z.number().int() })),
});
const criterionReadiness = z.object({
  id: z.string(),
  category,
  state: z.enum(["ready", "not_ready", "not_relevant"]),
  score: z.number(),
  applicable: z.number().int(),
  done: z.number().int(),
  notApplicable: z.number().int(),
  pending: z.array(z.string()),
  reason: z.string(),
  levels: perLevel(
    z.object({
      state: z.enum(["ready", "not_ready", "not_relevant"]),
      score: z.number(),
      done: z.number().int(),
      pending: z.array(z.string()),
    }),
  ),
});
const readinessFields = {
  headline: level.describe("The level the program's headline counts at: operating for Type II, evidenced for Type I"),
  criteria: z.array(criterionReadiness),
  categories: z.array(scoreSummary.extend({ id: category, inScope: z.boolean() })),
  overall: scoreSummary,
};
export const readiness = z.object({ ...readinessFields, updatedAt: z.date() });

const trendPoint = z.object({
  day: z.string(),
  overall: z.number(),
  ready: z.number().int(),
  total: z.number().int(),
  byCategory: z.record(z.string(), z.number()),
  levels: perLevel(
    z.object({ overall: z.number(), ready: z.number().int(), byCategory: z.record(z.string(), z.number()) }),
  )
    .nullable()
    .describe("Null on days recorded before readiness had levels"),
});
export const readinessTrend = z.array(trendPoint);

const criterionGap = z.object({
  criterionId: z.string(),
  title: z.string(),
  category,
  score: z.number(),
  levels: perLevel(z.number()).describe("The criterion's score at each level"),
  why: z.string(),
  todo: z.string(),
  pending: z.array(z.string()),
});
export const gaps = z.object({
  criteria: z.array(criterionGap),
  controls: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      status: z.enum(CONTROL_STATUSES),
      why: z.string(),
      todo: z.string(),
      criteria: z.array(z.string()),
    }),
  ),
});

const deadline = z.object({
  id: z.uuid(),
  ref: z.string(),
  title: z.string(),
  priority: z.enum(PRIORITIES),
  dueDate: z.string().nullable(),
  status: z.enum(["open", "in_progress"]),
  owner: z.string().nullable(),
});
export const dashboard = z.object({
  readiness: z.object(readinessFields),
  trend: z.array(trendPoint),
  topGaps: z.array(criterionGap),
  overdue: z.array(deadline),
  upcoming: z.array(deadline),
  journey: z.array(
    z.object({ id: z.string(), name: z.string(), done: z.boolean(), left: z.string(), available: z.boolean() }),
  ),
});

export const assessment = z.object({
  questions: z.array(
    z.object({
      criterionId: z.string(),
      category,
      title: z.string(),
      summary: z.string(),
      evidence: z.array(z.string()),
      answer: assessmentAnswer.omit({ criterionId: true }).nullable(),
    }),
  ),
  answered: z.number().int(),
  total: z.number().int(),
});
export const assessmentResult = z.object({
  controlsChanged: z.array(z.object({ key: z.string(), status: z.enum(MANUAL_STATUSES) })),
  remediationCreated: z.array(z.object({ id: z.uuid(), ref: z.string() })),
});
