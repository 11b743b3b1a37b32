import { IMPACT_LABELS, LIKELIHOOD_LABELS, PRIORITIES, type Priority } from "../../core/priority.ts";
import { csvLine } from "../../platform/csv.ts";
import { createPdf, PDF_COLORS, type PdfCell, type PdfWriter, pdfDate, pdfDateTime } from "../../platform/pdf.ts";
import {
  type ItemFilter,
  REMEDIATION_SOURCE_LABELS,
  REMEDIATION_STATUS_LABELS,
  REMEDIATION_STATUSES,
  RESOURCE_KIND_LABELS,
  type RemediationItem,
  type RemediationStatus,
  STEP_STATUS_LABELS,
  type StepStatus,
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
  "risk_description",
  "action",
  "steps",
  "steps_finished",
  "steps_total",
  "resources",
  "owner_name",
  "owner_email",
  "due_date",
  "overdue",
  "timeline_start",
  "timeline_end",
  "verifier_email",
  "monitoring",
  "criteria",
  "controls",
  "evidence",
  "source",
  "created_at",
  "completed_at",
  "done_note",
  "verified_at",
  "verified_by",
  "verification_note",
] as const;

type Step = RemediationItem["steps"][number];
const span = (start: string | null, due: string | null) =>
  start || due ? `${start ?? "…"} – ${due ?? "…"}` : "no dates";
/** One step in a cell: “1. Enable MFA [done] (Ana Diaz, 2030-01-05 – 2030-01-20)”. */
const stepLine = (s: Step) =>
  `${s.position}. ${s.title} [${STEP_STATUS_LABELS[s.status].toLowerCase()}] (${s.owner?.name ?? "no owner"}, ${span(s.startDate, s.dueDate)})`;
