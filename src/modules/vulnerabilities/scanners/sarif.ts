/**
 * SARIF 2.1.0 (OASIS): `runs[]`, each with `tool.driver.rules[]` and `results[]` that point at a rule by index or
 * id. The fields read here are checked with zod against the constraints the official schema puts on them (no npm
 * package ships that schema as a pure-JS file; see docs/vulnerabilities.md). Vulnerability scanners put the package
 * in text ("Package: …" lines) or purls; code scanners have none, and their findings are identified by file and the
 * tool's own line-independent fingerprint.
 */
import { z } from "zod";
import { severityFromScore, type VulnSeverity } from "../../../core/vulnerabilities.ts";
import { pathText, ReportError, validateItem } from "./errors.ts";
import { advisoryPrefix, cleanDescription, cleanText, type PendingFinding } from "./finding.ts";

export const SARIF_VERSION = "2.1.0";

const index = z.number().int().min(-1);
const level = z.enum(["none", "note", "warning", "error"]);
const message = z.looseObject({
  text: z.string().optional(),
  markdown: z.string().optional(),
  id: z.string().optional(),
});
const properties = z.record(z.string(), z.unknown());

const rule = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  shortDescription: message.optional(),
  fullDescription: message.optional(),
  help: message.optional(),
  helpUri: z.string().optional(),
  defaultConfiguration: z.looseObject({ level: level.optional() }).optional(),
  properties: properties.optional(),
});
type Rule = z.infer<typeof rule>;

const component = z.looseObject({
  name: z.string().min(1, "a tool component needs a name"),
  version: z.string().optional(),
  semanticVersion: z.string().optional(),
  rules: z.array(rule).optional(),
});

const tool = z.looseObject({ driver: component, extensions: z.array(component).optional() });

const location = z.looseObject({
  physicalLocation: z
    .looseObject({
      artifactLocation: z.looseObject({ uri: z.string().optional(), uriBaseId: z.string().optional() }).optional(),
      region: z.looseObject({ startLine: z.number().int().min(1).optional() }).optional(),
    })
    .optional(),
  logicalLocations: z
    .array(z.looseObject({ name: z.string().optional(), fullyQualifiedName: z.string().optional() }))
    .optional(),
});

const result = z.looseObject({
  ruleId: z.string().optional(),
  ruleIndex: index.optional(),
  rule: z
    .looseObject({
      id: z.string().optional(),
      index: index.optional(),
      toolComponent: z.looseObject({ index: index.optional(), name: z.string().optional() }).optional(),
    })
    .optional(),
  kind: z.enum(["notApplicable", "pass", "fail", "review", "open", "informational"]).optional(),
  level: level.optional(),
  message: message.refine((m) => m.text !== undefined || m.id !== undefined, "a message needs text or an id"),
  locations: z.array(location).optional(),
  partialFingerprints: z.record(z.string(), z.string()).optional(),
  baselineState: z.enum(["new", "unchanged", "updated", "absent"]).optional(),
  properties: properties.optional(),
});

interface Component {
  rules: Rule[];
  byId: Map<string, number>;
}

export interface SarifRun {
  scanner: string;
  scannerVersion?: string;
  driver: Component;
  extensions: Component[];
}

/**
 * Only what findings use is kept of each rule: a run holds its rules until its end, and scanners give every rule
 * its advisory several times over (help text, markdown, references).
 */
const slim = (r: Rule): Rule => ({
  id: r.id,
  shortDescription: r.shortDescription?.text === undefined ? undefined : { text: r.shortDescription.text },
  fullDescription: r.fullDescription?.text === undefined ? undefined : { text: r.fullDescription.text },
  help: r.help?.text?.includes("Package:") ? { text: r.help.text } : undefined,
  helpUri: r.helpUri,
  defaultConfiguration: r.defaultConfiguration?.level ? { level: r.defaultConfiguration.level } : undefined,
  properties: r.properties && {
    "security-severity": r.properties["security-severity"],
    purls: r.properties.purls,
  },
});

const componentOf = (rules: Rule[] = []): Component => ({
  rules: rules.map(slim),
  byId: new Map(rules.map((r, i) => [r.id, i])),
});

