/**
 * The starter risk library: common risks in our own words (`risks/library.yaml`), each with a suggested type,
 * inherent rating on the default 5×5 scales, treatment and the library controls that usually reduce it. Read,
 * validated and cross-checked against the control library once; errors name the file, the entry and the field.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { RISK_TREATMENTS, RISK_TYPES } from "../core/risks.ts";
import { ContentError, parseYaml } from "./parse.ts";

const rating = z.number().int().min(1).max(5);
export const libraryRiskSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "Use lowercase letters, digits and hyphens."),
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(2000),
  category: z.string().trim().min(1).max(100),
  type: z.enum(RISK_TYPES),
  likelihood: rating,
  impact: rating,
  treatment: z.enum(RISK_TREATMENTS),
  /** Library control ids (src/content/controls). */
  controls: z.array(z.string().regex(/^[A-Z]{2,4}-\d{2}$/)).max(10),
});
export type LibraryRisk = z.infer<typeof libraryRiskSchema>;

const FILE = "risks/library.yaml";

/** Reads and checks the library in `dir` against the given control ids (no cache; tests pass their own folder). */
export function readRiskLibrary(dir: string, controlIds: ReadonlySet<string>): LibraryRisk[] {
  const data = parseYaml(FILE, fs.readFileSync(path.join(dir, FILE), "utf8"));
  const r = z.strictObject({ risks: z.array(libraryRiskSchema).min(1) }).safeParse(data);
  if (!r.success)
    throw new ContentError(r.error.issues.map((i) => `${FILE}: at ${i.path.map(String).join(".")}: ${i.message}`));
  const problems: string[] = [];
  const ids = new Set<string>();
  const titles = new Set<string>();
  for (const risk of r.data.risks) {
    if (ids.has(risk.id)) problems.push(`${FILE}: duplicate risk id "${risk.id}"`);
    if (titles.has(risk.title.toLowerCase())) problems.push(`${FILE}: duplicate risk title "${risk.title}"`);
    ids.add(risk.id);
    titles.add(risk.title.toLowerCase());
    for (const c of risk.controls)
      if (!controlIds.has(c)) problems.push(`${FILE}: risk "${risk.id}" names the unknown control "${c}"`);
  }
  if (problems.length) throw new ContentError(problems);
  return r.data.risks;
}
