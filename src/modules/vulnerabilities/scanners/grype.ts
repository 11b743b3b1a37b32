/**
 * Grype's JSON report (`grype <image|dir> -o json`): `matches[]` (vulnerability + artifact), then `source` (what
 * was scanned) and `descriptor` (`name: "grype"`). The target comes after the matches, so the reader holds matches
 * until it is known.
 */
import { z } from "zod";
import { severityFromLabel, severityFromScore } from "../../../core/vulnerabilities.ts";
import { validateItem } from "./errors.ts";
import { cleanDescription, cleanText, type PendingFinding } from "./finding.ts";

const text = z.string().optional().nullable();

const grypeMatch = z.looseObject({
  vulnerability: z.looseObject({
    id: z.string().min(1, "a match needs its vulnerability id"),
    severity: text,
    description: text,
    dataSource: text,
    urls: z.array(z.string()).optional().nullable(),
    cvss: z
      .array(z.looseObject({ version: text, metrics: z.looseObject({ baseScore: z.number().optional() }).optional() }))
      .optional()
      .nullable(),
    fix: z
      .looseObject({ versions: z.array(z.string()).optional().nullable() })
      .optional()
      .nullable(),
  }),
  artifact: z.looseObject({
    name: z.string().min(1, "a match needs the name of its package"),
    version: text,
    type: text,
    purl: text,
    locations: z
      .array(z.looseObject({ path: text }))
      .optional()
      .nullable(),
  }),
});

export function grypeFinding(value: unknown, path: readonly (string | number)[]): PendingFinding {
  const m = validateItem(grypeMatch, value, path, "A Grype match");
  const v = m.vulnerability;
  const a = m.artifact;
  const cvss = v.cvss ?? [];
  // Prefer the newest CVSS version the match carries.
  const best = [...cvss].sort((x, y) => (y.version ?? "").localeCompare(x.version ?? ""))[0];
  const score = best?.metrics?.baseScore;
  const labelled = severityFromLabel(v.severity);
  const location = cleanText(a.locations?.[0]?.path);
  const fixes = (v.fix?.versions ?? []).map((s) => s.trim()).filter(Boolean);
  const pkg = cleanText(a.name)!;
  return {
    format: "grype",
    scanner: "grype",
    ruleId: v.id,
    // Grype gives no title; the advisory id is one (lists show the package and version beside it).
    title: v.id,
    severity: labelled !== "unknown" ? labelled : severityFromScore(score),
    score,
    package: pkg,
    installedVersion: cleanText(a.version),
    fixedVersion: cleanText(fixes.join(", ")),
    location,
    locationKey: location,
    url: cleanText(v.dataSource) ?? cleanText(v.urls?.[0]),
    description: cleanDescription(v.description),
  };
}

const grypeSource = z.looseObject({
  type: text,
  target: z
    .union([z.string(), z.looseObject({ userInput: text, imageID: text })])
    .optional()
    .nullable(),
});

/** What a Grype report scanned: the image or path the user gave. */
export function grypeTarget(source: unknown): string | undefined {
  const r = grypeSource.safeParse(source);
  if (!r.success) return undefined;
  const t = r.data.target;
  return typeof t === "string" ? cleanText(t) : (cleanText(t?.userInput) ?? cleanText(t?.imageID));
}
