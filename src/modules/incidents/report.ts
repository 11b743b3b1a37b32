/** The register as CSV (the list's filters) and one incident's post-mortem report as a PDF. */
import {
  INCIDENT_LIFECYCLE,
  INCIDENT_STATUS_LABELS,
  OBLIGATION_AUDIENCE_LABELS,
  SEVERITY_WORDS,
  STATUS_STAMPS,
} from "../../core/incidents.ts";
import { toCsv } from "../../platform/csv.ts";
import { createPdf, PDF_COLORS, type PdfCell, pdfDateTime } from "../../platform/pdf.ts";
import type { exportIncidents, IncidentDetail } from "./queries.ts";

type ExportRow = Awaited<ReturnType<typeof exportIncidents>>[number];
const iso = (d: Date | null) => (d ? d.toISOString() : "");

const COLUMNS: readonly { header: string; value: (r: ExportRow) => unknown }[] = [
  { header: "ref", value: (r) => r.ref },
  { header: "title", value: (r) => r.title },
  { header: "severity", value: (r) => r.severity },
  { header: "status", value: (r) => r.status },
  { header: "category", value: (r) => r.category },
  { header: "detected at", value: (r) => iso(r.detectedAt) },
  { header: "triaged at", value: (r) => iso(r.triagedAt) },
  { header: "contained at", value: (r) => iso(r.containedAt) },
  { header: "resolved at", value: (r) => iso(r.resolvedAt) },
  { header: "post-mortem at", value: (r) => iso(r.postmortemAt) },
  { header: "owner", value: (r) => r.owner?.email ?? "" },
  { header: "reported by", value: (r) => r.reportedBy },
  { header: "summary", value: (r) => r.summary },
  { header: "affected systems", value: (r) => r.affectedSystems.join("; ") },
  { header: "data categories", value: (r) => r.dataCategories.join("; ") },
  { header: "personal data", value: (r) => (r.personalData ? "yes" : "no") },
  { header: "records", value: (r) => r.recordsEstimate ?? "" },
  { header: "root cause", value: (r) => r.rootCause },
  { header: "lessons learned", value: (r) => r.lessonsLearned },
  { header: "overdue notifications", value: (r) => r.overdueObligations },
];

export const incidentsCsv = (rows: readonly ExportRow[]) => toCsv(COLUMNS, rows);

export const SEVERITY_COLORS = { sev1: "#c92a2a", sev2: "#e8590c", sev3: "#f08c00", sev4: "#5f6b7a" } as const;

/** "3 h 20 min", "2 d 4 h" between two times. */
export function elapsed(from: Date, to: Date): string {
  const minutes = Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  return `${Math.floor(hours / 24)} d${hours % 24 ? ` ${hours % 24} h` : ""}`;
}

