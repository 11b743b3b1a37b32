import type { IncomingMessage, ServerResponse } from "node:http";
import type { SwaggerTransform } from "@fastify/swagger";
import type {
  ContextConfigDefault,
  FastifyContextConfig,
  FastifyInstance,
  FastifySchema,
  HTTPMethods,
  RawServerDefault,
  RouteGenericInterface,
  RouteHandlerMethod,
} from "fastify";
import { jsonSchemaTransform, type ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Action } from "../policies.ts";
import type { ApiApp } from "./api-app.ts";
import type { Access } from "./request.ts";
import { problem } from "./schemas.ts";

/**
 * One declaration per route: `const route = routesFor(app, { tag: "remediation" })`, then
 * `route.get(url, { operationId, summary, access, params, query, body, response }, handler)`.
 * The handler is typed from the zod schemas exactly as with `app.get` (fastify-type-provider-zod); the helper adds
 * what every route repeats: the tag, the problem+json error responses that apply, `security: []` on public routes,
 * and an empty strict query where a route declares none, so an unknown query parameter answers 400 on every route.
 */

/** Problem statuses a route may declare beyond the standard ones. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 423 | 429 | 500 | 502 | 503;

/** A success answer that is not JSON: its media type and a zod schema for the body (see `file` and `text`). */
interface ContentResponse {
  description: string;
  content: Record<string, { schema: z.ZodType }>;
}
type SuccessResponses = Record<number, z.ZodType | ContentResponse>;

/** Path and query parameters: always a `z.strictObject` (checked when the route is registered). */
type ParamsSchema = z.ZodObject;

export interface RouteSpec<P, Q, B, R> {
  /** Stable camelCase name of the operation in the OpenAPI document, e.g. `listRemediationItems`. */
  operationId: string;
  summary: string;
  description?: string;
  /** An action name (`"remediation.read"`) or any other access declaration (see request.ts). */
  access: Action | Access;
  params?: P;
  /** Leave out for a route without query parameters: it then refuses any. */
  query?: Q;
  /** The JSON body, validated before the handler runs. */
  body?: B;
  /** A body the handler reads itself (multipart forms, zip files), by media type: documented, not validated here. */
  rawBody?: Record<string, z.ZodType>;
  response: R;
  /** Problem statuses beyond the standard ones the route answers with (404 without path parameters, 409 on a GET, 413…). */
  errors?: readonly ErrorStatus[];
  /** Route config besides access (e.g. rateLimit). */
  config?: Omit<FastifyContextConfig, "access">;
  bodyLimit?: number;
}

const noQuery = z.strictObject({});
type NoQuery = typeof noQuery;

/** The schema fastify and the type provider see, so the handler is typed as if declared with `app.get`. */
type SchemaOf<P, Q, B, R> = { params: P; querystring: Q extends undefined ? NoQuery : Q; body: B; response: R };

type Handler<S extends FastifySchema> = RouteHandlerMethod<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  RouteGenericInterface,
  ContextConfigDefault,
  S,
  ZodTypeProvider
>;

type Declare = <
  P extends ParamsSchema | undefined = undefined,
  Q extends ParamsSchema | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  const R extends SuccessResponses = SuccessResponses,
>(
  url: string,
  spec: RouteSpec<P, Q, B, R>,
  handler: Handler<SchemaOf<P, Q, B, R>>,
) => void;

/** A binary file answer (`application/pdf`, `application/zip`, …). */
export const file = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: z.string().meta({ format: "binary" }) } },
});

/** A text answer that is not JSON (`application/jsonl`). */
export const text = (mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: z.string() } },
});

/** A CSV download (sent with `sendCsv` from download.ts). */
export const csv = (description = "CSV with a header row") => text("text/csv", description);

const PROBLEM_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: "Invalid request: `errors` names each field or parameter (unknown query parameters included)",
  401: "Not signed in, or the session or API token has ended",
  403: "The role or the token's scope does not allow this, or the CSRF header is missing",
  404: "No such record in the current organization",
  409: "The record's current state does not allow this",
  413: "The body is larger than this server accepts",
  415: "The body's media type is not accepted here",
  422: "The content cannot be processed",
  423: "Locked",
  429: "Too many requests: wait and try again",
  500: "The server failed; the request id finds it in the logs",
  502: "An outside service failed",
  503: "Unavailable for now",
};

const problemResponse = (status: ErrorStatus) => ({
  description: PROBLEM_DESCRIPTIONS[status],
  content: { "application/problem+json": { schema: problem } },
});

/**
 * The problem statuses that apply: validation always; sign-in and permission unless public; 404 with a record id in
 * the path; 409 on writes; 429 with a rate limit; and what the route declares.
 */
