import { z } from "zod";
import { TEST_STATUSES } from "../../core/intervals.ts";
import { SEVERITIES } from "../../core/sla.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

const line = (max = 500) => z.string().trim().max(max);
const json = z.record(z.string(), z.unknown());

/** `skipped`: the sync did not run because another sync of the connection was running (sync/claim.ts). */
export const SYNC_STATUSES = ["running", "succeeded", "partial", "failed", "skipped"] as const;
export const EXCEPTION_STATES = ["pending", "active", "rejected", "revoked", "expired"] as const;
export type ExceptionState = (typeof EXCEPTION_STATES)[number];

// ── connectors and connections ────────────────────────────────────────────────────────────────────────────

export const connectorInfo = z.object({
  type: z.string(),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  /** Push-based: the systems report themselves (the Linux agent); nothing is synced on a schedule. */
  push: z.boolean(),
  resourceTypes: z.array(z.string()),
  /** JSON Schema of the settings and of the secrets, for forms. */
  configSchema: json,
  secretSchema: json,
  tests: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      resourceType: z.string(),
      severity: z.enum(SEVERITIES),
      controls: z.array(z.string()),
    }),
  ),
});
export const connectorList = z.object({ items: z.array(connectorInfo) });

const intervalSeconds = z
  .number()
  .int()
  .min(300, "Sync at most every 5 minutes (300 s).")
  .max(7 * 86_400);

export const createConnectionBody = z.strictObject({
  type: z.string().max(50),
  name: line(200).min(1, "Name the connection, e.g. “Production database”."),
  config: json.default({}),
  /** Write-only: stored encrypted, never returned. */
  secrets: json.optional(),
  intervalSeconds: intervalSeconds.default(3600),
  enabled: z.boolean().default(true),
});
export type CreateConnection = z.infer<typeof createConnectionBody>;

export const updateConnectionBody = z.strictObject({
  name: line(200).min(1).optional(),
  config: json.optional(),
  /** Replaces all secrets; leave out to keep them, `{}` to clear them. */
  secrets: json.optional(),
  intervalSeconds: intervalSeconds.optional(),
  enabled: z.boolean().optional(),
});
export type UpdateConnection = z.infer<typeof updateConnectionBody>;

export const testConnectionBody = z.strictObject({
  type: z.string().max(50),
  config: json.default({}),
  secrets: json.default({}),
});

export const testConnectionResult = z.object({
  ok: z.boolean(),
  message: z.string().optional(),
  error: z.string().optional(),
  guidance: z.string().optional(),
});

