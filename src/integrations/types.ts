/**
 * The connector framework's contracts. A connector knows one kind of system: how to check that it can reach it
 * (`testConnection`), how to collect its resources page by page (`collect`), and which tests it provides.
 * Everything else — storing resources, evaluating tests, writing status intervals, exceptions, scheduling — is
 * the sync engine's (src/integrations/sync.ts), so a connector stays a small adapter.
 */
import type { z } from "zod";
import type { TestStatus } from "../core/intervals.ts";
import type { Severity } from "../core/sla.ts";
import type { VulnSeverity } from "../core/vulnerabilities.ts";
import type { OutboundPolicy } from "../platform/net-guard.ts";

/** One resource as a connector reports it. `externalId` is stable across syncs (unique per connection and type). */
export interface ResourceInput {
  type: string;
  externalId: string;
  name: string;
  attributes: Record<string, unknown>;
}

/** What a test says about one resource. */
export interface Evaluation {
  status: TestStatus;
  /** A sentence a person can read: why this status. */
  reason: string;
  /** For failures: what to do about it (defaults to the test's remediation). */
  remediation?: string;
}

/** What evaluations may look at besides the resource: the connection's (non-secret) settings. */
export interface EvaluationContext {
  config: Record<string, unknown>;
}

/** A test of the catalogue, provided by a connector. */
export interface CatalogueTest {
  /** Stable id, `<connector>.<name>`: results, exceptions and settings refer to it. */
  id: string;
  title: string;
  description: string;
  resourceType: string;
  severity: Severity;
  /** Library control ids (src/content/controls) the test supports; checked against the library by a test. */
  controls: readonly string[];
  /** What to do when it fails (general; an evaluation may give a specific one). */
  remediation: string;
  evaluate(resource: ResourceInput, ctx: EvaluationContext): Evaluation;
}

/**
 * Where a connector may read local files or repositories from (ASSAY_CONNECTOR_LOCAL_PATHS); `forbidden` folders
 * (the data folder, /proc…) never, whatever the setting.
 */
export type LocalPathPolicy = ({ kind: "any" } | { kind: "none" } | { kind: "roots"; roots: string[] }) & {
  forbidden: readonly string[];
};

export interface ConnectorEnvironment {
  localPaths: LocalPathPolicy;
  /** Which non-public network destinations connectors may reach (ASSAY_OUTBOUND_ALLOW). */
  outbound: OutboundPolicy;
}

export interface CollectContext<C, S> {
  config: C;
  secrets: S;
  env: ConnectorEnvironment;
  signal: AbortSignal;
  /**
   * Runs one call to the target with the framework's retry policy: throttling (ThrottledError, honouring its
   * Retry-After) and transient failures (TransientError) are retried with exponential backoff.
   */
  retry<T>(what: string, call: () => Promise<T>): Promise<T>;
  /** A message for the sync's progress (shown in the jobs API). */
  progress(message: string): Promise<void>;
  /**
   * Records a problem that makes the collection incomplete (a row that could not be read, a page that kept
   * failing): the sync ends `partial`, and nothing it did not see is marked missing.
   */
  warn(message: string): void;
}

export type TestConnectionResult =
  | { ok: true; message: string; details?: Record<string, unknown> }
  | { ok: false; error: string; guidance: string };

export interface Connector<C = Record<string, unknown>, S = Record<string, unknown>> {
  type: string;
  title: string;
  description: string;
  /** What kind of system it connects to (for the catalogue's grouping). */
  category: "database" | "source_code" | "people" | "cloud" | "identity" | "endpoint";
  /**
   * Push-based: the systems report to Assay themselves (the Linux agent), so the scheduler never syncs its
   * connections and no sync marks their resources missing.
   */
  push?: boolean;
  configSchema: z.ZodType<C>;
  secretSchema: z.ZodType<S>;
  /** The resource types it collects. */
  resourceTypes: readonly string[];
  testConnection(config: C, secrets: S, env: ConnectorEnvironment): Promise<TestConnectionResult>;
  /** Yields resources in batches (one per page of the target's API); may run for a long time. */
  collect(ctx: CollectContext<C, S>): AsyncGenerator<ResourceInput[], void, void>;
  tests: readonly CatalogueTest[];
}

