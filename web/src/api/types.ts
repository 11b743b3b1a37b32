/**
 * Names for the generated API types (schema.d.ts): what a route answers, what it takes. Pages alias these
 * (`type Program = ResponseOf<"/api/v1/programs/{programId}">`) instead of writing shapes by hand.
 */
import type { MaybeOptionalInit } from "openapi-fetch";
import type { components, paths } from "./schema.d.ts";

export type { components, paths };

export type Method = "get" | "put" | "post" | "patch" | "delete";

/** The paths that answer a method (absent methods are generated as `put?: never`, which does not match). */
export type PathOf<M extends Method> = {
  [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never;
}[keyof paths];

type JsonOf<R> = R extends { content: { "application/json": infer J } } ? J : undefined;
type Success<O> = O extends { responses: infer R }
  ? { [C in keyof R]: C extends 200 | 201 | 202 | 204 ? JsonOf<R[C]> : never }[keyof R]
  : never;

/** The JSON a route answers on success (undefined for 204). */
export type ResponseOf<P extends keyof paths, M extends Method = "get"> = Success<paths[P][M]>;

/** The JSON body a route takes. */
export type BodyOf<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: { content: { "application/json": infer B } };
}
  ? B
  : never;

/** The query parameters a route takes. */
export type QueryOf<P extends keyof paths, M extends Method = "get"> = paths[P][M] extends {
  parameters: { query?: infer Q };
}
  ? NonNullable<Q>
  : never;

/** One element of a list answer (`{ items: [...] }`, paged or not). */
export type ItemOf<T extends { items: readonly unknown[] }> = T["items"][number];

export type Schema<N extends keyof components["schemas"]> = components["schemas"][N];

/**
 * Per call: `quiet` skips the app-wide 401 / MFA-enrollment redirects (sign-in page, session probe); `refresh: false`
 * skips refreshing what a write changed, for a flow that makes several writes and refreshes once at its end.
 */
export interface CallOptions {
  quiet?: boolean;
  refresh?: boolean;
}

/** The arguments after the path: optional when the route needs no path parameters and no body. */
export type InitArgs<P extends keyof paths, M extends Method> =
  MaybeOptionalInit<paths[P], M> extends infer I
    ? undefined extends I
      ? [init?: Exclude<I, undefined> & CallOptions]
      : [init: I & CallOptions]
    : never;
