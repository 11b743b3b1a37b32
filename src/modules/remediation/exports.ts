import { IMPACT_LABELS, LIKELIHOOD_LABELS, PRIORITIES, type Priority } from "../../core/priority.ts";
import { createPdf, PDF_COLORS, type PdfCell, pdfDate, pdfDateTime } from "../../platform/pdf.ts";
import { csvLine } from "../ledger/public.ts";
import {
  type ItemFilter,
  REMEDIATION_SOURCE_LABELS,
  REMEDIATION_STATUS_LABELS,
  REMEDIATION_STATUSES,
  type RemediationItem,
  type RemediationStatus,
} from "./schema.ts";

/** The plan as CSV and PDF. Both take the same filtered, sorted items the list shows (without paging). */

export const CSV_COLUMNS = [
  "ref",
  "title",
  "status",
  "priority",
  "likelihood",
  "impact",
  "risk_score",
  "gap",
  "root_cause",
  "action",
  "owner_name",
  "owner_email",
  "due_date",
  "overdue",
  "monitoring",
  "criteria",
  "controls",
  "evidence",
  "source",
  "created_at",
  "completed_at",
  "verified_at",
  "verified_by",
] as const;

/** RFC 4180 with spreadsheet formulas defused (cells starting with = + - @ get a leading quote). */
export function remediationCsv(items: readonly RemediationItem[]): string {
  const lines = [csvLine(CSV_COLUMNS)];
  for (const i of items)
    lines.push(
      csvLine([
        i.ref,
        i.title,
        i.status,
        i.priority,
        i.likelihood,
        i.impact,
        i.riskScore,
        i.gap,
        i.rootCause,
        i.action,
        i.owner?.name ?? "",
        i.owner?.email ?? "",
        i.dueDate ?? "",
        i.overdue ? "yes" : "no",
        i.monitoring,
        i.criteria.join("; "),
        i.controls.join("; "),
        i.evidence.join("; "),
        i.source,
        i.createdAt,
        i.completedAt,
        i.verifiedAt,
        i.verifiedBy?.email ?? "",
      ]),
    );
  return lines.join("");
}

export const PRIORITY_COLORS: Record<Priority, string> = {
  critical: "#c92a2a",
  high: "#e8590c",
  medium: "#e67700",
  low: "#2b8a3e",
};
export const STATUS_COLORS: Record<RemediationStatus, string> = {
  open: "#6c757d",
  in_progress: "#1c7ed6",
  done: "#0c8599",
  verified: "#2b8a3e",
};
const OVERDUE_COLOR = "#c92a2a";
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export interface PlanDocument {
  organization: string;
  program: {
    name: string;
    reportType: string;
    asOfDate: string | null;
    windowStart: string | null;
    windowEnd: string | null;
  };
  items: readonly RemediationItem[];
  filter: ItemFilter;
  generatedAt?: Date;
}

function auditLine(p: PlanDocument["program"]) {
  if (p.reportType === "type1") return `SOC 2 Type I${p.asOfDate ? `, as of ${p.asOfDate}` : ""}`;
  return `SOC 2 Type II${p.windowStart && p.windowEnd ? `, ${p.windowStart} to ${p.windowEnd}` : ""}`;
}

function filterLine(f: ItemFilter): string {
  const parts: string[] = [];
  if (f.status) parts.push(`status ${f.status.replaceAll(",", ", ")}`);
  if (f.priority) parts.push(`priority ${f.priority.replaceAll(",", ", ")}`);
  if (f.owner) parts.push(f.owner === "none" ? "unassigned" : f.owner === "me" ? "my items" : "one owner");
  if (f.overdue === "true") parts.push("overdue only");
  if (f.overdue === "false") parts.push("not overdue");
  if (f.criterion) parts.push(`criterion ${f.criterion}`);
  if (f.control) parts.push(`control ${f.control}`);
  if (f.q) parts.push(`matching “${f.q}”`);
  return parts.length ? `filtered: ${parts.join("; ")}` : "all items";
}

const ownerName = (i: RemediationItem) => i.owner?.name ?? "Unassigned";
const dueText = (i: RemediationItem) => (i.dueDate ? `${i.dueDate}${i.overdue ? " (overdue)" : ""}` : "No due date");

/** Every field of an item, as the detail block shows it. */
const detailRows = (i: RemediationItem): (readonly [string, string])[] => [
  ["Gap", i.gap],
  ["Root cause", i.rootCause],
  [
    "Risk",
    `Likelihood ${i.likelihood} (${LIKELIHOOD_LABELS[i.likelihood - 1]}) × impact ${i.impact} (${IMPACT_LABELS[i.impact - 1]}) = ${i.riskScore}: ${i.priority} priority`,
  ],
  ["Action", i.action],
  ["Owner", i.owner ? `${i.owner.name} <${i.owner.email}>` : "Unassigned"],
  ["Due", dueText(i)],
  ["Monitoring", i.monitoring],
  ["Criteria", i.criteria.join(", ")],
  ["Controls", i.controls.join(", ")],
  ["Evidence", i.evidence.map((e) => `• ${e}`).join("\n")],
  ["Source", REMEDIATION_SOURCE_LABELS[i.source]],
  ["Created", `${pdfDate(i.createdAt)}${i.createdBy ? ` by ${i.createdBy.name}` : ""}`],
  ...(i.completedAt ? [["Completed", pdfDate(i.completedAt)] as const] : []),
  ...(i.verifiedAt
    ? [["Verified", `${pdfDate(i.verifiedAt)}${i.verifiedBy ? ` by ${i.verifiedBy.name}` : ""}`] as const]
    : []),
];

