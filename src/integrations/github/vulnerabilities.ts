/**
 * Open security alerts of a GitHub organization for the vulnerability register: code scanning alerts
 * (GET /orgs/{org}/code-scanning/alerts) and Dependabot alerts (GET /orgs/{org}/dependabot/alerts), each listed
 * whole, page by page through ctx.retry. Only open alerts are asked for: the list is complete, so an alert that is
 * no longer in it (fixed, dismissed, deleted) resolves its finding through the scopes the collection covers — every
 * repository in the connection's scope, for each kind of alert that could be read. A kind the organization or the
 * token cannot read (403, 404) is skipped with a warning and covers nothing; the other is still imported.
 */
import { severityFromLabel, severityFromScore, type VulnSeverity } from "../../core/vulnerabilities.ts";
import {
  ConnectorError,
  type VulnerabilityCollectContext,
  type VulnerabilityCollection,
  type VulnerabilityInput,
} from "../types.ts";
import { explain, type GithubDeps, githubMessage, isHttpError, listAll, statusOf } from "./client.ts";
import { connectGithub } from "./connector.ts";
import type { GithubConfig, GithubSecrets } from "./definition.ts";

export const CODE_SCANNING = "github-code-scanning";
export const DEPENDABOT = "github-dependabot";

interface GhAlertRepository {
  name: string;
  full_name: string;
}
export interface GhCodeScanningAlert {
  number: number;
  state: string;
  html_url: string;
  rule: {
    id: string;
    name?: string;
    severity?: string | null;
    security_severity_level?: string | null;
    description?: string | null;
    full_description?: string | null;
  };
  tool: { name: string; version?: string | null };
  most_recent_instance?: {
    location?: { path?: string; start_line?: number };
    message?: { text?: string };
  } | null;
  repository: GhAlertRepository;
}
export interface GhDependabotAlert {
  number: number;
  state: string;
  html_url: string;
  dependency: { package: { ecosystem: string; name: string }; manifest_path: string; scope?: string | null };
  security_advisory: {
    ghsa_id: string;
    cve_id: string | null;
    summary: string;
    description?: string;
    severity: string;
    cvss?: { score?: number | null } | null;
  };
  security_vulnerability?: {
    severity?: string;
    vulnerable_version_range?: string;
    first_patched_version?: { identifier: string } | null;
  } | null;
  repository: GhAlertRepository;
}

const text = (v: unknown, max = 500) => {
  if (typeof v !== "string") return undefined;
  const t = v.replace(/[\s\0]+/g, " ").trim();
  return t ? (t.length > max ? `${t.slice(0, max - 1)}…` : t) : undefined;
};
const paragraph = (v: string | undefined | null, max = 2000) => {
  const t = v?.replace(/\r\n?/g, "\n").replaceAll("\0", "").trim();
  return t ? (t.length > max ? `${t.slice(0, max - 1)}…` : t) : undefined;
};

/** A code scanning rule's severity: its security severity (CVSS band) when it has one, else its level (as SARIF). */
const LEVEL: Record<string, VulnSeverity> = { error: "high", warning: "medium", note: "low", none: "info" };
export function codeScanningSeverity(rule: GhCodeScanningAlert["rule"]): VulnSeverity {
  const band = severityFromLabel(rule.security_severity_level);
  if (band !== "unknown") return band;
  return LEVEL[(rule.severity ?? "").toLowerCase()] ?? "unknown";
}

export function codeScanningFinding(a: GhCodeScanningAlert): VulnerabilityInput {
  const where = a.most_recent_instance?.location;
  const path = text(where?.path);
  const tool = [a.tool.name, a.tool.version].filter(Boolean).join(" ");
  const message = a.most_recent_instance?.message?.text;
  return {
    scanner: CODE_SCANNING,
    ruleId: a.rule.id,
    title: text(a.rule.description) ?? text(a.rule.name) ?? a.rule.id,
    severity: codeScanningSeverity(a.rule),
    target: a.repository.full_name,
    ...(path ? { location: where?.start_line ? `${path}:${where.start_line}` : path } : {}),
    // GitHub keeps one alert per rule and place across commits: its number is the identity, not the line.
    key: `alert ${a.number}`,
    url: a.html_url,
    description: paragraph([`Found by ${tool}.`, message ?? a.rule.full_description].filter(Boolean).join("\n\n")),
  };
}

export function dependabotFinding(a: GhDependabotAlert): VulnerabilityInput {
  const adv = a.security_advisory;
  const vuln = a.security_vulnerability;
  const { ecosystem, name } = a.dependency.package;
  const fixed = vuln?.first_patched_version?.identifier;
  const score = adv.cvss?.score;
  const labelled = severityFromLabel(vuln?.severity ?? adv.severity);
  const facts = [
    `${ecosystem} package ${name} in ${a.dependency.manifest_path}`,
    vuln?.vulnerable_version_range ? `vulnerable versions ${vuln.vulnerable_version_range}` : null,
    `advisory ${adv.ghsa_id}`,
  ].filter(Boolean);
  return {
    scanner: DEPENDABOT,
    ruleId: adv.cve_id ?? adv.ghsa_id,
    title: text(adv.summary) ?? adv.ghsa_id,
    severity: labelled !== "unknown" ? labelled : severityFromScore(score),
    ...(typeof score === "number" && score > 0 ? { score } : {}),
    package: name,
    ...(fixed ? { fixedVersion: fixed } : {}),
    target: a.repository.full_name,
    location: a.dependency.manifest_path,
    // The issue's identity: the same advisory in the same package of the same manifest is one finding.
    key: a.dependency.manifest_path,
    url: a.html_url,
    description: paragraph(`${facts.join("; ")}.${adv.description ? `\n\n${adv.description}` : ""}`),
  };
}

