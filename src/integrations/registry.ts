import { awsConnector } from "./aws/connector.ts";
import { gitConnector } from "./git/connector.ts";
import { githubConnector } from "./github/connector.ts";
import { googleWorkspaceConnector } from "./google-workspace/connector.ts";
import { linuxAgentConnector } from "./linux-agent/connector.ts";
import { oktaConnector } from "./okta/connector.ts";
import { peopleCsvConnector } from "./people-csv/connector.ts";
import { postgresConnector } from "./postgres/connector.ts";
import type { AnyConnector, CatalogueTest } from "./types.ts";

/** Every connector this installation knows. Add new ones here. */
const connectors = new Map<string, AnyConnector>(
  [
    postgresConnector,
    gitConnector,
    peopleCsvConnector,
    linuxAgentConnector,
    githubConnector,
    awsConnector,
    googleWorkspaceConnector,
    oktaConnector,
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
