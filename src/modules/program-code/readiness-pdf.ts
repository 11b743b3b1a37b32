import { eq } from "drizzle-orm";
import { loadContent } from "../../content/index.ts";
import { READINESS_LEVELS, type ReadinessLevel } from "../../core/readiness.ts";
import type { Db } from "../../db/client.ts";
import { organizations } from "../../db/schema/index.ts";
import { createPdf, PDF_COLORS, type PdfCell, pdfDateTime } from "../../platform/pdf.ts";
import { organizationLogo } from "../organizations/public.ts";
import { loadProgram, readReadiness } from "../programs/public.ts";

const LABEL: Record<ReadinessLevel, string> = { declared: "Declared", evidenced: "Evidenced", operating: "Operating" };
const pct = (score: number) => `${Math.round(score * 100)}%`;

export const LEVELS_NOTE =
  "Readiness is counted at three levels of proof. Declared: someone said the control is implemented (self-assessment " +
  "or status set by hand). Evidenced: the control has current evidence. Operating: current evidence and no failing " +
  "monitoring test. A control counts at a level when it is at least at that level, so operating ≤ evidenced ≤ " +
  "declared. Each criterion scores the share of its applicable controls at the level; categories and the overall " +
  "score average their criteria.";

/** Readiness as an A4 report: the headline level named, every score at each level, criteria not ready yet. */
export async function readinessPdf(db: Db, organizationId: string, programId: string, o: { compress?: boolean } = {}) {
  const program = await loadProgram(db, organizationId, programId);
  const r = await readReadiness(db, organizationId, programId);
  const [org] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  const content = loadContent();
  const h = r.headline;
  const generatedAt = new Date();
  const pdf = createPdf({
    title: `Readiness: ${program.name}`,
    organization: org?.name ?? "Organization",
    logo: (await organizationLogo(db, organizationId))?.bytes,
    generatedAt,
    compress: o.compress,
  });
  pdf.titlePage({
    kicker: "Readiness",
    title: program.name,
    subtitle: org?.name,
    facts: [
      ["Report type", program.reportType === "type1" ? "Type I" : "Type II"],
      ["Headline level", `${LABEL[h]} (${h === "operating" ? "Type II tests operation" : "Type I tests design"})`],
      ["Generated", pdfDateTime(generatedAt)],
    ],
  });
  pdf.heading("At a glance", 2, { keep: 70 });
  pdf.stats(
    [...READINESS_LEVELS].reverse().map((l) => ({
      label: `${LABEL[l]}${l === h ? " (headline)" : ""}`,
      value: pct(r.overall.levels[l].score),
      color: l === h ? PDF_COLORS.accent : undefined,
    })),
  );
  pdf.paragraph(LEVELS_NOTE, { muted: true, size: 8.5 });

  pdf.heading("By category", 2);
  const levelColumns = [...READINESS_LEVELS].reverse().map((l) => ({
    header: `${LABEL[l]}${l === h ? " *" : ""}`,
    width: 1,
    align: "right" as const,
  }));
  pdf.table(
    [{ header: "Category", width: 2.2 }, ...levelColumns, { header: `Ready (${h})`, width: 1.1, align: "right" }],
    r.categories.map((c): PdfCell[] =>
      c.inScope
        ? [
            content.categories.find((x) => x.id === c.id)?.name ?? c.id,
            ...[...READINESS_LEVELS].reverse().map((l) => pct(c.levels[l].score)),
            `${c.levels[h].ready} of ${c.total}`,
          ]
        : [
            { text: content.categories.find((x) => x.id === c.id)?.name ?? c.id, color: PDF_COLORS.faint },
            ...READINESS_LEVELS.map(() => ({ text: "—", color: PDF_COLORS.faint })),
            { text: "Not in scope", color: PDF_COLORS.faint },
          ],
    ),
    { size: 9 },
  );
  pdf.paragraph(`* The headline level. Scores at the other levels are context.`, { muted: true, size: 8.5 });

  pdf.addPage();
  pdf.heading("Criteria in scope");
  pdf.table(
    [
      { header: "Criterion", width: 0.8 },
      { header: "Title", width: 2.6 },
      ...levelColumns,
      { header: `Not yet ${h}`, width: 2 },
    ],
    r.criteria
      .filter((c) => c.state !== "not_relevant")
      .map((c): PdfCell[] => [
        c.id,
        content.criteriaById.get(c.id)?.title ?? c.id,
        ...[...READINESS_LEVELS].reverse().map((l) => pct(c.levels[l].score)),
        c.applicable === 0 ? "No applicable control" : c.levels[h].pending.join(", ") || "—",
      ]),
    { size: 8 },
  );
  return { name: program.name, pdf: await pdf.finish() };
}
