/**
 * The risk assessment report (PDF), drawn from a completed assessment's frozen snapshot: the scales used, the heat
 * maps before and after treatment, every risk with its ratings, and the treatments with their plans and controls.
 * The same snapshot always gives the same report; it is attached to RSK-02 as evidence when the assessment completes.
 */
import {
  RISK_LEVEL_LABELS,
  RISK_TREATMENT_LABELS,
  RISK_TYPE_LABELS,
  type RiskLevel,
  type RiskScales,
  riskLevel,
  riskScore,
} from "../../core/risks.ts";
import type { Db } from "../../db/client.ts";
import { createPdf, PDF_COLORS, type PdfWriter, pdfDate, pdfText } from "../../platform/pdf.ts";
import { organizationLogo, organizationName } from "../organizations/public.ts";
import type { loadAssessment } from "./assessments.ts";
import { heatMapOf } from "./queries.ts";
import type { Snapshot } from "./schema.ts";

export const LEVEL_COLORS: Record<RiskLevel, string> = {
  low: "#2b8a3e",
  medium: "#e0a800",
  high: "#e8590c",
  critical: "#c92a2a",
};
const LEVEL_TINTS: Record<RiskLevel, string> = {
  low: "#d3f9d8",
  medium: "#fff3bf",
  high: "#ffe8cc",
  critical: "#ffe3e3",
};
const LEVEL_LABELS = RISK_LEVEL_LABELS;
const TYPE_LABELS = RISK_TYPE_LABELS;
const TREATMENT_LABELS = RISK_TREATMENT_LABELS;

type Assessment = Awaited<ReturnType<typeof loadAssessment>>;

export const reportFileName = (a: Pick<Assessment, "period">) =>
  `risk-assessment-${a.period.replace(/[^\w.-]+/g, "-").toLowerCase()}.pdf`;

/** A likelihood × impact grid: likelihood rows from the highest down, impact columns, counts in cells tinted by level. */
function drawHeatMap(pdf: PdfWriter, scales: RiskScales, counts: (l: number, i: number) => number) {
  const { doc, left } = pdf;
  const labelW = 95;
  const cellW = Math.min(80, (pdf.width - labelW) / scales.impact.length);
  const cellH = 26;
  const headH = 26;
  const height = headH + cellH * scales.likelihood.length + 48;
  pdf.ensureSpace(height);
  // Room above the grid for the axis title.
  const top = doc.y + 16;
  const n = scales.likelihood.length;
  for (let row = 0; row < n; row++) {
    const l = n - row;
    const y = top + row * cellH;
    doc
      .font("Helvetica")
      .fontSize(7.5)
      .fillColor(PDF_COLORS.muted)
      .text(pdfText(`${l} ${scales.likelihood[l - 1]}`), left, y + 9, {
        width: labelW - 6,
        align: "right",
        lineBreak: false,
      });
    for (let i = 1; i <= scales.impact.length; i++) {
      const x = left + labelW + (i - 1) * cellW;
      const level = riskLevel(riskScore(l, i), scales.thresholds);
      const c = counts(l, i);
      doc.rect(x, y, cellW, cellH).fillAndStroke(LEVEL_TINTS[level], "#ffffff");
      doc
        .font(c ? "Helvetica-Bold" : "Helvetica")
        .fontSize(c ? 11 : 8)
        .fillColor(c ? LEVEL_COLORS[level] : PDF_COLORS.faint)
        .text(c ? String(c) : "-", x, y + (c ? 7.5 : 9), { width: cellW, align: "center", lineBreak: false });
    }
  }
  const labelsY = top + n * cellH + 4;
  for (let i = 1; i <= scales.impact.length; i++)
    doc
      .font("Helvetica")
      .fontSize(7.5)
      .fillColor(PDF_COLORS.muted)
      .text(pdfText(`${i} ${scales.impact[i - 1]}`), left + labelW + (i - 1) * cellW, labelsY, {
        width: cellW,
        align: "center",
        lineBreak: false,
      });
  doc
    .font("Helvetica-Bold")
    .fontSize(7.5)
    .fillColor(PDF_COLORS.text)
    .text("Likelihood", left, top - 12, { width: labelW - 6, align: "right", lineBreak: false })
    .text("Impact", left + labelW, labelsY + 11, {
      width: cellW * scales.impact.length,
      align: "center",
      lineBreak: false,
    });
  doc.x = left;
  doc.y = labelsY + 30;
}

export async function reportData(db: Db, organizationId: string) {
  return {
    organization: await organizationName(db, organizationId),
    logo: (await organizationLogo(db, organizationId))?.bytes ?? null,
  };
}

