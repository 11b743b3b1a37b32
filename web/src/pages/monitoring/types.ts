/** Shapes of the monitoring API as the browser receives them (dates as ISO strings); see src/modules/monitoring/schema.ts. */
import type { TEST_STATUSES } from "../../../../src/core/intervals.ts";
import type { Severity } from "../../../../src/core/sla.ts";
import type { EXCEPTION_STATES, SYNC_STATUSES } from "../../../../src/modules/monitoring/schema.ts";

export type { Severity };
export type TestStatus = (typeof TEST_STATUSES)[number];
export type SyncStatus = (typeof SYNC_STATUSES)[number];
export type ExceptionState = (typeof EXCEPTION_STATES)[number];

/** The subset of JSON Schema the connectors' zod schemas produce. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  examples?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export interface ConnectorTest {
  id: string;
  title: string;
  resourceType: string;
  severity: Severity;
  controls: string[];
}

export interface Connector {
  type: string;
  title: string;
  description: string;
  category: string;
  resourceTypes: string[];
  configSchema: JsonSchema;
  secretSchema: JsonSchema;
  tests: ConnectorTest[];
}

export interface CurrentJob {
  id: string;
  status: string;
  progress: number | null;
  message: string | null;
}

export interface Connection {
  id: string;
  type: string;
  name: string;
  config: Record<string, unknown>;
  secretFields: string[];
  intervalSeconds: number;
  enabled: boolean;
  syncing: boolean;
  nextSyncAt: string | null;
  lastSync: {
    id: string | null;
    status: SyncStatus | null;
    at: string | null;
    error: string | null;
    guidance: string | null;
    lastSuccessAt: string | null;
  } | null;
  resourceCount: number;
  currentJob: CurrentJob | null;
  createdAt: string;
  updatedAt: string;
}

export interface TestConnectionResult {
  ok: boolean;
  message?: string;
  error?: string;
  guidance?: string;
}

export interface Sync {
  id: string;
  connectionId: string;
  connectionName: string;
  jobId: string | null;
  trigger: string;
  status: SyncStatus;
  progress: number;
  message: string | null;
  counts: Record<string, number>;
  warnings: string[];
  error: string | null;
  guidance: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface ResourceSummary {
  id: string;
  connectionId: string;
  connectionName: string;
  type: string;
  externalId: string;
  name: string;
  firstSeenAt: string;
  lastSeenAt: string;
  missingSince: string | null;
  failing: number;
}

export interface ExceptionRef {
  id: string;
  expiresAt: string;
  approvedBy: string;
}

export interface ResultView {
  testId: string;
  title: string;
  severity: Severity;
  status: TestStatus;
  reason: string;
  remediation: string;
  since: string;
  excepted: boolean;
  exception: ExceptionRef | null;
  dueAt: string | null;
  overdue: boolean;
}

export interface ResourceDetail extends ResourceSummary {
  attributes: Record<string, unknown>;
  results: ResultView[];
}

export interface Interval {
  id: string;
  testId: string;
  resourceId: string | null;
  resourceName: string | null;
  status: TestStatus;
  reason: string;
  remediation: string;
  startedAt: string;
  endedAt: string | null;
}

export interface StatusCounts {
  pass: number;
  fail: number;
  excepted: number;
  not_applicable: number;
  error: number;
}

export interface TestSummary {
  id: string;
  title: string;
  description: string;
  source: "catalogue" | "custom";
  connectorType: string | null;
  resourceType: string;
  severity: Severity;
  controls: string[];
  remediation: string;
  enabled: boolean;
  counts: StatusCounts;
  overdue: number;
}

export interface FailingResource {
  resourceId: string;
  name: string;
  type: string;
  connectionId: string;
  status: TestStatus;
  reason: string;
  remediation: string;
  since: string;
  excepted: boolean;
  exception: ExceptionRef | null;
  dueAt: string | null;
  overdue: boolean;
}

export interface TestDetail extends TestSummary {
  rule?: unknown;
  appliesWhen?: unknown;
  customTestId: string | null;
  failing: FailingResource[];
}

export interface DryRunResult {
  testId: string | null;
  resourceType: string;
  evaluated: number;
  counts: Omit<StatusCounts, "excepted">;
  changes: number | null;
  results: { resourceId: string; name: string; status: TestStatus; reason: string; current: TestStatus | null }[];
}

export interface CustomTest {
  id: string;
  testId: string;
  key: string;
  title: string;
  description: string;
  resourceType: string;
  severity: Severity;
  ruleText: string;
  remediation: string;
  controls: string[];
  enabled: boolean;
}

interface Person {
  id: string;
  name: string;
  email: string;
}

export interface MonitoringException {
  id: string;
  testId: string;
  testTitle: string;
  resourceId: string | null;
  resourceName: string | null;
  justification: string;
  state: ExceptionState;
  approver: Person | null;
  decidedAt: string | null;
  decisionNote: string;
  expiresAt: string;
  revokedAt: string | null;
  revokeReason: string | null;
  createdBy: Person | null;
  createdAt: string;
}
