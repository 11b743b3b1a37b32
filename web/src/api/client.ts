/**
 * The typed client for the Assay API, checked against the types generated from the server's OpenAPI document
 * (schema.d.ts, `npm run api:generate`): `api.GET("/api/v1/programs/{programId}", { params: { path: { programId } } })`
 * resolves to the answer's JSON or throws ApiError. Same-origin cookies, the session's CSRF token on writes, the
 * app-wide reactions to 401 and to a required MFA enrollment, and after every write the listener that refreshes
 * what the write changed (lib/query.ts).
 */
import createClient, { createFinalURL, defaultPathSerializer } from "openapi-fetch";
import { type ApiError, networkError, problemError } from "./errors.ts";
import type { paths } from "./schema.d.ts";
import type { InitArgs, Method, PathOf, ResponseOf } from "./types.ts";

let csrfToken: string | null = null;
/** Set from the session payload (and the sign-in answer) so writes carry x-csrf-token. */
export function setCsrfToken(token: string | null | undefined) {
  csrfToken = token ?? null;
}
export const csrfHeaders = (): Record<string, string> => (csrfToken ? { "x-csrf-token": csrfToken } : {});

type Handler = (err: ApiError) => void;
let onUnauthenticated: Handler = () => {};
let onMfaEnrollmentRequired: Handler = () => {};
/** App-wide reactions: 401 → sign-in page, 403 mfa_enrollment_required → MFA setup page. */
export function setApiHandlers(h: { unauthenticated: Handler; mfaEnrollmentRequired: Handler }) {
  onUnauthenticated = h.unauthenticated;
  onMfaEnrollmentRequired = h.mfaEnrollmentRequired;
}

/** Runs the app-wide reactions (unless quiet) and returns the error to throw. */
export function failed(err: ApiError, quiet = false): ApiError {
  if (!quiet) {
    if (err.status === 401 && err.code !== "invalid_credentials") onUnauthenticated(err);
    if (err.status === 403 && err.code === "mfa_enrollment_required") onMfaEnrollmentRequired(err);
  }
  return err;
}

type WriteListener = (path: string) => unknown;
let writeListener: WriteListener = () => {};
/** Called with the route (e.g. `/api/v1/monitoring/exceptions/{id}/approve`) after each successful write. */
export function setWriteListener(listener: WriteListener) {
  writeListener = listener;
}
export const afterWrite = async (path: string) => {
  await writeListener(path);
};

/** Empty values are left out, as the pages' filters mean "any" by them; lists repeat the name. */
export function serializeQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const v of Array.isArray(value) ? value : [value])
      if (v !== undefined && v !== null && v !== "") params.append(name, String(v));
  }
  return params.toString();
}

/** A fetch that failed before any answer: aborts pass through, the rest read as "cannot reach the server". */
export async function reach<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw networkError();
  }
}

const client = createClient<paths>({
  credentials: "same-origin",
  headers: { accept: "application/json" },
  querySerializer: serializeQuery,
});

type Call<M extends Method> = <P extends PathOf<M>>(path: P, ...init: InitArgs<P, M>) => Promise<ResponseOf<P, M>>;

function call<M extends Method>(method: M): Call<M> {
  const run = async (path: string, init: Record<string, unknown> = {}) => {
    const { quiet, refresh, ...options } = init;
    const headers = method === "get" ? undefined : csrfHeaders();
    // biome-ignore lint/suspicious/noExplicitAny: the typed signature is Call<M>; this is its untyped body.
    const result = await reach(() => client.request(method, path as any, { ...options, headers } as any));
    if (!result.response.ok) throw failed(problemError(result.response.status, result.error), quiet === true);
    if (method !== "get" && refresh !== false) await afterWrite(path);
    return result.data;
  };
  return run as unknown as Call<M>;
}

export const api = {
  GET: call("get"),
  POST: call("post"),
  PUT: call("put"),
  PATCH: call("patch"),
  DELETE: call("delete"),
};

/** The address of a route with its path and query parameters filled in. */
export const routeUrl = (path: string, params: { path?: object; query?: object } = {}) =>
  createFinalURL(path, {
    baseUrl: "",
    params: params as { path?: Record<string, unknown>; query?: Record<string, unknown> },
    querySerializer: serializeQuery,
    pathSerializer: defaultPathSerializer,
  });

type UrlParams<X> = X extends { path?: unknown; query?: unknown } ? Pick<X, "path" | "query"> : never;
/** A route's path and query parameters; optional when it needs none. */
export type ParamArgs<P extends keyof paths, M extends Method> = paths[P][M] extends { parameters: infer X }
  ? Partial<UrlParams<X>> extends UrlParams<X>
    ? [params?: UrlParams<X>]
    : [params: UrlParams<X>]
  : [];

/** The address of a GET route, for links and downloads (CSV, PDF, zip, evidence content). */
export const apiUrl = <P extends PathOf<"get">>(path: P, ...params: ParamArgs<P, "get">) => routeUrl(path, params[0]);