export async function postmortemPdf(
  r: { organization: string; incident: IncidentDetail },
  o: { compress?: boolean; generatedAt?: Date; logo?: Buffer | null } = {},
): Promise<Buffer> {
  const i = r.incident;
  const generatedAt = o.generatedAt ?? new Date();
  const pdf = createPdf({
    title: `Post-mortem ${i.ref}: ${i.title}`,
    organization: r.organization,
    logo: o.logo,
    generatedAt,
    compress: o.compress,
  });
  pdf.titlePage({
    kicker: `Incident post-mortem · ${i.ref}`,
    title: i.title,
    subtitle: r.organization,
    facts: [
      ["Severity", `${i.severity.toUpperCase()} (${SEVERITY_WORDS[i.severity]})`],
      ["Status", INCIDENT_STATUS_LABELS[i.status]],
      ["Category", i.category || "Not given"],
      ["Incident commander", i.owner ? `${i.owner.name} (${i.owner.email})` : "Nobody named"],
      ["Detected", pdfDateTime(i.detectedAt)],
      ["Resolved", i.resolvedAt ? pdfDateTime(i.resolvedAt) : "Not yet"],
      ["Generated", pdfDateTime(generatedAt)],
    ],
  });

  pdf.heading("At a glance", 2, { keep: 70 });
  pdf.stats([
    { label: "Severity", value: i.severity.toUpperCase(), color: SEVERITY_COLORS[i.severity] },
    { label: "Time to contain", value: i.containedAt ? elapsed(i.detectedAt, i.containedAt) : "-" },
    { label: "Time to resolve", value: i.resolvedAt ? elapsed(i.detectedAt, i.resolvedAt) : "-" },
    { label: "Timeline entries", value: i.timeline.length },
  ]);

  pdf.heading("Summary", 2);
  pdf.paragraph(i.summary || "No summary was written.", { muted: !i.summary });
  if (i.reportedBy) pdf.paragraph(`Reported by ${i.reportedBy}.`, { muted: true });

  pdf.heading("Lifecycle", 2, { keep: 90 });
  const stages: PdfCell[][] = INCIDENT_LIFECYCLE.map((s) => {
    const at = i[STATUS_STAMPS[s] as "detectedAt"] as Date | null;
    return [
      INCIDENT_STATUS_LABELS[s],
      at ? pdfDateTime(at) : i.skipped.includes(s) ? { text: "skipped", color: PDF_COLORS.muted } : "",
      at && s !== "detected" ? `+${elapsed(i.detectedAt, at)}` : "",
    ];
  });
  if (i.status === "not_incident" && i.closedAt)
    stages.push(["Closed: not an incident", pdfDateTime(i.closedAt), i.closeReason]);
  pdf.table(
    [
      { header: "Stage", width: 3 },
      { header: "When", width: 3 },
      { header: "After detection", width: 3 },
    ],
    stages,
  );

  pdf.heading("Impact", 2, { keep: 80 });
  pdf.keyValues([
    ["Affected systems", [...i.affectedAssets.map((a) => a.name), ...i.affectedSystems].join(", ") || "None recorded"],
    ["Data affected", i.dataCategories.join(", ") || "None recorded"],
    ["Personal data", i.personalData ? "Yes" : "No"],
    ["Records (estimate)", i.recordsEstimate === null ? "Unknown" : i.recordsEstimate.toLocaleString("en-US")],
  ]);

  pdf.heading("Timeline", 2, { keep: 60 });
  if (i.timeline.length)
    pdf.table(
      [
        { header: "When", width: 2.2 },
        { header: "What happened", width: 6 },
        { header: "By", width: 1.8 },
      ],
      i.timeline.map((t) => [pdfDateTime(t.at), t.text, t.author?.name ?? "System"]),
    );
  else pdf.paragraph("No timeline entries were recorded.", { muted: true });

  pdf.heading("Notifications", 2, { keep: 60 });
  if (i.obligations.length)
    pdf.table(
      [
        { header: "Who", width: 2.5 },
        { header: "Basis", width: 3 },
        { header: "Deadline", width: 2.2 },
        { header: "Notified", width: 2.2 },
      ],
      i.obligations.map((ob) => [
        `${OBLIGATION_AUDIENCE_LABELS[ob.audience]}${ob.recipient ? `: ${ob.recipient}` : ""}`,
        ob.basis,
        `${pdfDateTime(ob.deadlineAt)} (${ob.hours} h)`,
        ob.notifiedAt
          ? { text: pdfDateTime(ob.notifiedAt), color: ob.state === "notified_late" ? "#e03131" : undefined }
          : { text: ob.overdue ? "OVERDUE" : "not yet", badge: ob.overdue ? "#e03131" : undefined },
      ]),
    );
  else pdf.paragraph("Nobody had to be notified.", { muted: true });

  pdf.heading("Root cause", 2, { keep: 50 });
  pdf.paragraph(i.rootCause || "Not written yet.", { muted: !i.rootCause });
  pdf.heading("Lessons learned", 2, { keep: 50 });
  pdf.paragraph(i.lessonsLearned || "Not written yet.", { muted: !i.lessonsLearned });

  pdf.heading("Follow-up actions", 2, { keep: 60 });
  if (i.remediation.length)
    pdf.table(
      [
        { header: "Item", width: 1.2 },
        { header: "Action", width: 5 },
        { header: "Status", width: 1.8 },
        { header: "Due", width: 1.6 },
      ],
      i.remediation.map((m) => [m.ref, m.title, m.status.replace(/_/g, " "), m.dueDate ?? ""]),
    );
  else pdf.paragraph("No remediation items are linked to this incident.", { muted: true });
  return pdf.finish();
}

type Tabletop = {
  heldOn: string;
  scenario: string;
  participants: readonly string[];
  findings: string;
  followUps: string;
};

/** A tabletop exercise's record as a one-page PDF (evidence of INC-09). */
export async function tabletopPdf(
  r: { organization: string; exercise: Tabletop },
  o: { compress?: boolean; generatedAt?: Date; logo?: Buffer | null } = {},
): Promise<Buffer> {
  const x = r.exercise;
  const generatedAt = o.generatedAt ?? new Date();
  const pdf = createPdf({
    title: `Tabletop exercise ${x.heldOn}`,
    organization: r.organization,
    logo: o.logo,
    generatedAt,
    compress: o.compress,
  });
  pdf.titlePage({
    kicker: "Incident response · tabletop exercise",
    title: `Tabletop exercise of ${x.heldOn}`,
    subtitle: r.organization,
    facts: [
      ["Held on", x.heldOn],
      ["Participants", x.participants.join(", ") || "Not recorded"],
      ["Generated", pdfDateTime(generatedAt)],
    ],
  });
  for (const [heading, text, empty] of [
    ["Scenario", x.scenario, ""],
    ["Findings", x.findings, "No findings were recorded."],
    ["Follow-ups", x.followUps, "No follow-ups were recorded."],
  ] as const) {
    pdf.heading(heading, 2, { keep: 50 });
    pdf.paragraph(text || empty, { muted: !text });
  }
  return pdf.finish();
}
