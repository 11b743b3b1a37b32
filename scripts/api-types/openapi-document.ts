/**
 * The server's OpenAPI document as `/api/openapi.json` serves it, built from the route schemas without a database:
 * the app is assembled with a context whose database, mailer and logger refuse every use (registering routes
 * never queries), and with throwaway keys, so nothing is read from or written to a data folder.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import type { AppContext } from "../../src/kernel/context.ts";
import { loadConfig } from "../../src/platform/config.ts";
import { loadKeys } from "../../src/platform/keys.ts";
import { buildApp } from "../../src/server/app.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function unavailable(name: string): never {
  return new Proxy({} as never, {
    get(_target, prop) {
      throw new Error(`The OpenAPI document is built without a ${name}; something used ${name}.${String(prop)}.`);
    },
  });
}

function offlineContext(): AppContext {
  const config = loadConfig(
    {},
    {
      ASSAY_DATA_DIR: path.join(os.tmpdir(), "assay-openapi-no-data"),
      ASSAY_LEDGER_SIGNING_KEY: generateKeyPairSync("ed25519")
        .privateKey.export({ type: "pkcs8", format: "pem" })
        .toString(),
      ASSAY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    },
  );
  return {
    config,
    keys: loadKeys(config),
    database: unavailable("database"),
    db: unavailable("database"),
    mailer: unavailable("mailer"),
    log: unavailable("logger"),
  };
}

const sortedKeys = (o: { [key: string]: Json }) =>
  Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k] as Json]),
  );

/** Paths and component schemas in name order, so the document (and its diff) does not move with route order. */
function stable(doc: { [key: string]: Json }): { [key: string]: Json } {
  const components = (doc.components ?? {}) as { [key: string]: Json };
  const schemas = components.schemas as { [key: string]: Json } | undefined;
  return {
    ...doc,
    paths: sortedKeys(doc.paths as { [key: string]: Json }),
    components: { ...components, ...(schemas ? { schemas: sortedKeys(schemas) } : {}) },
  };
}

export async function buildOpenApiDocument(): Promise<{ [key: string]: Json }> {
  const app = await buildApp(offlineContext(), { logger: false });
  try {
    await app.ready();
    // A JSON round trip drops what JSON cannot carry (undefined members), exactly as the HTTP answer does.
    return stable(JSON.parse(JSON.stringify(app.swagger())));
  } finally {
    await app.close();
  }
}