export async function assessmentPdf(a: Assessment, org: Awaited<ReturnType<typeof reportData>>): Promise<Buffer> {
  const s = a.snapshot as Snapshot;
  const generatedAt = a.completedAt ?? new Date(s.takenAt);
  const open = s.risks.filter((r) => r.status === "open");
  const grid = heatMapOf(s.scales, open);
  const pdf = createPdf({
    title: `Risk assessment ${a.period}`,
    organization: org.organization,
    logo: org.logo,
    generatedAt,
  });
  const byLevel = (level: RiskLevel, residual: boolean) =>
    open.filter((r) => (residual ? (r.residualLevel ?? r.level) : r.level) === level).length;
  pdf.titlePage({
    kicker: "Annual risk assessment",
    title: a.name,
    subtitle: `Period: ${a.period}`,
    facts: [
      ["Organization", org.organization],
      ["Period", a.period],
      ["Started", `${pdfDate(a.startedAt)}${a.startedByName ? ` by ${a.startedByName}` : ""}`],
      ["Completed", `${pdfDate(generatedAt)}${a.completedByName ? ` by ${a.completedByName}` : ""}`],
      [
        "Signed off",
        a.signedOffAt
          ? `${pdfDate(a.signedOffAt)}${a.signedOffByName ? ` by ${a.signedOffByName}` : ""}`
          : "Not yet: a second person signs the completed assessment off",
      ],
      ["Risks in the register", `${s.risks.length} (${open.length} open)`],
      ["Fraud risks", String(s.risks.filter((r) => r.type === "fraud").length)],
      ["Scales", `Likelihood 1-${s.scales.likelihood.length}, impact 1-${s.scales.impact.length}`],
    ],
  });
  pdf.heading("Summary");
  pdf.stats(
    (["critical", "high", "medium", "low"] as const).map((level) => ({
      label: `${LEVEL_LABELS[level]} (inherent / residual)`,
      value: `${byLevel(level, false)} / ${byLevel(level, true)}`,
      color: LEVEL_COLORS[level],
    })),
  );
  if (a.notes) pdf.paragraph(a.notes);
  const t = s.scales.thresholds;
  pdf.paragraph(
    `Each risk is scored as likelihood × impact. Levels: low below ${t.medium}, medium from ${t.medium}, high from ${t.high}, critical from ${t.critical}. Residual ratings are after the chosen treatment; a risk without a residual rating counts at its inherent level in the residual figures.`,
    { muted: true },
  );
  pdf.heading("Heat map before treatment (inherent)", 1, { keep: 200 });
  drawHeatMap(pdf, s.scales, (l, i) => grid.cells.find((c) => c.likelihood === l && c.impact === i)!.inherent);
  pdf.heading("Heat map after treatment (residual)", 1, { keep: 200 });
  if (grid.withoutResidual)
    pdf.paragraph(
      `${grid.withoutResidual} open ${grid.withoutResidual === 1 ? "risk has" : "risks have"} no residual rating and ${grid.withoutResidual === 1 ? "is" : "are"} not in this grid.`,
      {
        muted: true,
      },
    );
  drawHeatMap(pdf, s.scales, (l, i) => grid.cells.find((c) => c.likelihood === l && c.impact === i)!.residual);
  pdf.heading("Risks");
  if (!s.risks.length) pdf.paragraph("The register held no risk when the assessment was completed.", { muted: true });
  else
    pdf.table(
      [
        { header: "Risk", width: 4 },
        { header: "Type", width: 1.6 },
        { header: "Owner", width: 1.8 },
        { header: "Inherent", width: 1.5, align: "center" },
        { header: "Residual", width: 1.5, align: "center" },
        { header: "Status", width: 1 },
      ],
      s.risks.map((r) => [
        { text: r.title, bold: true },
        TYPE_LABELS[r.type],
        r.ownerName ?? "No owner",
        { text: `${r.score} ${LEVEL_LABELS[r.level]}`, badge: LEVEL_COLORS[r.level] },
        r.residualLevel
          ? { text: `${r.residualScore} ${LEVEL_LABELS[r.residualLevel]}`, badge: LEVEL_COLORS[r.residualLevel] }
          : "not rated",
        r.status === "open" ? "Open" : "Closed",
      ]),
    );
  pdf.heading("Treatments");
  if (s.risks.length)
    pdf.table(
      [
        { header: "Risk", width: 3 },
        { header: "Treatment", width: 1.3 },
        { header: "Plan or justification", width: 4 },
        { header: "Controls", width: 1.8 },
        { header: "Next review", width: 1.4 },
      ],
      s.risks.map((r) => [
        r.title,
        r.treatment
          ? {
              text: TREATMENT_LABELS[r.treatment],
              color: r.treatmentState === "treated" ? PDF_COLORS.text : LEVEL_COLORS.high,
            }
          : { text: "None yet", color: LEVEL_COLORS.critical },
        r.treatmentPlan ?? (r.treatmentState === "needs_controls" ? "No control linked yet." : ""),
        r.controls.join(", ") || "-",
        r.reviewDate ?? "-",
      ]),
    );
  return pdf.finish();
}
