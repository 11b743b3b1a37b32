/**
 * Trivy's JSON report (`trivy image|fs|repo --format json`, SchemaVersion 2): `Results[]` are targets inside the
 * scanned artifact (the OS, a lock file, a jar), each with `Vulnerabilities[]`. Misconfigurations, secrets and
 * licenses in the same report are not vulnerabilities and are not read here.
 */
import { z } from "zod";
import { severityFromLabel, severityFromScore } from "../../../core/vulnerabilities.ts";
import { validateItem } from "./errors.ts";
import { cleanDescription, cleanText, type PendingFinding } from "./finding.ts";

export const TRIVY_SCHEMA_VERSION = 2;

const text = z.string().optional().nullable();

const trivyResult = z.looseObject({
  Target: z.string().min(1),
  Class: text,
  Type: text,
});
export type TrivyResult = z.infer<typeof trivyResult>;

const cvss = z.looseObject({ V3Score: z.number().optional(), V2Score: z.number().optional() });

const trivyVulnerability = z.looseObject({
  VulnerabilityID: z.string().min(1, "a vulnerability needs its VulnerabilityID"),
  PkgName: z.string().min(1, "a vulnerability needs the PkgName of its package"),
  PkgPath: text,
  InstalledVersion: text,
  FixedVersion: text,
  Title: text,
  Description: text,
  Severity: text,
  SeveritySource: text,
  PrimaryURL: text,
  CVSS: z.record(z.string(), cvss).optional().nullable(),
});

export function readTrivyResult(value: unknown, path: readonly (string | number)[]): TrivyResult {
  return validateItem(trivyResult, value, path, "A Trivy result");
}

export function trivyFinding(value: unknown, result: TrivyResult, path: readonly (string | number)[]): PendingFinding {
  const v = validateItem(trivyVulnerability, value, path, "A Trivy vulnerability");
  // OS packages live in the image itself: their Result.Target ("image (alpine 3.10.2)") changes with the OS release.
  const location = cleanText(v.PkgPath) ?? (result.Class === "os-pkgs" ? undefined : cleanText(result.Target));
  const scores = v.CVSS ?? {};
  const source = (v.SeveritySource && scores[v.SeveritySource]) || scores.nvd || Object.values(scores)[0];
  const score = source?.V3Score ?? source?.V2Score;
  const labelled = severityFromLabel(v.Severity);
  return {
    format: "trivy",
    scanner: "trivy",
    ruleId: v.VulnerabilityID,
    title: cleanText(v.Title) ?? v.VulnerabilityID,
    severity: labelled !== "unknown" ? labelled : severityFromScore(score),
    score,
    package: cleanText(v.PkgName),
    installedVersion: cleanText(v.InstalledVersion),
    fixedVersion: cleanText(v.FixedVersion),
    location,
    locationKey: location,
    url: cleanText(v.PrimaryURL),
    description: cleanDescription(v.Description),
  };
}
