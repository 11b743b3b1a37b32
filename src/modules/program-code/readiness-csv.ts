import { loadContent } from "../../content/index.ts";
import { READINESS_LEVELS, type ReadinessLevel, type ScoreSummary } from "../../core/readiness.ts";
import type { Db } from "../../db/client.ts";
import { csvLine } from "../../platform/csv.ts";
import { loadProgram, readReadiness } from "../programs/public.ts";

/**
 * Readiness as CSV: one row for the program, one per category, one per criterion. Every row names the headline
 * level and gives the score at each level of proof, so a number never leaves Assay without saying what it counts.
 * `out_of` and the `<level>_count` columns count criteria (ready at the level) on program and category rows, and
 * applicable controls (at least at the level) on criterion rows.
 */
export const READINESS_CSV_COLUMNS = [
  "row",
  "id",
  "title",
  "category",
  "in_scope",
  "headline_level",
  "headline_score",
  ...READINESS_LEVELS.map((l) => `${l}_score`),
  "out_of",
  ...READINESS_LEVELS.map((l) => `${l}_count`),
  "waiting_on_at_headline",
];

const pct = (score: number) => (Math.round(score * 1000) / 10).toFixed(1);

export async function readinessCsv(db: Db, organizationId: string, programId: string) {
  const program = await loadProgram(db, organizationId, programId);
  const r = await readReadiness(db, organizationId, programId);
  const content = loadContent();
  const h: ReadinessLevel = r.headline;
  const summaryRow = (row: string, id: string, title: string, category: string, inScope: boolean, s: ScoreSummary) => [
    row,
    id,
    title,
    category,
    inScope ? "yes" : "no",
    h,
    pct(s.levels[h].score),
    ...READINESS_LEVELS.map((l) => pct(s.levels[l].score)),
    s.total,
    ...READINESS_LEVELS.map((l) => s.levels[l].ready),
    "",
  ];
  const lines = [
    csvLine(READINESS_CSV_COLUMNS),
    csvLine(summaryRow("program", program.id, program.name, "", true, r.overall)),
    ...r.categories.map((c) =>
      csvLine(
        summaryRow("category", c.id, content.categories.find((x) => x.id === c.id)?.name ?? c.id, c.id, c.inScope, c),
      ),
    ),
    ...r.criteria.map((c) => {
      const relevant = c.state !== "not_relevant";
      return csvLine([
        "criterion",
        c.id,
        content.criteriaById.get(c.id)?.title ?? c.id,
        c.category,
        relevant ? "yes" : "no",
        h,
        relevant ? pct(c.levels[h].score) : "",
        ...READINESS_LEVELS.map((l) => (relevant ? pct(c.levels[l].score) : "")),
        c.applicable,
        ...READINESS_LEVELS.map((l) => c.levels[l].done),
        c.levels[h].pending.join("; "),
      ]);
    }),
  ];
  return { name: program.name, csv: lines.join("") };
}