/** A failure with an actionable explanation: what is wrong, and what to do about it. */
export class ConnectorError extends Error {
  readonly guidance: string;
  constructor(message: string, guidance: string) {
    super(message);
    this.guidance = guidance;
  }
}

/** The target asked us to slow down; `retryAfterMs` comes from its Retry-After (or equivalent). */
export class ThrottledError extends Error {
  readonly retryAfterMs: number | null;
  constructor(message: string, retryAfterMs: number | null = null) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

/** A failure worth retrying (a timeout, a reset connection, a 5xx). */
export class TransientError extends Error {}

/** Accepts any connector in lists without variance trouble. */
// biome-ignore lint/suspicious/noExplicitAny: connectors differ in their config and secret types
export type AnyConnector = Connector<any, any>;

/** A change the change register imports (src/integrations/changes.ts). */
export interface ChangeInput {
  /** owner/name (GitHub) or the repository's location (git). */
  repository: string;
  /** The PR number or the commit sha: unique per source and repository. */
  externalRef: string;
  title: string;
  description: string | null;
  url: string | null;
  author: string | null;
  committer: string | null;
  mergedBy: string | null;
  approvals: { by: string; at: string | null }[];
  /** Every check run and commit status passed (true), one did not (false), none reported (null). */
  checksPassed: boolean | null;
  /** git's %G? code; null when the source does not tell. */
  signature: string | null;
  mergedAt: Date;
  /** Commits of the main line: a merge commit (true) or one made on the line itself (false); null for PRs. */
  merge: boolean | null;
}

export type ChangeCollectContext<C, S> = Omit<CollectContext<C, S>, "progress"> & { from: Date; to: Date };

// biome-ignore lint/suspicious/noExplicitAny: collectors differ in their config and secret types
export type ChangeCollector = (ctx: ChangeCollectContext<any, any>) => Promise<ChangeInput[]>;

/**
 * A vulnerability finding as every source gives it: a scanner report's reader (src/modules/vulnerabilities/scanners)
 * or a connector for the register (src/integrations/vulnerabilities.ts). `key` is what tells it apart inside its
 * target besides advisory and package (the register's fingerprint is made from them).
 */
export interface VulnerabilityInput {
  /** The tool or source, lower-case (`trivy`, a SARIF driver's name, `github-dependabot`): with the target, the scope. */
  scanner: string;
  /** The advisory (CVE-…, GHSA-…) or, for code findings, the tool's rule id. */
  ruleId: string;
  title: string;
  severity: VulnSeverity;
  /** CVSS base score when the source gives one. */
  score?: number;
  package?: string;
  installedVersion?: string;
  /** Version(s) that fix it, comma-separated when the scanner lists several. */
  fixedVersion?: string;
  /** What was scanned: an image, a repository (GitHub: owner/name), a directory. */
  target: string;
  /** Where inside the target: a lock file, a package database, `file:line` for code. */
  location?: string;
  /** Identity inside the target beyond advisory and package: a manifest path, an alert number. */
  key: string;
  url?: string;
  description?: string;
}

export interface VulnerabilityCollection {
  findings: VulnerabilityInput[];
  /**
   * Each scanner + target whose open findings the source listed completely: the register resolves its open findings
   * that `findings` no longer shows. A source that could not be read covers nothing, so nothing of it is resolved.
   */
  scopes: { scanner: string; target: string }[];
  /** The sources of the connection that could not be read, and why (the others were imported). */
  skipped: { source: string; reason: string }[];
}

export type VulnerabilityCollectContext<C, S> = Omit<CollectContext<C, S>, "progress">;

// biome-ignore lint/suspicious/noExplicitAny: collectors differ in their config and secret types
export type VulnerabilityCollector = (ctx: VulnerabilityCollectContext<any, any>) => Promise<VulnerabilityCollection>;
