import { awsDefinition } from "./aws/definition.ts";
import { gitConnector } from "./git/connector.ts";
import { githubDefinition } from "./github/definition.ts";
import { googleWorkspaceDefinition } from "./google-workspace/definition.ts";
import { lazyConnector } from "./lazy.ts";
import { linuxAgentConnector } from "./linux-agent/connector.ts";
import { oktaDefinition } from "./okta/definition.ts";
import { peopleCsvConnector } from "./people-csv/connector.ts";
import { postgresConnector } from "./postgres/connector.ts";
import type { AnyConnector, CatalogueTest } from "./types.ts";

/**
 * Every connector this installation knows. Add new ones here. Connectors built on a vendor SDK are registered by
 * their light definition and load their client (and the SDK) on first use: `npm start` never loads an SDK that no
 * connection uses (src/integrations/lazy.ts). The others need nothing the server has not loaded already.
 */
const connectors = new Map<string, AnyConnector>(
  [
    postgresConnector,
    gitConnector,
    peopleCsvConnector,
    linuxAgentConnector,
    lazyConnector(githubDefinition, async () => (await import("./github/connector.ts")).githubConnector),
    lazyConnector(awsDefinition, async () => (await import("./aws/connector.ts")).awsConnector),
    lazyConnector(
      googleWorkspaceDefinition,
      async () => (await import("./google-workspace/connector.ts")).googleWorkspaceConnector,
    ),
    lazyConnector(oktaDefinition, async () => (await import("./okta/connector.ts")).oktaConnector),
  ].map((c) => [c.type, c as AnyConnector]),
);

/** Registers (or replaces) a connector: for tests' fake connectors. */
export function registerConnector(c: AnyConnector) {
  connectors.set(c.type, c);
}

export function connectorOf(type: string): AnyConnector | undefined {
  return connectors.get(type);
}

export function allConnectors(): AnyConnector[] {
  return [...connectors.values()];
}

export interface CatalogueEntry extends CatalogueTest {
  connectorType: string;
}

/** Every catalogue test by id, with the connector that provides it. */
export function catalogueTests(): Map<string, CatalogueEntry> {
  const out = new Map<string, CatalogueEntry>();
  for (const c of connectors.values())
    for (const t of c.tests) {
      if (out.has(t.id)) throw new Error(`Test id ${t.id} is provided by two connectors.`);
      out.set(t.id, { ...t, connectorType: c.type });
    }
  return out;
}
