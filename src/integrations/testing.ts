import { connectorEnvironment } from "./environment.ts";
import { withRetry } from "./retry.ts";
import type { AnyConnector, ConnectorEnvironment, ResourceInput } from "./types.ts";

/**
 * The environment an installation with these settings gives connectors; the defaults are the installation's:
 * no local paths (ASSAY_CONNECTOR_LOCAL_PATHS), public addresses only (ASSAY_OUTBOUND_ALLOW).
 */
export function testEnvironment(
  settings: { localPaths?: string; outboundAllow?: string; dataDir?: string } = {},
): ConnectorEnvironment {
  return connectorEnvironment({
    ASSAY_CONNECTOR_LOCAL_PATHS: settings.localPaths ?? "none",
    ASSAY_OUTBOUND_ALLOW: settings.outboundAllow ?? "",
    ASSAY_EVIDENCE_DIR: undefined,
    dataDir: settings.dataDir ?? "/nonexistent/assay-data",
  });
}

/** Runs a connector's collection outside the sync engine (connector tests): every resource and warning. */
export async function collectAll(
  connector: AnyConnector,
  config: unknown,
  secrets: unknown = {},
  env: ConnectorEnvironment = testEnvironment(),
) {
  const resources: ResourceInput[] = [];
  const warnings: string[] = [];
  const progress: string[] = [];
  for await (const batch of connector.collect({
    config: connector.configSchema.parse(config),
    secrets: connector.secretSchema.parse(secrets),
    env,
    signal: new AbortController().signal,
    retry: (what, call) => withRetry(what, call, { baseMs: 1 }),
    progress: async (m) => void progress.push(m),
    warn: (m) => void warnings.push(m),
  }))
    resources.push(...batch);
  return { resources, warnings, progress };
}

/** Evaluates every test of a connector on the resources it collected, by test id and resource external id. */
export function evaluateAll(
  connector: AnyConnector,
  resources: readonly ResourceInput[],
  config: Record<string, unknown>,
) {
  const out = new Map<string, { status: string; reason: string }>();
  for (const t of connector.tests)
    for (const r of resources.filter((x) => x.type === t.resourceType))
      out.set(`${t.id}|${r.externalId}`, t.evaluate(r, { config }));
  return out;
}
