import type { FastifyDynamicSwaggerOptions, SwaggerTransform } from "@fastify/swagger";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";

/**
 * How /api/openapi.json is made (@fastify/swagger from the routes' zod schemas). Routes declare their part through
 * kernel/http/route.ts; `npm run lint:openapi` lints the result with Redocly (redocly.yaml).
 */

/** Only the versioned API is described: the web app's files, /api/docs and the health probes never appear. */
const transform: SwaggerTransform = (doc) =>
  doc.url.startsWith("/api/v1/") ? jsonSchemaTransform(doc) : { schema: { hide: true }, url: doc.url };

type Json = { [key: string]: unknown };
const SCHEMA_REF = "#/components/schemas/";

function schemaRefs(value: unknown, into: Set<string>) {
  if (Array.isArray(value)) for (const v of value) schemaRefs(v, into);
  else if (value && typeof value === "object")
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string" && v.startsWith(SCHEMA_REF)) into.add(v.slice(SCHEMA_REF.length));
      else schemaRefs(v, into);
    }
}

/**
 * Leaves out component schemas no operation reaches: the zod registry gives every named schema an input twin
 * (`ProblemInput`) whether or not a request uses it.
 */
export function withoutUnusedSchemas<D extends Json>(doc: D): D {
  const components = (doc.components ?? {}) as Json;
  const schemas = (components.schemas ?? {}) as Json;
  const reached = new Set<string>();
  schemaRefs({ ...doc, components: { ...components, schemas: {} } }, reached);
  for (const name of reached) schemaRefs(schemas[name], reached); // a Set visits what is added while iterating
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => reached.has(name)));
  return { ...doc, components: { ...components, schemas: kept } };
}

export const openApiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: "3.1.0",
    info: {
      title: "Assay API",
      version: "1",
      description:
        "The one API behind the Assay web app and CLI. Authenticate with a session cookie (plus the x-csrf-token header on writes) or a personal API token as `Authorization: Bearer assay_pat_…`.",
      // package.json declares no license (the project has not chosen one): no rights are granted yet.
      license: { name: "UNLICENSED" },
    },
    servers: [{ url: "/", description: "This installation (the API lives under /api/v1)" }],
    components: {
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        session: { type: "apiKey", in: "cookie", name: "assay_session" },
      },
    },
    security: [{ bearer: [] }, { session: [] }],
  },
  transform,
  transformObject: (doc) => withoutUnusedSchemas(jsonSchemaTransformObject(doc) as Json),
};
