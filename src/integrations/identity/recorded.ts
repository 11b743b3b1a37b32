/**
 * Test support for the identity connectors: serves recorded HTTP exchanges (fixtures/*.json) to an SDK's own
 * transport hook — gaxios' `fetchImplementation` for Google, a `RequestExecutor` for Okta — so the SDK's real
 * request building, authentication, response parsing and error types run, without a network.
 *
 * Matching is strict: method, path and the full set of query parameters. Exchanges that match the same request
 * are served in order, the last one repeating (so "429, then 200" is two entries). A request nothing matches
 * gets a 599 and is listed in `unmatched`, which tests expect to stay empty.
 */
import { readFileSync } from "node:fs";
import { withRetry } from "../retry.ts";
import { testEnvironment } from "../testing.ts";
import type { AnyConnector, CollectContext, ResourceInput } from "../types.ts";

export interface Exchange {
  /** "GET /path?query" or an absolute URL ("POST https://oauth2.googleapis.com/token"). */
  request: string;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface RecordedCall {
  method: string;
  url: string;
  headers: Headers;
  body: string | null;
}

const key = (method: string, url: URL) => {
  const q = [...url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b));
  return `${method.toUpperCase()} ${url.host}${url.pathname}?${new URLSearchParams(q).toString()}`;
};

/** Reads a fixture file: a list of exchanges, or exchanges by name. */
export function loadFixture<T = Exchange[]>(file: URL): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

/** Serves `exchanges` for requests to `origin` (relative paths in fixtures resolve against it). */
export function recorded(origin: string, exchanges: readonly Exchange[]) {
  const queue = new Map<string, Exchange[]>();
  for (const x of exchanges) {
    const space = x.request.indexOf(" ");
    const k = key(x.request.slice(0, space), new URL(x.request.slice(space + 1), origin));
    queue.set(k, [...(queue.get(k) ?? []), x]);
  }
  const calls: RecordedCall[] = [];
  const unmatched: string[] = [];

  function respond(method: string, url: URL, headers: Headers, body: string | null): Response {
    calls.push({ method: method.toUpperCase(), url: url.href, headers, body });
    const list = queue.get(key(method, url));
    if (!list?.length) {
      unmatched.push(`${method.toUpperCase()} ${url.href}`);
      return new Response(JSON.stringify({ error: "no recorded response" }), { status: 599 });
    }
    const x = list.length > 1 ? list.shift()! : list[0]!;
    const text = x.body === undefined ? "" : typeof x.body === "string" ? x.body : JSON.stringify(x.body);
    return new Response(x.status === 204 ? null : text, {
      status: x.status ?? 200,
      headers: { "content-type": "application/json; charset=UTF-8", ...x.headers },
    });
  }

  /** A `fetch` for gaxios' fetchImplementation. */
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const body = init?.body === undefined || init.body === null ? null : String(init.body);
    return respond(init?.method ?? "GET", url, new Headers(init?.headers), body);
  };

  /** For an SDK that hands over its own request object (Okta's RequestExecutor#fetch). */
  const handle = async (req: { url: string; method?: string; headers?: Record<string, string>; body?: unknown }) =>
    respond(
      req.method ?? "GET",
      new URL(req.url),
      new Headers(req.headers),
      typeof req.body === "string" ? req.body : null,
    );

  return { fetch: fetchImpl, handle, calls, unmatched };
}

/**
 * Runs a collection like `collectAll` (src/integrations/testing.ts), but records every wait the retry policy
 * takes instead of sleeping, so throttling tests see the Retry-After the connector derived.
 */
export async function collectRecordingWaits(connector: AnyConnector, config: unknown, secrets: unknown) {
  const resources: ResourceInput[] = [];
  const warnings: string[] = [];
  const waits: number[] = [];
  const ctx: CollectContext<unknown, unknown> = {
    config: connector.configSchema.parse(config),
    secrets: connector.secretSchema.parse(secrets),
    env: testEnvironment(),
    signal: new AbortController().signal,
    retry: (what, call) => withRetry(what, call, { sleep: async (ms) => void waits.push(ms), random: () => 1 }),
    progress: async () => {},
    warn: (m) => void warnings.push(m),
  };
  for await (const batch of connector.collect(ctx)) resources.push(...batch);
  return { resources, warnings, waits };
}
