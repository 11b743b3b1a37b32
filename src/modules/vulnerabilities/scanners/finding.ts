/** The normalised finding every scanner format is read into, and its fingerprint (docs/vulnerabilities.md). */
import { hash } from "node:crypto";
import type { VulnerabilityInput } from "../../../integrations/types.ts";

export type ReportFormat = "sarif" | "trivy" | "grype";

/** A finding of the register: a source's finding (without its key) with its format and fingerprint. */
export type Finding = Omit<VulnerabilityInput, "key"> & {
  format: ReportFormat | "github";
  /** Stable identity across imports: see `fingerprintOf`. */
  fingerprint: string;
};

/** A finding before the report has named its target (some formats write the target after the findings). */
export type PendingFinding = Omit<Finding, "target" | "fingerprint"> & {
  /** The part of the location that identifies the finding (no line numbers that shift with edits). */
  locationKey?: string;
  /** For code findings: the tool's line-independent fingerprint, or the line when it gives none. */
  extraKey?: string;
};

/** Longest description kept; scanners paste whole advisories. */
export const DESCRIPTION_MAX = 2_000;
/** Longest title, package or location kept. */
export const FIELD_MAX = 500;

/** Trimmed text, whitespace runs collapsed, cut at `max` characters with an ellipsis; undefined when empty. */
export function cleanText(v: unknown, max = FIELD_MAX): string | undefined {
  if (typeof v !== "string") return undefined;
  const t = v.replace(/\s+/g, " ").trim();
  if (!t) return undefined;
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

/** Multi-line text (descriptions): trimmed, blank-line runs shortened, capped. */
export function cleanDescription(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  const t = v
    .replace(/\r\n?/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  if (!t) return undefined;
  return t.length > DESCRIPTION_MAX ? `${t.slice(0, DESCRIPTION_MAX - 1).trimEnd()}…` : t;
}

/**
 * The fingerprint: SHA-256 over rule, package, target and location-in-target — the "same CVE in the same
 * package and target is one finding". The installed version is left out on purpose: upgrading a package to a
 * version that is still vulnerable does not fix the finding, so its SLA clock keeps running. For code findings
 * (no package) the location carries the file and the tool's own line-independent fingerprint when it gives one.
 */
export function fingerprintOf(ruleId: string, pkg: string | undefined, target: string, where: string): string {
  return hash("sha256", JSON.stringify([ruleId, pkg ?? "", target, where]), "hex");
}

/**
 * The finding once its target is known. A location equal to the target says nothing more (Trivy's SARIF points OS
 * packages at the image itself) and is dropped, so the same finding read from two formats keeps one fingerprint.
 */
export function finalize(p: PendingFinding, target: string): Finding {
  const key = p.locationKey === target ? "" : (p.locationKey ?? "");
  const finding: Finding = {
    format: p.format,
    scanner: p.scanner,
    ruleId: p.ruleId,
    title: p.title,
    severity: p.severity,
    target,
    fingerprint: fingerprintOf(p.ruleId, p.package, target, p.extraKey ? `${key}#${p.extraKey}` : key),
  };
  // Absent fields stay absent (not `undefined`), so findings compare and serialise cleanly.
  if (p.score !== undefined) finding.score = p.score;
  if (p.package !== undefined) finding.package = p.package;
  if (p.installedVersion !== undefined) finding.installedVersion = p.installedVersion;
  if (p.fixedVersion !== undefined) finding.fixedVersion = p.fixedVersion;
  if (p.location !== undefined && p.location !== target) finding.location = p.location;
  if (p.url !== undefined) finding.url = p.url;
  if (p.description !== undefined) finding.description = p.description;
  return finding;
}

/** An advisory id at the start of a rule id (Grype's SARIF names rules `CVE-…-<package>`). */
const ADVISORY = /^(?:CVE-\d{4}-\d{4,}|GHSA(?:-[23456789cfghjmpqrvwx]{4}){3})(?=$|-)/;
export const advisoryPrefix = (id: string) => ADVISORY.exec(id)?.[0];