/** The remediation plan as an A4 PDF: title page with the summary, an overview table, then every item in full. */
export async function remediationPdf(plan: PlanDocument, o: { compress?: boolean } = {}): Promise<Buffer> {
  const generatedAt = plan.generatedAt ?? new Date();
  const { items } = plan;
  const pdf = createPdf({
    title: `Remediation plan: ${plan.program.name}`,
    organization: plan.organization,
    generatedAt,
    compress: o.compress,
  });

  const count = (pred: (i: RemediationItem) => boolean) => items.filter(pred).length;
  const open = (i: RemediationItem) => i.status === "open" || i.status === "in_progress";
  pdf.titlePage({
    kicker: "Remediation plan",
    title: plan.program.name,
    subtitle: plan.organization,
    facts: [
      ["Audit", auditLine(plan.program)],
      ["Generated", pdfDateTime(generatedAt)],
      ["Items", `${items.length} (${filterLine(plan.filter)})`],
    ],
  });

  pdf.heading("At a glance", 2);
  pdf.stats([
    { label: "Items in this plan", value: items.length },
    { label: "Still open", value: count(open), color: PDF_COLORS.accent },
    { label: "Overdue", value: count((i) => i.overdue), color: OVERDUE_COLOR },
    { label: "Verified", value: count((i) => i.status === "verified"), color: STATUS_COLORS.verified },
  ]);

  pdf.heading("Items by priority and status", 2);
  const matrix = PRIORITIES.map((p): PdfCell[] => [
    { text: cap(p), badge: PRIORITY_COLORS[p] },
    ...REMEDIATION_STATUSES.map((s): PdfCell => {
      const n = count((i) => i.priority === p && i.status === s);
      return n ? String(n) : { text: "0", color: PDF_COLORS.faint };
    }),
    { text: String(count((i) => i.priority === p)), bold: true },
  ]);
  matrix.push([
    { text: "Total", bold: true },
    ...REMEDIATION_STATUSES.map((s): PdfCell => ({ text: String(count((i) => i.status === s)), bold: true })),
    { text: String(items.length), bold: true },
  ]);
  pdf.table(
    [
      { header: "Priority", width: 1.4 },
      ...REMEDIATION_STATUSES.map((s) => ({ header: REMEDIATION_STATUS_LABELS[s], width: 1, align: "right" as const })),
      { header: "Total", width: 1, align: "right" },
    ],
    matrix,
    { size: 9 },
  );
  pdf.paragraph(
    "Priority follows from risk: likelihood × impact, each rated 1 to 5. A score of 15–25 is critical, 8–14 high, " +
      "4–7 medium and 1–3 low. Items move from open to in progress to done; someone other than the owner then " +
      "verifies the fix.",
    { muted: true, size: 8.5 },
  );

  pdf.addPage();
  pdf.heading("Plan overview");
  if (!items.length) pdf.paragraph("No remediation items match this plan's filters.", { muted: true });
  else
    pdf.table(
      [
        { header: "Ref", width: 0.55 },
        { header: "Item", width: 3.2 },
        { header: "Priority", width: 0.95 },
        { header: "Status", width: 1 },
        { header: "Owner", width: 1.4 },
        { header: "Due", width: 1.05 },
      ],
      items.map((i) => [
        { text: i.ref, bold: true },
        i.title,
        { text: cap(i.priority), badge: PRIORITY_COLORS[i.priority] },
        { text: REMEDIATION_STATUS_LABELS[i.status], badge: STATUS_COLORS[i.status] },
        ownerName(i),
        i.overdue ? { text: dueText(i), color: OVERDUE_COLOR, bold: true } : dueText(i),
      ]),
    );

  if (items.length) {
    const blockHeight = (rows: ReturnType<typeof detailRows>) => pdf.measureKeyValues(rows) + 50;
    pdf.keepTogether(blockHeight(detailRows(items[0]!)) + 60);
    pdf.heading("Items in detail");
    items.forEach((i, n) => {
      const rows = detailRows(i);
      pdf.keepTogether(blockHeight(rows) + (n > 0 ? 25 : 0));
      if (n > 0 && !pdf.atPageTop()) pdf.rule();
      pdf.titleWithBadge(`${i.ref}  ${i.title}`, cap(i.priority), PRIORITY_COLORS[i.priority]);
      pdf.badges([
        { text: REMEDIATION_STATUS_LABELS[i.status], fill: STATUS_COLORS[i.status] },
        ...(i.overdue ? [{ text: "Overdue", fill: OVERDUE_COLOR }] : []),
      ]);
      pdf.keyValues(rows);
    });
  }
  return pdf.finish();
}
