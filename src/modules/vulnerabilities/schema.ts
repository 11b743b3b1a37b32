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
    .describe("Only open findings past their fix-by date (without an accepted risk)"),
  accepted: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional()
    .describe("true: only open findings whose risk is accepted today; false: only those without"),
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
  overdue: z.boolean().describe("Open, past its fix-by date, and no accepted risk holds today"),
  accepted: z.boolean().describe("Open with a risk accepted until today or later"),
  acceptedUntil: z.string().nullable(),
  acceptanceReason: z.string().nullable(),
  acceptedBy: z.uuid().nullable(),
  acceptedAt: z.date().nullable(),
});
export const findingList = pageOf(finding);

// Explicit keys (not z.record over the enum): OpenAPI then lists each severity as a property.
const n = z.number().int();
const bySeverity = z.object({ critical: n, high: n, medium: n, low: n, unknown: n, info: n });
const days = n.nullable();
export const slaDays = z.object({ critical: days, high: days, medium: days, low: days, unknown: days, info: days });
const slaWindow = z
  .number()
  .int("Use whole days.")
  .min(1, "A deadline is at least 1 day.")
  .max(730, "A deadline is at most 730 days.")
  .nullable();
/** The organization's SLAs: days a finding of each severity may stay open (null: no deadline). */
export const slaSettings = z.strictObject({
  critical: slaWindow,
  high: slaWindow,
  medium: slaWindow,
  low: slaWindow,
  unknown: slaWindow,
  info: slaWindow,
});
export const acceptBody = z.strictObject({
  until: z.iso.date("Use a date as YYYY-MM-DD.").describe("The last day the acceptance holds (at most a year ahead)"),
  reason: z.string().trim().min(10, "Say why (at least 10 characters).").max(2000),
});
export const dashboard = z.object({
  open: z.number().int(),
  overdue: z.number().int(),
  openBySeverity: bySeverity,
  overdueBySeverity: bySeverity,
  accepted: z.number().int().describe("Open findings whose risk is accepted today"),
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

export const syncBody = z.strictObject({
  connectionId: z.uuid("Use the id of a GitHub connection."),
});
export const syncResult = importRecord.extend({
  connectionId: z.uuid(),
  unavailable: z
    .array(z.object({ source: z.string(), reason: z.string() }))
    .describe("Alert kinds that could not be read (e.g. Dependabot refused): their findings were left as they were"),
  warnings: z.array(z.string()),
});
export const sourceList = z.object({
  items: z.array(z.object({ id: z.uuid(), name: z.string(), type: z.string() })),
});
