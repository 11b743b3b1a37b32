/**
 * The GitHub REST client: Octokit with nothing but its transport, so that throttling and failures reach the
 * framework's retry policy (ctx.retry) as ThrottledError / TransientError instead of being retried, slept on or
 * swallowed inside Octokit. @octokit/rest has no retry or throttling plugin, and none is added here.
 */
import { Octokit } from "@octokit/rest";
import { paginate, parseRetryAfter } from "../retry.ts";
import { ConnectorError, ThrottledError, TransientError } from "../types.ts";

export const API_VERSION = "2022-11-28";
const REQUEST_TIMEOUT_MS = 30_000;

export interface GithubDeps {
  /** The transport (tests replay recorded responses through it); default: the global fetch. */
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
}

type Headers = Record<string, string | number | undefined>;
export interface GithubResponse<T = unknown> {
  status: number;
  headers: Headers;
  data: T;
}

/** What Octokit throws for an HTTP error (RequestError, name "HttpError"); without `response` it never arrived. */
interface HttpError extends Error {
  status: number;
  response?: { status: number; headers: Headers; data: unknown };
}

export function isHttpError(err: unknown): err is HttpError {
  return err instanceof Error && err.name === "HttpError" && typeof (err as HttpError).status === "number";
}

export const statusOf = (err: unknown) => (isHttpError(err) && err.response ? err.response.status : null);

/** GitHub's own explanation, without the documentation link Octokit appends. */
export function githubMessage(err: unknown): string {
  const data = isHttpError(err) ? err.response?.data : undefined;
  const msg =
    data && typeof data === "object" && typeof (data as { message?: unknown }).message === "string"
      ? (data as { message: string }).message
      : (err as Error).message;
  return msg.replace(/ - https:\/\/docs\.github\.com\S*$/, "").slice(0, 300);
}

const header = (h: Headers | undefined, name: string) => {
  const v = h?.[name];
  return v === undefined ? undefined : String(v);
};

/**
 * Turns throttling and failures worth retrying into the framework's errors; everything else (401, 403, 404, 422)
 * is returned unchanged for the caller to explain. `what` is ours, never GitHub's echo of the request, so no
 * header (and no token) can reach a message.
 */
export function classify(err: unknown, what: string, now: Date): unknown {
  if (!isHttpError(err)) return err;
  const res = err.response;
  if (!res) return new TransientError(`${what}: GitHub could not be reached (${err.message}).`);
  const { status, headers } = res;
  if (status === 403 || status === 429) {
    const retryAfter = parseRetryAfter(header(headers, "retry-after"), now);
    if (retryAfter !== null)
      return new ThrottledError(`${what}: GitHub asked to slow down (HTTP ${status}).`, retryAfter);
    const reset = Number(header(headers, "x-ratelimit-reset"));
    if (header(headers, "x-ratelimit-remaining") === "0" && Number.isFinite(reset) && reset > 0)
      return new ThrottledError(
        `${what}: the token's API rate limit is used up until ${new Date(reset * 1000).toISOString()}.`,
        Math.max(1000, reset * 1000 - now.getTime()),
      );
    // A secondary rate limit without a Retry-After: GitHub asks clients to wait at least a minute.
    if (status === 429 || /secondary rate limit/i.test(githubMessage(err)))
      return new ThrottledError(`${what}: GitHub's secondary rate limit was hit.`, 60_000);
  }
  if (status >= 500) return new TransientError(`${what}: GitHub answered HTTP ${status} (${githubMessage(err)}).`);
  return err;
}

export type Request = <T = unknown>(route: string, params?: Record<string, unknown>) => Promise<GithubResponse<T>>;

export interface GithubClient {
  apiUrl: string;
  request: Request;
  now: () => Date;
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

export function githubClient(apiUrl: string, token: string, deps: GithubDeps = {}, signal?: AbortSignal): GithubClient {
  const base = deps.fetch ?? globalThis.fetch;
  // Every request gets a timeout and the sync's abort signal; a timeout surfaces as a transient failure.
  const fetch: typeof globalThis.fetch = (input, init) =>
    base(input, {
      ...init,
      signal: AbortSignal.any(
        [init?.signal, signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)].filter((s): s is AbortSignal => !!s),
      ),
    });
  const octokit = new Octokit({
    auth: token,
    baseUrl: apiUrl,
    userAgent: "assay-monitoring",
    log: silent,
    request: { fetch },
  });
  const request: Request = async (route, params = {}) => {
    const res = await octokit.request(route, { ...params, headers: { "x-github-api-version": API_VERSION } });
    return { status: res.status, headers: res.headers as Headers, data: res.data as never };
  };
  return { apiUrl, request, now: deps.now ?? (() => new Date()) };
}

/** One call through the framework's retry policy, with GitHub's throttling and failures classified. */
export function call<T>(
  retry: <R>(what: string, fn: () => Promise<R>) => Promise<R>,
  gh: GithubClient,
  what: string,
  route: string,
  params?: Record<string, unknown>,
): Promise<GithubResponse<T>> {
  return retry(what, () =>
    gh.request<T>(route, params).catch((err: unknown) => {
      throw classify(err, what, gh.now());
    }),
  );
}

