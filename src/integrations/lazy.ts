/**
 * Connectors whose SDK loads only when one of their connections is tested or synced. The registry needs a
 * connector's description, schemas and catalogue tests at start (the catalogue API, test definitions, the
 * scheduler); those live in the connector's light `definition.ts`. Its `connector.ts` holds the client and pulls in
 * the vendor SDK (AWS, Octokit, Google, Okta: together ~60 MB of heap and seconds of start time), so the registry
 * imports it with `import()` on the first testConnection or collect, once per process.
 */
import type { AnyConnector, Connector } from "./types.ts";

/** Everything about a connector but the code that reaches its system. */
export type ConnectorDefinition<C = Record<string, unknown>, S = Record<string, unknown>> = Omit<
  Connector<C, S>,
  "testConnection" | "collect"
>;

/** A connector that behaves like `load()`'s, with `definition`'s metadata, and loads `load()` on first use. */
export function lazyConnector<C, S>(
  definition: ConnectorDefinition<C, S>,
  load: () => Promise<Connector<C, S>>,
): AnyConnector {
  let loading: Promise<Connector<C, S>> | null = null;
  const connector = () => {
    loading ??= load().then(
      (c) => {
        if (c.type !== definition.type) throw new Error(`Connector ${definition.type} loaded as ${c.type}.`);
        return c;
      },
      (err) => {
        loading = null; // a failed import (a broken install) fails this call; the next one tries again
        throw err;
      },
    );
    return loading;
  };
  return {
    ...definition,
    async testConnection(config, secrets, env) {
      return (await connector()).testConnection(config, secrets, env);
    },
    async *collect(ctx) {
      yield* (await connector()).collect(ctx);
    },
  } satisfies Connector<C, S>;
}