export function readSarifTool(value: unknown, path: readonly (string | number)[]): SarifRun {
  const t = validateItem(tool, value, path, "A SARIF tool");
  return {
    scanner: t.driver.name.trim().toLowerCase(),
    scannerVersion: t.driver.semanticVersion ?? t.driver.version,
    driver: componentOf(t.driver.rules),
    extensions: (t.extensions ?? []).map((e) => componentOf(e.rules)),
  };
}

/** The rule a result points at (by index, by id, or in an extension), checked for consistency. */
function resolveRule(
  r: z.infer<typeof result>,
  run: SarifRun,
  path: readonly (string | number)[],
): { ruleId: string; rule?: Rule } {
  const where = pathText(path);
  const componentIndex = r.rule?.toolComponent?.index ?? -1;
  const comp = componentIndex >= 0 ? run.extensions[componentIndex] : run.driver;
  if (!comp)
    throw new ReportError(
      "scanner_report_invalid",
      `The SARIF result at ${where} refers to tool extension ${componentIndex}, but the run's tool has ${run.extensions.length}. The report was not imported.`,
      { path: where },
    );
  const idx = r.rule?.index ?? r.ruleIndex ?? -1;
  const id = r.ruleId ?? r.rule?.id;
  if (idx >= 0) {
    const found = comp.rules[idx];
    if (!found)
      throw new ReportError(
        "scanner_report_invalid",
        `The SARIF result at ${where} refers to rule index ${idx}, but the tool lists ${comp.rules.length} rule${comp.rules.length === 1 ? "" : "s"}. The report was not imported.`,
        { path: where },
      );
    // SARIF allows a hierarchical ruleId ("RULE/sub") under its rule's id.
    if (id !== undefined && id !== found.id && !id.startsWith(`${found.id}/`))
      throw new ReportError(
        "scanner_report_invalid",
        `The SARIF result at ${where} names rule "${id}" but its rule index ${idx} is "${found.id}". The report was not imported.`,
        { path: where },
      );
    return { ruleId: id ?? found.id, rule: found };
  }
  if (id === undefined)
    throw new ReportError(
      "scanner_report_invalid",
      `The SARIF result at ${where} has neither a ruleId nor a rule reference: nothing says what was found. The report was not imported.`,
      { path: where },
    );
  const byId = comp.byId.get(id) ?? comp.byId.get(id.split("/")[0]!);
  return { ruleId: id, rule: byId === undefined ? undefined : comp.rules[byId] };
}

const LEVEL_SEVERITY: Record<z.infer<typeof level>, VulnSeverity> = {
  error: "high",
  warning: "medium",
  note: "low",
  none: "info",
};

/** The value of a `Label: value` line, as Trivy and Grype write them in messages and rule help. */
function labelled(text: string, label: string): string | undefined {
  let at = text.startsWith(label) ? 0 : text.indexOf(`\n${label}`);
  while (at >= 0) {
    const start = at === 0 && text.startsWith(label) ? label.length : at + 1 + label.length;
    if (text.charCodeAt(start) === 58 /* : */) {
      const end = text.indexOf("\n", start);
      return text.slice(start + 1, end < 0 ? undefined : end).trim();
    }
    at = text.indexOf(`\n${label}`, at + 1);
  }
  return undefined;
}

