/**
 * Vulnerability collection: the open security alerts a connector reports to the vulnerability register
 * (src/modules/vulnerabilities) — GitHub's code scanning and Dependabot alerts. Apart from `collect` because it is
 * asked for on demand, not on the monitoring schedule, and its records are findings, not monitoring resources.
 * Loaded on first use, like the connectors' SDKs (lazy.ts).
 */
import { onDemandCollectors } from "./on-demand.ts";
import type { VulnerabilityCollector } from "./types.ts";

export type { VulnerabilityCollection, VulnerabilityCollector, VulnerabilityInput } from "./types.ts";

const collectors = onDemandCollectors<VulnerabilityCollector>([
  ["github", async () => (await import("./github/vulnerabilities.ts")).collectGithubVulnerabilities],
]);

/** The connector types that report vulnerabilities. */
export const vulnerabilitySourceTypes = collectors.types;
export const vulnerabilityCollectorOf = collectors.of;
/** Replaces a type's collector: for tests (a GitHub collector on recorded responses). */
export const registerVulnerabilityCollector = collectors.register;
