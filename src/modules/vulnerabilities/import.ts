/**
 * Importing a scanner report into the register. The upload is first written to a temporary file (hashed and counted
 * on the way, so a slow upload never holds a transaction open); then, in one change, the report is read again as a
 * stream and its findings are written in batches. A report that turns out bad further on throws inside the change,
 * so nothing of it is kept: the register never holds half a report.
 *
 * Reconciliation per scope (scanner + target, as the report names them): a finding the register does not know is
 * created; one it knows as open is seen again; one it knows as resolved is reopened (its fix-by date starts again);
 * an open finding of a scope the report covers that the report no longer shows is resolved.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { and, eq, inArray, ne, or, sql } from "drizzle-orm";
import { newId } from "../../core/id.ts";
import { fixByDay, type VulnSlaDays } from "../../core/vulnerabilities.ts";
import { vulnerabilities, vulnerabilityImports } from "../../db/schema/index.ts";
import type { VULN_FORMATS } from "../../db/schema/vulnerabilities.ts";
import type { Change } from "../../kernel/change.ts";
import { AppError } from "../../platform/errors.ts";
import { controlInputsChanged } from "../programs/events.ts";
import { vulnerabilitiesImported } from "./events.ts";
import { slaDaysOf } from "./queries.ts";
import type { Finding } from "./scanners/finding.ts";
import { type ReportSummary, readFindings } from "./scanners/read.ts";

/** The largest report accepted (the readers stream, so this bounds disk and time, not memory). */
export const REPORT_MAX_BYTES = 512 * 1024 * 1024;
const BATCH = 500;
export const SCANNING_CONTROL = "OPS-06";
export const REMEDIATION_CONTROL = "OPS-07";

export interface StagedReport {
  file: string;
  fileName: string;
  bytes: number;
  sha256: string;
}

/** Writes an upload to a temporary file, hashing and counting it; refuses (413) past `maxBytes`. */
export async function stageReport(input: Readable, fileName: string, maxBytes = REPORT_MAX_BYTES) {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), "assay-report-"));
  const file = path.join(dir, "report");
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    await pipeline(
      input,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          bytes += chunk.length;
          if (bytes > maxBytes)
            throw new AppError(
              413,
              "scanner_report_too_large",
              `The report is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`,
            );
          hash.update(chunk);
          yield chunk;
        }
      },
      fs.createWriteStream(file),
    );
  } catch (err) {
    await discardReport({ file });
    throw err;
  }
  return { file, fileName, bytes, sha256: hash.digest("hex") } satisfies StagedReport;
}

export async function discardReport(staged: Pick<StagedReport, "file">) {
  await fs.promises.rm(path.dirname(staged.file), { recursive: true, force: true });
}

type VulnFormat = (typeof VULN_FORMATS)[number];
export interface Scope {
  scanner: string;
  target: string;
}

export interface ImportCounts {
  findings: number;
  created: number;
  reseen: number;
  reopened: number;
  resolved: number;
}

/** Imports a staged report in the change; returns the import's id, format, scopes and counts. */
export async function importReport(c: Change, staged: StagedReport, opts: { target?: string } = {}) {
  let summary: ReportSummary | undefined;
  const findings = readFindings(fs.createReadStream(staged.file), {
    filename: staged.fileName,
    target: opts.target,
    onReport: (s) => (summary = s),
  });
  const result = await reconcileFindings(c, { format: "sarif", ...staged }, findings, () => {
    const report = summary!;
    return { format: report.format, scopes: report.scopes.map(({ scanner, target }) => ({ scanner, target })) };
  });
  return { ...result, skipped: summary!.skipped };
}

/** Where findings came from: a report file, or a connection (its name in `fileName`, a hash of what it listed). */
export interface FindingSource {
  format: VulnFormat;
  fileName: string;
  sha256: string;
  bytes: number;
  /** Written into the ledger entry beside the counts (a sync's connection). */
  details?: Record<string, unknown>;
}

/**
 * The one reconciliation every source goes through, in the caller's change: the import row, then the findings
 * (created, seen again, reopened) in batches, then every open finding of the covered scopes that this import did not
 * see is resolved; one ledger entry. `covered` is asked once the findings were read (a report names its targets as
 * it goes) and may refine the format.
 */
