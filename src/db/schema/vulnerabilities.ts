import { date, index, integer, jsonb, pgTable, real, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { VULN_SEVERITIES, type VulnSeverity } from "../../core/vulnerabilities.ts";
import { createdAt, orgRef, ts } from "./common.ts";
import { organizations, users } from "./identity.ts";

export const VULN_STATUSES = ["open", "resolved"] as const;
export const VULN_FORMATS = ["sarif", "trivy", "grype", "github"] as const;

/** One scanner report imported: what it covered and what it changed in the register. */
export const vulnerabilityImports = pgTable(
  "vulnerability_imports",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    format: text("format", { enum: VULN_FORMATS }).notNull(),
    fileName: text("file_name").notNull(),
    sha256: text("sha256").notNull(),
    bytes: integer("bytes").notNull(),
    /** Each scanner + target the report covers: the scope its absences resolve. */
    scopes: jsonb("scopes").$type<{ scanner: string; target: string }[]>().notNull(),
    findings: integer("findings").notNull(),
    created: integer("created").notNull(),
    reseen: integer("reseen").notNull(),
    reopened: integer("reopened").notNull(),
    resolved: integer("resolved").notNull(),
    importedBy: uuid("imported_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("vulnerability_imports_org").on(t.organizationId, t.createdAt)],
);

/**
 * The vulnerability register: one row per finding identity (the fingerprint of advisory, package, target and
 * location), open while the latest report of its scope still shows it, resolved when one no longer does.
 */
export const vulnerabilities = pgTable(
  "vulnerabilities",
  {
    id: uuid("id").primaryKey(),
    organizationId: orgRef().references(() => organizations.id),
    fingerprint: text("fingerprint").notNull(),
    scanner: text("scanner").notNull(),
    ruleId: text("rule_id").notNull(),
    title: text("title").notNull(),
    severity: text("severity", { enum: VULN_SEVERITIES }).notNull(),
    score: real("score"),
    package: text("package"),
    installedVersion: text("installed_version"),
    fixedVersion: text("fixed_version"),
    target: text("target").notNull(),
    location: text("location"),
    url: text("url"),
    description: text("description"),
    status: text("status", { enum: VULN_STATUSES }).notNull().default("open"),
    firstSeenAt: ts("first_seen_at").notNull(),
    lastSeenAt: ts("last_seen_at").notNull(),
    resolvedAt: ts("resolved_at"),
    /** Fix-by date from the severity's SLA, counted from when it was first seen (or reopened); null: no deadline. */
    dueDate: date("due_date"),
    /** When the fix-by window started: first seen, or reopened (the SLA is counted again from there). */
    slaFrom: ts("sla_from").notNull(),
    /** A risk accepted until this day (inclusive): the finding stays open but is not late meanwhile. */
    acceptedUntil: date("accepted_until"),
    acceptanceReason: text("acceptance_reason"),
    acceptedBy: uuid("accepted_by").references(() => users.id),
    acceptedAt: ts("accepted_at"),
    lastImportId: uuid("last_import_id").references(() => vulnerabilityImports.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("vulnerabilities_org_fingerprint").on(t.organizationId, t.fingerprint),
    index("vulnerabilities_org_status").on(t.organizationId, t.status, t.severity),
    index("vulnerabilities_org_scope").on(t.organizationId, t.scanner, t.target),
  ],
);

/** An organization's own remediation SLAs (days per severity; null: no deadline). Absent: the defaults. */
export const vulnerabilitySettings = pgTable("vulnerability_settings", {
  organizationId: uuid("organization_id")
    .primaryKey()
    .references(() => organizations.id),
  slaDays: jsonb("sla_days").$type<Record<VulnSeverity, number | null>>().notNull(),
  updatedBy: uuid("updated_by").references(() => users.id),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});