function problemStatuses(method: HTTPMethods, access: Access, spec: RouteSpec<unknown, unknown, unknown, unknown>) {
  const statuses = new Set<ErrorStatus>([400, ...(spec.errors ?? [])]);
  if (!("public" in access)) {
    statuses.add(401);
    statuses.add(403);
  }
  if (spec.params) statuses.add(404);
  if (method !== "GET") statuses.add(409);
  if (spec.config?.rateLimit) statuses.add(429);
  return [...statuses].sort((a, b) => a - b);
}

const isStrictObject = (schema: unknown) =>
  schema instanceof z.ZodObject && schema._zod.def.catchall?._zod.def.type === "never";

const pathParams = (url: string) => [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string).sort();

/** Fails at startup, naming the route, where a declaration breaks the API's conventions. */
function check(where: string, url: string, spec: RouteSpec<unknown, unknown, unknown, unknown>) {
  const fail = (why: string) => {
    throw new Error(`Route ${where}: ${why}`);
  };
  if (!/^[a-z][A-Za-z0-9]*$/.test(spec.operationId)) fail(`operationId "${spec.operationId}" is not camelCase`);
  for (const [part, schema] of [
    ["params", spec.params],
    ["query", spec.query],
  ] as const)
    if (schema !== undefined && !isStrictObject(schema))
      fail(
        `${part} must be a z.strictObject, so unknown ${part === "query" ? "query " : "path "}parameters are refused`,
      );
  const declared = spec.params ? Object.keys((spec.params as z.ZodObject).shape).sort() : [];
  if (declared.join() !== pathParams(url).join())
    fail(`params declares [${declared.join(", ")}] but the path has [${pathParams(url).join(", ")}]`);
  if (spec.body && spec.rawBody)
    fail("declare either body (validated JSON) or rawBody (read by the handler), not both");
}

/** The OpenAPI request body of a route whose handler reads the body itself, one schema per media type. */
const describeRawBody =
  (bodies: Record<string, z.ZodType>): SwaggerTransform =>
  (doc) => {
    const bodyJson = (schema: z.ZodType) =>
      (jsonSchemaTransform({ ...doc, schema: { body: schema } }).schema as { body: unknown }).body;
    const base = jsonSchemaTransform(doc);
    const content = Object.fromEntries(Object.entries(bodies).map(([type, s]) => [type, { schema: bodyJson(s) }]));
    return { ...base, schema: { ...base.schema, body: { content } } };
  };

/** The route declarations of one module, all under one OpenAPI tag. */
export function routesFor(app: ApiApp, options: { tag: string }) {
  const declare =
    (method: HTTPMethods): Declare =>
    (url, spec, handler) => {
      const where = `${method} ${app.prefix}${url}`;
      check(where, url, spec);
      const access: Access = typeof spec.access === "string" ? { action: spec.access } : spec.access;
      const errors = problemStatuses(method, access, spec);
      app.route({
        method,
        url,
        ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
        config: {
          ...spec.config,
          access,
          ...(spec.rawBody ? { swaggerTransform: describeRawBody(spec.rawBody) } : {}),
        },
        schema: {
          operationId: spec.operationId,
          tags: [options.tag],
          summary: spec.summary,
          ...(spec.description ? { description: spec.description } : {}),
          ...("public" in access ? { security: [] } : {}),
          ...(spec.params ? { params: spec.params } : {}),
          querystring: spec.query ?? noQuery,
          ...(spec.body ? { body: spec.body } : {}),
          response: {
            ...Object.fromEntries(errors.map((status) => [status, problemResponse(status)])),
            ...spec.response,
          },
        },
        handler: handler as never,
      });
    };
  return {
    get: declare("GET"),
    post: declare("POST"),
    put: declare("PUT"),
    patch: declare("PATCH"),
    delete: declare("DELETE"),
  };
}

/**
 * Every /api/v1 route comes from `routesFor` (it carries an operationId), and no two share an operationId: a
 * route added with plain `app.get` would miss the strict query and the problem responses, so it stops the server.
 */
export function checkRouteDeclarations(app: FastifyInstance) {
  const seen = new Map<string, string>();
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/v1") || route.method === "HEAD") return;
    const where = `${route.method} ${route.url}`;
    const id = (route.schema as { operationId?: string } | undefined)?.operationId;
    if (!id) throw new Error(`Route ${where} is not declared with routesFor (src/kernel/http/route.ts)`);
    const other = seen.get(id);
    if (other) throw new Error(`Route ${where} has the operationId "${id}" of ${other}`);
    seen.set(id, where);
  });
}
