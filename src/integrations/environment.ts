/**
 * What the installation lets connectors reach: local paths (ASSAY_CONNECTOR_LOCAL_PATHS, never the data folder)
 * and network destinations (ASSAY_OUTBOUND_ALLOW, through src/platform/net-guard.ts).
 */
import type { Config } from "../platform/config.ts";
import { OutboundRefused, outboundPolicy, type ResolvedAddress, resolveDestination } from "../platform/net-guard.ts";
import { localPathPolicy } from "./local-paths.ts";
import { type ConnectorEnvironment, ConnectorError } from "./types.ts";

export type EnvironmentSettings = Pick<
  Config,
  "ASSAY_CONNECTOR_LOCAL_PATHS" | "ASSAY_OUTBOUND_ALLOW" | "ASSAY_EVIDENCE_DIR" | "dataDir"
>;

export function connectorEnvironment(config: EnvironmentSettings): ConnectorEnvironment {
  const protectedFolders = [config.dataDir, ...(config.ASSAY_EVIDENCE_DIR ? [config.ASSAY_EVIDENCE_DIR] : [])];
  return {
    localPaths: localPathPolicy(config.ASSAY_CONNECTOR_LOCAL_PATHS, protectedFolders),
    outbound: outboundPolicy(config.ASSAY_OUTBOUND_ALLOW),
  };
}

/** A network refusal as the connector error the API and the sync show (what is wrong, which setting allows it). */
export function refusal(err: OutboundRefused): ConnectorError {
  return new ConnectorError(err.message, err.guidance);
}

/**
 * Checks `host` before a client connects: a refused destination throws a ConnectorError; a name that does not
 * resolve gives null (the client then fails with its own explanation). Clients still connect through the guard
 * (src/platform/outbound-http.ts) or to the returned addresses, so a changed DNS answer cannot bypass it.
 */
export async function checkDestination(env: ConnectorEnvironment, host: string): Promise<ResolvedAddress[] | null> {
  try {
    return await resolveDestination(env.outbound, host);
  } catch (err) {
    if (err instanceof OutboundRefused) throw refusal(err);
    return null;
  }
}