export const connection = z.object({
  id: z.uuid(),
  type: z.string(),
  name: z.string(),
  config: json,
  /** Which secrets are set — never their values. */
  secretFields: z.array(z.string()),
  intervalSeconds: z.number().int(),
  enabled: z.boolean(),
  syncing: z.boolean(),
  /** Push-based (the Linux agent): devices report themselves, so there is no schedule and no sync to start. */
  push: z.boolean(),
  /** Push connections: the latest report from any of its devices (null: none yet, or not push-based). */
  lastReportAt: z.date().nullable(),
  nextSyncAt: z.date().nullable(),
  lastSync: z
    .object({
      id: z.uuid().nullable(),
      status: z.enum(SYNC_STATUSES).nullable(),
      at: z.date().nullable(),
      error: z.string().nullable(),
      guidance: z.string().nullable(),
      lastSuccessAt: z.date().nullable(),
    })
    .nullable(),
  resourceCount: z.number().int(),
  /** The sync queued or running now, with its progress (the same as GET /api/v1/jobs/{id}). */
  currentJob: z
    .object({ id: z.uuid(), status: z.string(), progress: z.number().int().nullable(), message: z.string().nullable() })
    .nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ConnectionView = z.infer<typeof connection>;
export const connectionList = z.object({ items: z.array(connection) });

export const syncView = z.object({
  id: z.uuid(),
  connectionId: z.uuid(),
  connectionName: z.string(),
  jobId: z.uuid().nullable(),
  trigger: z.string(),
  status: z.enum(SYNC_STATUSES),
  progress: z.number().int(),
  message: z.string().nullable(),
  counts: z.record(z.string(), z.number()),
  warnings: z.array(z.string()),
  error: z.string().nullable(),
  guidance: z.string().nullable(),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
});
export const syncList = pageOf(syncView);
export const listSyncsQuery = z.strictObject({
  connectionId: z.uuid().optional(),
  status: z.enum(SYNC_STATUSES).optional(),
  ...pageQuery,
});

export const syncNowResult = z.object({
  jobId: z.uuid(),
  /** True when a sync of this connection was already queued or running: its job is returned. */
  alreadyQueued: z.boolean(),
});

// ── resources ────────────────────────────────────────────────────────────────────────────────────────────

export const listResourcesQuery = z.strictObject({
  type: z.string().max(50).optional(),
  connectionId: z.uuid().optional(),
  q: z.string().trim().max(200).optional(),
  /** Only resources this test currently fails on. */
  failingTest: z.string().max(120).optional(),
  /** true: only resources failing at least one test now. */
  failing: z.enum(["true", "false"]).optional().describe("true: only resources failing at least one test now"),
  /** Include resources the last complete sync no longer found. */
  missing: z.enum(["include", "only", "exclude"]).default("exclude"),
  ...pageQuery,
});
export type ResourceFilter = z.infer<typeof listResourcesQuery>;

export const resourceSummary = z.object({
  id: z.uuid(),
  connectionId: z.uuid(),
  connectionName: z.string(),
  type: z.string(),
  externalId: z.string(),
  name: z.string(),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  missingSince: z.date().nullable(),
  failing: z.number().int(),
});
export const resourceList = pageOf(resourceSummary);

const exceptionRef = z.object({ id: z.uuid(), expiresAt: z.date(), approvedBy: z.string() }).nullable();

export const resultView = z.object({
  testId: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(TEST_STATUSES),
  reason: z.string(),
  remediation: z.string(),
  since: z.date(),
  excepted: z.boolean(),
  exception: exceptionRef,
  dueAt: z.date().nullable(),
  overdue: z.boolean(),
});

export const intervalView = z.object({
  id: z.uuid(),
  testId: z.string(),
  resourceId: z.uuid().nullable(),
  resourceName: z.string().nullable(),
  status: z.enum(TEST_STATUSES),
  reason: z.string(),
  remediation: z.string(),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
});
export const historyQuery = z.strictObject({
  resourceId: z.uuid().optional(),
  testId: z.string().max(120).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  ...pageQuery,
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});
export const historyList = pageOf(intervalView);

export const resourceDetail = resourceSummary.extend({
  attributes: json,
  results: z.array(resultView),
});

// ── tests ────────────────────────────────────────────────────────────────────────────────────────────────

export const statusCounts = z.object({
  pass: z.number().int(),
  fail: z.number().int(),
  excepted: z.number().int(),
  not_applicable: z.number().int(),
  error: z.number().int(),
});
export type StatusCounts = z.infer<typeof statusCounts>;

export const testSummary = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  source: z.enum(["catalogue", "custom"]),
  connectorType: z.string().nullable(),
  resourceType: z.string(),
  severity: z.enum(SEVERITIES),
  controls: z.array(z.string()),
  remediation: z.string(),
  enabled: z.boolean(),
  counts: statusCounts,
  /** Failing (not excepted) resources past their remediation SLA. */
  overdue: z.number().int(),
});
export const testList = z.object({ items: z.array(testSummary) });
export const listTestsQuery = z.strictObject({
  source: z.enum(["catalogue", "custom"]).optional(),
  status: z.enum(["failing", "passing", "disabled"]).optional(),
  control: z.string().max(20).optional(),
  connectorType: z.string().max(50).optional(),
});

export const failingResource = z.object({
  resourceId: z.uuid(),
  name: z.string(),
  type: z.string(),
  connectionId: z.uuid(),
  status: z.enum(TEST_STATUSES),
  reason: z.string(),
  remediation: z.string(),
  since: z.date(),
  excepted: z.boolean(),
  exception: exceptionRef,
  dueAt: z.date().nullable(),
  overdue: z.boolean(),
});

export const testDetail = testSummary.extend({
  rule: z.unknown().optional(),
  appliesWhen: z.unknown().optional(),
  customTestId: z.uuid().nullable(),
  failing: z.array(failingResource),
});

export const testParams = z.strictObject({
  testId: z.string().regex(/^[a-z][a-z0-9_]*\.[a-z0-9][a-z0-9_-]*$/, "Use a test id like postgres.ssl_enabled."),
});
export const enableBody = z.strictObject({ enabled: z.boolean() });

export const dryRunResult = z.object({
  testId: z.string().nullable(),
  resourceType: z.string(),
  evaluated: z.number().int(),
  counts: statusCounts.omit({ excepted: true }),
  /** What would change against the stored results (for an existing test). */
  changes: z.number().int().nullable(),
  results: z.array(
    z.object({
      resourceId: z.uuid(),
      name: z.string(),
      status: z.enum(TEST_STATUSES),
      reason: z.string(),
      current: z.enum(TEST_STATUSES).nullable(),
    }),
  ),
});

// ── custom tests ─────────────────────────────────────────────────────────────────────────────────────────

const ruleInput = z.union([z.string().max(100_000), json]);
const controlKey = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,9}-\d{1,4}$/, "Use a control id like ACC-03 (library) or CUS-01 (program).");