/** Why one kind of alert could not be read, in words a person can act on. */
function unavailable(err: unknown, kind: "code scanning" | "Dependabot", org: string): string {
  const status = statusOf(err);
  const need =
    kind === "code scanning"
      ? "a classic token with the security_events (or repo) scope, or a fine-grained token or GitHub App with Code scanning alerts: read"
      : "a classic token with the security_events (or repo) scope, or a fine-grained token or GitHub App with Dependabot alerts: read";
  if (status === 404)
    return `GitHub has no ${kind} alerts to list for ${org} (404 ${githubMessage(err)}): ${kind} may not be set up for the organization, or the token cannot see it. It needs ${need}, from an organization owner or security manager.`;
  const sso = isHttpError(err) ? err.response?.headers["x-github-sso"] : undefined;
  if (sso) return explain(err, `listing the ${kind} alerts of ${org}`, org).message;
  return `GitHub refused to list the ${kind} alerts of ${org} (403 ${githubMessage(err)}): ${kind} may be off for the organization's repositories (GitHub Advanced Security for private code scanning), or the token lacks the permission. It needs ${need}, from an organization owner or security manager.`;
}

export function makeGithubVulnerabilityCollector(deps: GithubDeps = {}) {
  return async function collect(
    ctx: VulnerabilityCollectContext<GithubConfig, GithubSecrets>,
  ): Promise<VulnerabilityCollection> {
    const { config } = ctx;
    const org = config.organization;
    const gh = await connectGithub(deps, config, ctx.secrets.token, ctx.env, ctx.signal);
    const fatal = (what: string) => (err: unknown) => {
      throw isHttpError(err) ? explain(err, what, org) : err;
    };

    // The repositories in scope: the configured ones, or the organization's (archived ones only when asked).
    let targets = config.repositories?.map((n) => `${org}/${n}`);
    if (!targets) {
      const what = `listing the repositories of ${org}`;
      const repos = await listAll<{ full_name: string; archived?: boolean }>(
        ctx.retry,
        gh,
        what,
        "GET /orgs/{org}/repos",
        { org, type: "all" },
      ).catch(fatal(what));
      targets = repos.filter((r) => config.includeArchived || r.archived !== true).map((r) => r.full_name);
    }
    // Logins and names are case-insensitive on GitHub: findings take the scope's spelling, so they stay in it.
    const spelled = new Map(targets.map((t) => [t.toLowerCase(), t]));
    targets = [...spelled.values()];

    const out: VulnerabilityCollection = { findings: [], scopes: [], skipped: [] };
    const kinds = [
      {
        kind: "code scanning" as const,
        scanner: CODE_SCANNING,
        route: "GET /orgs/{org}/code-scanning/alerts",
        map: (a: unknown) => codeScanningFinding(a as GhCodeScanningAlert),
      },
      {
        kind: "Dependabot" as const,
        scanner: DEPENDABOT,
        route: "GET /orgs/{org}/dependabot/alerts",
        map: (a: unknown) => dependabotFinding(a as GhDependabotAlert),
      },
    ];
    for (const k of kinds) {
      if (ctx.signal.aborted) throw new ConnectorError("The sync was cancelled.", "Start it again.");
      const what = `listing the open ${k.kind} alerts of ${org}`;
      let alerts: { repository: GhAlertRepository }[];
      try {
        alerts = await listAll(ctx.retry, gh, what, k.route, { org, state: "open" });
      } catch (err) {
        const status = statusOf(err);
        if (status !== 403 && status !== 404) return fatal(what)(err);
        const reason = unavailable(err, k.kind, org);
        ctx.warn(reason);
        out.skipped.push({ source: k.scanner, reason });
        continue;
      }
      for (const a of alerts) {
        const target = spelled.get(a.repository.full_name.toLowerCase());
        if (target) out.findings.push({ ...k.map(a), target });
      }
      out.scopes.push(...targets.map((target) => ({ scanner: k.scanner, target })));
    }
    if (out.skipped.length === kinds.length)
      throw new ConnectorError(
        `Neither the code scanning nor the Dependabot alerts of ${org} could be read. ${out.skipped.map((s) => s.reason).join(" ")}`,
        "Give the connection a token of an organization owner or security manager with those permissions, and check that code scanning or Dependabot alerts are on.",
      );
    return out;
  };
}

export const collectGithubVulnerabilities = makeGithubVulnerabilityCollector();
