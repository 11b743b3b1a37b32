import { z } from "zod";
import { registerConnector } from "../src/integrations/registry.ts";
import type { Connector } from "../src/integrations/types.ts";

/**
 * Registers a test double connector of `type`: no settings, no secrets, no tests, resources of type "thing", and the
 * collection the test scripts.
 */
export function registerThingConnector(type: string, collect: Connector["collect"]): Connector {
  const connector: Connector = {
    type,
    title: `Test double ${type}`,
    description: "test double",
    category: "cloud",
    configSchema: z.strictObject({}),
    secretSchema: z.strictObject({}),
    resourceTypes: ["thing"],
    testConnection: async () => ({ ok: true, message: "ok" }),
    collect,
    tests: [],
  };
  registerConnector(connector);
  return connector;
}

export const thing = (id: string) => ({ type: "thing", externalId: id, name: id, attributes: {} });