const customFields = {
  title: line(300).min(1, "Give the test a title."),
  description: line(TEXT_LIMITS.long),
  resourceType: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, "Use a resource type like user, bucket or database_role."),
  severity: z.enum(SEVERITIES),
  /** Must hold for a resource to pass: a rule object, or the same as YAML or JSON text. */
  rule: ruleInput,
  /** Optional scope: resources where this rule does not hold are "not applicable". */
  appliesWhen: ruleInput.nullable(),
  remediation: line(TEXT_LIMITS.long),
  controls: z.array(controlKey).max(50),
};
export const createCustomTestBody = z.strictObject({
  key: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9_-]{0,59}$/,
      "Use a short key of lower-case letters, digits, - and _ (the test id is custom.<key>).",
    ),
  ...customFields,
  description: customFields.description.default(""),
  appliesWhen: customFields.appliesWhen.default(null),
  remediation: customFields.remediation.default(""),
  controls: customFields.controls.default([]),
  /** New tests start off: dry-run them on the current resources, then turn them on. */
  enabled: z.boolean().default(false),
});
export type CreateCustomTest = z.infer<typeof createCustomTestBody>;
export const updateCustomTestBody = z.strictObject(customFields).partial();
export type UpdateCustomTest = z.infer<typeof updateCustomTestBody>;

export const customTestView = z.object({
  id: z.uuid(),
  testId: z.string(),
  key: z.string(),
  title: z.string(),
  description: z.string(),
  resourceType: z.string(),
  severity: z.enum(SEVERITIES),
  rule: z.unknown(),
  appliesWhen: z.unknown(),
  ruleText: z.string(),
  remediation: z.string(),
  controls: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export const customTestList = z.object({ items: z.array(customTestView) });

export const dryRunBody = z.strictObject({
  resourceType: customFields.resourceType,
  rule: ruleInput,
  appliesWhen: ruleInput.nullable().default(null),
  limit: z.number().int().min(1).max(500).default(100),
});
export const dryRunTestBody = z.strictObject({ limit: z.number().int().min(1).max(500).default(100) });

// ── exceptions ───────────────────────────────────────────────────────────────────────────────────────────

export const createExceptionBody = z.strictObject({
  testId: testParams.shape.testId,
  /** Leave out to accept the test's failure on every resource. */
  resourceId: z.uuid().nullable().default(null),
  justification: line(TEXT_LIMITS.long).min(10, "Explain why the failure is accepted (at least a sentence)."),
  approverUserId: z.uuid("Name the approver by their user id."),
  expiresAt: z.iso.datetime({
    offset: true,
    message: "Give the expiry as a date and time, e.g. 2027-06-30T00:00:00Z.",
  }),
});
export type CreateException = z.infer<typeof createExceptionBody>;

export const decisionBody = z.strictObject({ note: line(2000).default("") });
export const revokeBody = z.strictObject({ reason: line(2000).min(1, "Say why the exception is revoked.") });

const person = z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable();
export const exceptionView = z.object({
  id: z.uuid(),
  testId: z.string(),
  testTitle: z.string(),
  resourceId: z.uuid().nullable(),
  resourceName: z.string().nullable(),
  justification: z.string(),
  state: z.enum(EXCEPTION_STATES),
  approver: person,
  decidedAt: z.date().nullable(),
  decisionNote: z.string(),
  expiresAt: z.date(),
  revokedAt: z.date().nullable(),
  revokeReason: z.string().nullable(),
  createdBy: person,
  createdAt: z.date(),
});
export type ExceptionView = z.infer<typeof exceptionView>;
export const exceptionList = pageOf(exceptionView);
export const listExceptionsQuery = z.strictObject({
  testId: z.string().max(120).optional(),
  resourceId: z.uuid().optional(),
  state: z.enum(EXCEPTION_STATES).optional(),
  ...pageQuery,
});

// ── point in time ────────────────────────────────────────────────────────────────────────────────────────

export const atQuery = z.strictObject({
  /** A date (end of that UTC day) or a moment; default now. */
  date: z.union([z.iso.date(), z.iso.datetime({ offset: true })]).optional(),
  testId: z.string().max(120).optional(),
  resourceId: z.uuid().optional(),
  control: z.string().max(20).optional(),
});

export const statusAtView = z.object({
  at: z.date(),
  tests: z.array(
    z.object({
      testId: z.string(),
      title: z.string(),
      severity: z.enum(SEVERITIES),
      controls: z.array(z.string()),
      counts: statusCounts,
      failing: z.array(
        z.object({
          resourceId: z.uuid().nullable(),
          resourceName: z.string().nullable(),
          status: z.enum(TEST_STATUSES),
          reason: z.string(),
          since: z.date(),
          excepted: z.boolean(),
          exceptedUntil: z.date().nullable(),
          /** In words: "failing since …" or "failing but excepted until …". */
          summary: z.string(),
        }),
      ),
    }),
  ),
});

export const controlStatusView = z.object({
  at: z.date(),
  controls: z.array(
    z.object({
      control: z.string(),
      failing: z.number().int(),
      passing: z.number().int(),
      excepted: z.number().int(),
      since: z.date().nullable(),
      failingTests: z.array(z.object({ testId: z.string(), title: z.string(), resources: z.number().int() })),
    }),
  ),
});

export const uuidParams = z.strictObject({ id: z.uuid("Use the id (a UUID) shown in the list.") });
