import { z } from "zod";
import { VULN_SEVERITIES } from "../../core/vulnerabilities.ts";
import { VULN_FORMATS, VULN_STATUSES } from "../../db/schema/vulnerabilities.ts";
import { pageOf, pageQuery } from "../../kernel/http/schemas.ts";

export const listQuery = z.strictObject({
  ...pageQuery,
  q: z.string().trim().max(200).optional().describe("Search advisory id, title, package and target"),
  status: z.enum(VULN_STATUSES).optional(),
  severity: z.enum(VULN_SEVERITIES).optional(),
  scanner: z.string().trim().max(200).optional(),
  overdue: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .describe("Only open findings past their fix-by date"),
});
export type ListQuery = z.infer<typeof listQuery>;

export const finding = z.object({
  id: z.uuid(),
  fingerprint: z.string(),
  scanner: z.string(),
  ruleId: z.string(),
  title: z.string(),
  severity: z.enum(VULN_SEVERITIES),
  score: z.number().nullable(),
  package: z.string().nullable(),
  installedVersion: z.string().nullable(),
  fixedVersion: z.string().nullable(),
  target: z.string(),
  location: z.string().nullable(),
  url: z.string().nullable(),
  description: z.string().nullable(),
  status: z.enum(VULN_STATUSES),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
  resolvedAt: z.date().nullable(),
  dueDate: z.string().nullable().describe("Fix-by date from the severity's SLA; null: no deadline"),
  overdue: z.boolean(),
});
export const findingList = pageOf(finding);

// Explicit keys (not z.record over the enum): OpenAPI then lists each severity as a property.
const n = z.number().int();
const bySeverity = z.object({ critical: n, high: n, medium: n, low: n, unknown: n, info: n });
const days = n.nullable();
const slaDays = z.object({ critical: days, high: days, medium: days, low: days, unknown: days, info: days });
export const dashboard = z.object({
  open: z.number().int(),
  overdue: z.number().int(),
  openBySeverity: bySeverity,
  overdueBySeverity: bySeverity,
  slaDays,
  lastImportAt: z.date().nullable(),
  /** Open findings at the end of each of the last 12 weeks (oldest first). */
  trend: z.array(z.object({ weekEnding: z.string(), open: z.number().int() })),
});

export const importRecord = z.object({
  id: z.uuid(),
  format: z.enum(VULN_FORMATS),
  fileName: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  scopes: z.array(z.object({ scanner: z.string(), target: z.string() })),
  findings: z.number().int(),
  created: z.number().int(),
  reseen: z.number().int(),
  reopened: z.number().int(),
  resolved: z.number().int(),
  importedBy: z.uuid().nullable(),
  createdAt: z.date(),
});
export const importList = pageOf(importRecord);
export const importResult = importRecord.extend({
  skipped: z.number().int().describe("Results of the report that are not findings (SARIF passes, not applicable)"),
});

export const importForm = z.object({
  target: z
    .string()
    .max(500)
    .optional()
    .describe(
      "What was scanned, when the report does not say it well (e.g. the repository of a SARIF upload); send it before the file",
    ),
  file: z.file().describe("The report: SARIF 2.1.0, Trivy JSON or Grype JSON, at most 512 MB"),
});