/** name and version from a purl (`pkg:deb/debian/openssl@1.1.1?arch=…`). */
function fromPurl(purl: unknown): { name: string; version?: string } | undefined {
  if (typeof purl !== "string") return undefined;
  const m = /^pkg:[^/]+\/(?:[^@?#]*\/)?([^/@?#]+)(?:@([^?#]+))?/.exec(purl);
  if (!m) return undefined;
  return { name: decodeURIComponent(m[1]!), version: m[2] ? decodeURIComponent(m[2]) : undefined };
}

interface PackageInfo {
  name?: string;
  installed?: string;
  fixed?: string;
}

function packageInfo(r: z.infer<typeof result>, rule: Rule | undefined): PackageInfo {
  // The result's own text first: Trivy writes one rule per CVE, whose help names only one of the packages.
  for (const text of [r.message.text, rule?.help?.text]) {
    const name = text && labelled(text, "Package");
    if (name)
      return {
        name,
        installed: labelled(text, "Installed Version") ?? labelled(text, "Version"),
        fixed: labelled(text, "Fixed Version") ?? labelled(text, "Fix Version"),
      };
  }
  const purls = [r.properties?.purls, rule?.properties?.purls].find(Array.isArray) as unknown[] | undefined;
  const p = fromPurl(purls?.[0]);
  return p ? { name: p.name, installed: p.version } : {};
}

const listText = (v: string | undefined) =>
  v?.includes(",")
    ? cleanText(
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
          .join(", "),
      )
    : cleanText(v);

/** What a Grype SARIF result names as the scanned image: `image@version:/path` in its logical location. */
export function grypeSarifTarget(value: unknown): string | undefined {
  const fqn = (value as z.infer<typeof result>)?.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName;
  const m = typeof fqn === "string" ? /^(.+)@[^@]*:\//.exec(fqn) : null;
  return m ? m[1] : undefined;
}

/** A rule's cleaned texts, worked out once per rule rather than once per result. */
const textsOfRule = new WeakMap<Rule, { title?: string; description?: string; url?: string }>();
function ruleTexts(rule: Rule) {
  let t = textsOfRule.get(rule);
  if (!t) {
    t = {
      title: cleanText(rule.shortDescription?.text),
      description: cleanDescription(rule.fullDescription?.text),
      url: cleanText(rule.helpUri),
    };
    textsOfRule.set(rule, t);
  }
  return t;
}

/** One SARIF result as a finding; `null` for results that are not findings (passes, not applicable, absent). */
export function sarifFinding(value: unknown, run: SarifRun, path: readonly (string | number)[]): PendingFinding | null {
  const r = validateItem(result, value, path, "A SARIF result");
  if (r.kind === "pass" || r.kind === "notApplicable" || r.baselineState === "absent") return null;
  const { ruleId: rawId, rule } = resolveRule(r, run, path);
  const pkg = packageInfo(r, rule);
  const ruleId = (pkg.name && advisoryPrefix(rawId)) || rawId;

  const raw = r.properties?.["security-severity"] ?? rule?.properties?.["security-severity"];
  const scored = raw === undefined ? "unknown" : severityFromScore(raw as number | string);
  const lvl = r.level ?? rule?.defaultConfiguration?.level ?? "warning";
  const severity: VulnSeverity =
    scored !== "unknown" ? scored : r.kind === "informational" ? "info" : LEVEL_SEVERITY[lvl];

  const loc = r.locations?.[0];
  const uri = cleanText(loc?.physicalLocation?.artifactLocation?.uri);
  const line = loc?.physicalLocation?.region?.startLine;
  const logical = cleanText(loc?.logicalLocations?.[0]?.name);
  let location: string | undefined;
  let extraKey: string | undefined;
  if (pkg.name) location = run.scanner === "grype" ? (logical ?? uri) : uri;
  else {
    location = uri && line ? `${uri}:${line}` : (uri ?? logical);
    const fps = r.partialFingerprints ?? {};
    const fpKey = Object.keys(fps).sort()[0];
    extraKey = fpKey ? `${fpKey}=${fps[fpKey]}` : line ? `line ${line}` : undefined;
  }
  const messageText = r.message.text;
  const texts = rule && ruleTexts(rule);
  return {
    format: "sarif",
    scanner: run.scanner,
    ruleId,
    title: texts?.title ?? cleanText(messageText?.split("\n")[0]) ?? ruleId,
    severity,
    score: scored === "unknown" ? undefined : Number(raw),
    package: cleanText(pkg.name),
    installedVersion: cleanText(pkg.installed),
    fixedVersion: listText(pkg.fixed),
    location,
    locationKey: pkg.name ? location : (uri ?? logical),
    extraKey,
    url: texts?.url,
    description: texts?.description ?? cleanDescription(messageText),
  };
}

const runProperties = z.looseObject({ imageName: z.string().optional() });
const provenance = z.array(z.looseObject({ repositoryUri: z.string().optional() }));

/** A run-level value that names what was scanned: Trivy's `properties.imageName`, or the repository. */
export function runTargetFrom(key: string, value: unknown): string | undefined {
  if (key === "properties") {
    const p = runProperties.safeParse(value);
    return p.success ? cleanText(p.data.imageName) : undefined;
  }
  if (key === "versionControlProvenance") {
    const p = provenance.safeParse(value);
    return p.success ? cleanText(p.data[0]?.repositoryUri) : undefined;
  }
  return undefined;
}