/**
 * The next page from a Link header. Only links under the configured API URL are followed: Octokit sends the token
 * with every request, so a link elsewhere must never be fetched.
 */
export function nextLink(link: string | undefined, apiUrl: string): string | null {
  const m = link ? /<([^<>]+)>;\s*rel="next"/.exec(link) : null;
  if (!m) return null;
  const next = new URL(m[1]!);
  const api = new URL(apiUrl);
  const basePath = api.pathname.replace(/\/$/, "");
  if (next.origin !== api.origin || !(next.pathname === basePath || next.pathname.startsWith(`${basePath}/`)))
    throw new ConnectorError(
      `GitHub's next-page link points outside ${apiUrl} (${next.origin}); it was not followed.`,
      "Check the connection's apiUrl: it must be the API's own address (for GitHub Enterprise Server, https://<host>/api/v3).",
    );
  return next.href;
}

/**
 * Walks a list endpoint page by page (per_page=100, following the Link header); each page is one retried call,
 * so a page that fails is retried on its own.
 */
export function pages<T>(
  retry: <R>(what: string, fn: () => Promise<R>) => Promise<R>,
  gh: GithubClient,
  what: string,
  route: string,
  params: Record<string, unknown>,
): AsyncGenerator<T[], void, void> {
  return paginate<T>(retry, what, async (cursor) => {
    const res = await (cursor
      ? gh.request<T[]>(`GET ${cursor}`)
      : gh.request<T[]>(route, { ...params, per_page: 100 })
    ).catch((err: unknown) => Promise.reject(classify(err, what, gh.now())));
    return { items: Array.isArray(res.data) ? res.data : [], next: nextLink(header(res.headers, "link"), gh.apiUrl) };
  });
}

export async function listAll<T>(
  retry: <R>(what: string, fn: () => Promise<R>) => Promise<R>,
  gh: GithubClient,
  what: string,
  route: string,
  params: Record<string, unknown>,
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages<T>(retry, gh, what, route, params)) out.push(...page);
  return out;
}

/** Permissions the connector needs, for guidance. */
export const PERMISSIONS =
  "A classic token needs the read:org and repo scopes (repo: private repositories, branch protection, Dependabot and code scanning alerts). " +
  "A fine-grained token (resource owner: the organization, all repositories) needs Organization permissions Members: read " +
  "and Administration: read, and Repository permissions Metadata: read, Administration: read, Dependabot alerts: read " +
  "and Secret scanning alerts: read; Pull requests: read and Code scanning alerts: read for the change and vulnerability registers.";

/**
 * Explains an HTTP error in words a person can act on. 401 and 404 are about the token and the organization;
 * 403 names the scopes GitHub says the call accepts, and SAML single sign-on when that is the cause.
 */
export function explain(err: unknown, what: string, organization: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (err instanceof ThrottledError || err instanceof TransientError)
    return new ConnectorError(
      err.message,
      err instanceof ThrottledError
        ? "Wait for the rate limit to reset and try again; a dedicated token (or a GitHub App) has its own limit."
        : "Check the apiUrl and that this server can reach GitHub (proxy, firewall), then try again.",
    );
  const status = statusOf(err);
  const headers = isHttpError(err) ? err.response?.headers : undefined;
  if (status === 401)
    return new ConnectorError(
      `GitHub rejected the token (401 ${githubMessage(err)}) while ${what}.`,
      "The token is wrong, expired or revoked: create a new one and enter it in the connection's secrets. " +
        PERMISSIONS,
    );
  if (status === 404)
    return new ConnectorError(
      `GitHub found no organization "${organization}" that this token can see (404 while ${what}).`,
      `Check the organization's login (as in https://github.com/${organization}). A fine-grained token must have the organization as its resource owner, and an organization may have to approve it; a GitHub App must be installed on it.`,
    );
  if (status === 403) {
    const sso = header(headers, "x-github-sso");
    if (sso)
      return new ConnectorError(
        `The organization "${organization}" enforces SAML single sign-on, and the token is not authorized for it (403 while ${what}).`,
        "In GitHub, open Settings → Developer settings → Personal access tokens, choose Configure SSO for this token and authorize it for the organization.",
      );
    const accepted = header(headers, "x-accepted-oauth-scopes");
    const has = header(headers, "x-oauth-scopes");
    const scopes =
      accepted !== undefined && has !== undefined
        ? ` This call accepts the scope(s) ${accepted || "(none listed)"}; the token has ${has || "no scopes"}.`
        : "";
    return new ConnectorError(
      `GitHub refused ${what}: the token lacks a permission (403 ${githubMessage(err)}).${scopes}`,
      PERMISSIONS,
    );
  }
  return new ConnectorError(
    `GitHub answered ${status ?? "with an error"} while ${what}: ${githubMessage(err)}.`,
    "Check the connection's settings; if it persists, see https://www.githubstatus.com.",
  );
}