export async function reconcileFindings(
  c: Change,
  source: FindingSource,
  findings: AsyncIterable<Finding> | Iterable<Finding>,
  covered: () => { format?: VulnFormat; scopes: Scope[] },
) {
  const organizationId = c.organizationId!;
  const importId = newId();
  const counts: ImportCounts = { findings: 0, created: 0, reseen: 0, reopened: 0, resolved: 0 };
  // The import row first: findings point at the import that last saw them.
  await c.tx.insert(vulnerabilityImports).values({
    id: importId,
    organizationId,
    format: source.format,
    fileName: source.fileName,
    sha256: source.sha256,
    bytes: source.bytes,
    scopes: [],
    ...counts,
    importedBy: c.actor.kind === "user" ? c.actor.userId : null,
    createdAt: c.now,
  });
  const slaDays = await slaDaysOf(c.tx, organizationId);
  const seen = new Set<string>();
  let batch: Finding[] = [];
  const flush = async () => {
    const add = await writeBatch(c, importId, batch, slaDays);
    counts.created += add.created;
    counts.reseen += add.reseen;
    counts.reopened += add.reopened;
    batch = [];
  };
  for await (const f of findings) {
    counts.findings++;
    // The same finding twice in one report (a package listed under two paths) is one row.
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    batch.push(f);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  const { format = source.format, scopes } = covered();
  // Scopes grouped by scanner: one condition per scanner, whatever the number of targets.
  const byScanner = new Map<string, string[]>();
  for (const s of scopes) byScanner.set(s.scanner, [...(byScanner.get(s.scanner) ?? []), s.target]);
  if (byScanner.size) {
    const resolved = await c.tx
      .update(vulnerabilities)
      .set({ status: "resolved", resolvedAt: c.now })
      .where(
        and(
          eq(vulnerabilities.organizationId, organizationId),
          eq(vulnerabilities.status, "open"),
          or(
            ...[...byScanner].map(([scanner, targets]) =>
              and(eq(vulnerabilities.scanner, scanner), inArray(vulnerabilities.target, targets)),
            ),
          ),
          or(sql`${vulnerabilities.lastImportId} is null`, ne(vulnerabilities.lastImportId, importId)),
        ),
      )
      .returning({ id: vulnerabilities.id });
    counts.resolved = resolved.length;
  }
  await c.tx
    .update(vulnerabilityImports)
    .set({ format, scopes, ...counts })
    .where(eq(vulnerabilityImports.id, importId));
  await c.emit(vulnerabilitiesImported, {
    id: importId,
    after: { fileName: source.fileName, sha256: source.sha256, format, scopes, ...source.details, ...counts },
  });
  await c.emit(controlInputsChanged, { keys: [SCANNING_CONTROL, REMEDIATION_CONTROL] });
  return { id: importId, format, scopes, ...counts };
}

/** Creates, sees again or reopens one batch of (distinct) findings. */
async function writeBatch(c: Change, importId: string, batch: readonly Finding[], slaDays: VulnSlaDays) {
  const out = { created: 0, reseen: 0, reopened: 0 };
  if (!batch.length) return out;
  const organizationId = c.organizationId!;
  const known = new Map(
    (
      await c.tx
        .select({ id: vulnerabilities.id, fingerprint: vulnerabilities.fingerprint, status: vulnerabilities.status })
        .from(vulnerabilities)
        .where(
          and(
            eq(vulnerabilities.organizationId, organizationId),
            inArray(
              vulnerabilities.fingerprint,
              batch.map((f) => f.fingerprint),
            ),
          ),
        )
    ).map((r) => [r.fingerprint, r]),
  );
  const fresh = batch.filter((f) => !known.has(f.fingerprint));
  if (fresh.length)
    await c.tx.insert(vulnerabilities).values(
      fresh.map((f) => ({
        id: newId(),
        organizationId,
        ...described(f),
        fingerprint: f.fingerprint,
        scanner: f.scanner,
        target: f.target,
        status: "open" as const,
        firstSeenAt: c.now,
        lastSeenAt: c.now,
        slaFrom: c.now,
        dueDate: fixByDay(f.severity, c.now, slaDays),
        lastImportId: importId,
      })),
    );
  out.created = fresh.length;
  const open = batch.filter((f) => known.get(f.fingerprint)?.status === "open");
  if (open.length)
    await c.tx
      .update(vulnerabilities)
      .set({ lastSeenAt: c.now, lastImportId: importId })
      .where(
        and(
          eq(vulnerabilities.organizationId, organizationId),
          inArray(
            vulnerabilities.id,
            open.map((f) => known.get(f.fingerprint)!.id),
          ),
        ),
      );
  out.reseen = open.length;
  // Reopened findings are rare: one update each, with what the report now says and a new fix-by date.
  for (const f of batch.filter((x) => known.get(x.fingerprint)?.status === "resolved")) {
    await c.tx
      .update(vulnerabilities)
      .set({
        ...described(f),
        status: "open",
        resolvedAt: null,
        lastSeenAt: c.now,
        slaFrom: c.now,
        dueDate: fixByDay(f.severity, c.now, slaDays),
        // An accepted risk was about the finding as it was: a finding that comes back is judged afresh.
        acceptedUntil: null,
        acceptanceReason: null,
        acceptedBy: null,
        acceptedAt: null,
        lastImportId: importId,
      })
      .where(eq(vulnerabilities.id, known.get(f.fingerprint)!.id));
    out.reopened++;
  }
  return out;
}

/** What a report says about a finding (refreshed when it reopens). */
const described = (f: Finding) => ({
  ruleId: f.ruleId,
  title: f.title,
  severity: f.severity,
  score: f.score ?? null,
  package: f.package ?? null,
  installedVersion: f.installedVersion ?? null,
  fixedVersion: f.fixedVersion ?? null,
  location: f.location ?? null,
  url: f.url ?? null,
  description: f.description ?? null,
});