const resourceLine = (r: RemediationItem["resources"][number]) =>
  `${RESOURCE_KIND_LABELS[r.kind]}: ${r.name}${r.detail ? ` (${r.detail})` : ""}`;

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
        i.riskDescription,
        i.action,
        i.steps.map(stepLine).join("\n"),
        i.progress.finished,
        i.progress.total,
        i.resources.map(resourceLine).join("\n"),
        i.owner?.name ?? "",
        i.owner?.email ?? "",
        i.dueDate ?? "",
        i.overdue ? "yes" : "no",
        i.timeline.start ?? "",
        i.timeline.end ?? "",
        i.verifier?.email ?? "",
        i.monitoring,
        i.criteria.join("; "),
        i.controls.join("; "),
        i.evidence.join("; "),
        i.source,
        i.createdAt,
        i.completedAt,
        i.doneNote,
        i.verifiedAt,
        i.verifiedBy?.email ?? "",
        i.verificationNote,
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
export const STEP_COLORS: Record<StepStatus, string> = {
  todo: "#6c757d",
  in_progress: "#1c7ed6",
  done: "#2b8a3e",
  skipped: "#868e96",
};
const OVERDUE_COLOR = "#c92a2a";
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export interface PlanDocument {
  organization: string;
  logo?: Buffer | null;
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

const progressText = (i: RemediationItem) =>
  i.progress.total
    ? `${i.progress.finished} of ${i.progress.total} steps done or skipped (${i.progress.percent}%)`
    : "";

/** Every field of an item, as the detail block shows it. */
const detailRows = (i: RemediationItem): (readonly [string, string])[] => [
  ["Gap", i.gap],
  ["Root cause", i.rootCause],
  ["What could happen", i.riskDescription],
  [
    "Risk rating",
    `Likelihood ${i.likelihood} (${LIKELIHOOD_LABELS[i.likelihood - 1]}) × impact ${i.impact} (${IMPACT_LABELS[i.impact - 1]}) = ${i.riskScore}: ${i.priority} priority`,
  ],
  ["Corrective action", i.action || (i.progress.total ? `In ${i.progress.total} steps (below)` : "")],
  ["Progress", progressText(i)],
  ["Resources", i.resources.map((r) => `• ${resourceLine(r)}`).join("\n")],
  ["Owner", i.owner ? `${i.owner.name} <${i.owner.email}>` : "Unassigned"],
  ["Due", dueText(i)],
  ["Timeline", i.timeline.start || i.timeline.end ? span(i.timeline.start, i.timeline.end) : ""],
  ["To be verified by", i.verifier ? `${i.verifier.name} <${i.verifier.email}>` : ""],
  ["Monitoring", i.monitoring],
  ["Criteria", i.criteria.join(", ")],
  ["Controls", i.controls.join(", ")],
  ["Evidence", i.evidence.map((e) => `• ${e}`).join("\n")],
  ["Source", REMEDIATION_SOURCE_LABELS[i.source]],
  ["Created", `${pdfDate(i.createdAt)}${i.createdBy ? ` by ${i.createdBy.name}` : ""}`],
  ...(i.completedAt ? [["Completed", pdfDate(i.completedAt)] as const] : []),
  ...(i.doneNote ? [["What was done", i.doneNote] as const] : []),
  ...(i.verifiedAt
    ? [["Verified", `${pdfDate(i.verifiedAt)}${i.verifiedBy ? ` by ${i.verifiedBy.name}` : ""}`] as const]
    : []),
  ...(i.verificationNote ? [["How it was checked", i.verificationNote] as const] : []),
];

/** The corrective action's steps under an item: order, step, owner, dates and a status badge. */
function stepsTable(pdf: PdfWriter, steps: readonly Step[]) {
  // The caption stays with the table's header and first row.
  pdf.ensureSpace(75);
  pdf.paragraph("Corrective action steps", { muted: true, size: 8.5 });
  pdf.table(
    [
      { header: "#", width: 0.3, align: "right" },
      { header: "Step", width: 3.2 },
      { header: "Owner", width: 1.4 },
      { header: "Start", width: 1 },
      { header: "Due", width: 1 },
      { header: "Status", width: 1.05 },
    ],
    steps.map((s) => [
      String(s.position),
      s.title,
      s.owner?.name ?? { text: "No owner", color: PDF_COLORS.faint },
      s.startDate ?? "",
      s.dueDate ?? "",
      { text: STEP_STATUS_LABELS[s.status], badge: STEP_COLORS[s.status] },
    ]),
    { size: 8.5 },
  );
}

/** The remediation plan as an A4 PDF: title page with the summary, an overview table, then every item in full. */
export async function remediationPdf(plan: PlanDocument, o: { compress?: boolean } = {}): Promise<Buffer> {
  const generatedAt = plan.generatedAt ?? new Date();
  const { items } = plan;
  const pdf = createPdf({
    title: `Remediation plan: ${plan.program.name}`,
    organization: plan.organization,
    logo: plan.logo,
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

  pdf.heading("At a glance", 2, { keep: 70 });
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
        { header: "Item", width: 2.7 },
        { header: "Priority", width: 0.95 },
        { header: "Status", width: 1 },
        { header: "Steps", width: 0.6, align: "right" },
        { header: "Owner", width: 1.3 },
        { header: "Due", width: 1.05 },
      ],
      items.map((i) => [
        { text: i.ref, bold: true },
        i.title,
        { text: cap(i.priority), badge: PRIORITY_COLORS[i.priority] },
        { text: REMEDIATION_STATUS_LABELS[i.status], badge: STATUS_COLORS[i.status] },
        i.progress.total ? `${i.progress.finished}/${i.progress.total}` : { text: "–", color: PDF_COLORS.faint },
        ownerName(i),
        i.overdue ? { text: dueText(i), color: OVERDUE_COLOR, bold: true } : dueText(i),
      ]),
    );

  if (items.length) {
    // An item's fields and its step table (a caption and ~18 pt a row) stay on one page when they fit on one.
    const blockHeight = (rows: ReturnType<typeof detailRows>, steps: number) =>
      pdf.measureKeyValues(rows) + 50 + (steps ? 40 + steps * 18 : 0);
    pdf.keepTogether(blockHeight(detailRows(items[0]!), items[0]!.steps.length) + 60);
    pdf.heading("Items in detail");
    items.forEach((i, n) => {
      const rows = detailRows(i);
      pdf.keepTogether(blockHeight(rows, i.steps.length) + (n > 0 ? 25 : 0));
      if (n > 0 && !pdf.atPageTop()) pdf.rule();
      pdf.titleWithBadge(`${i.ref}  ${i.title}`, cap(i.priority), PRIORITY_COLORS[i.priority]);
      pdf.badges([
        { text: REMEDIATION_STATUS_LABELS[i.status], fill: STATUS_COLORS[i.status] },
        ...(i.overdue ? [{ text: "Overdue", fill: OVERDUE_COLOR }] : []),
      ]);
      pdf.keyValues(rows);
      if (i.steps.length) stepsTable(pdf, i.steps);
    });
  }
  return pdf.finish();
}
