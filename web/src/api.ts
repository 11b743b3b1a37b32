/**
 * A small typed client for the Assay API: same-origin cookies, the session's CSRF token on writes, and
 * RFC 9457 problems turned into ApiError so forms can show `detail` and per-field errors.
 */

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** The whole problem body, for extra members such as `problems` on weak_password. */
  readonly problem: Record<string, unknown>;
  constructor(status: number, code: string, detail: string, errors: FieldError[] = [], problem = {}) {
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = errors;
    this.problem = problem;
  }

  /** The message for a field, matched on the last segment of the problem's path (`body.email` → `email`). */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.path === field || e.path.endsWith(`.${field}`))?.message;
  }

  /** weak_password problems carry a list of what to change. */
  get passwordProblems(): string[] {
    const p = this.problem.problems;
    return Array.isArray(p) ? p.filter((x): x is string => typeof x === "string") : [];
  }
}

let csrfToken: string | null = null;
/** Set from the session payload (and the sign-in answer) so writes carry x-csrf-token. */
export function setCsrfToken(token: string | null | undefined) {
  csrfToken = token ?? null;
}

type Handler = (err: ApiError) => void;
let onUnauthenticated: Handler = () => {};
let onMfaEnrollmentRequired: Handler = () => {};
/** App-wide reactions: 401 → sign-in page, 403 mfa_enrollment_required → MFA setup page. */
export function setApiHandlers(h: { unauthenticated: Handler; mfaEnrollmentRequired: Handler }) {
  onUnauthenticated = h.unauthenticated;
  onMfaEnrollmentRequired = h.mfaEnrollmentRequired;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A body sent as is (a file), with its content type, instead of JSON. */
  raw?: { data: Blob | ArrayBuffer; type: string };
  /** Do not run the app-wide 401/MFA redirects (sign-in page, session probe). */
  quiet?: boolean;
  signal?: AbortSignal;
}

async function toApiError(res: Response): Promise<ApiError> {
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      const p = (await res.json()) as Record<string, unknown>;
      const detail = typeof p.detail === "string" ? p.detail : res.statusText || "Request failed.";
      const code = typeof p.code === "string" ? p.code : `http_${res.status}`;
      const errors = Array.isArray(p.errors) ? (p.errors as FieldError[]) : [];
      return new ApiError(res.status, code, detail, errors, p);
    } catch {
      // fall through to the generic message
    }
  }
  if (res.status === 429) return new ApiError(429, "rate_limited", "Too many attempts. Wait a minute and try again.");
  return new ApiError(res.status, `http_${res.status}`, `The server answered ${res.status}. Try again in a moment.`);
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (opts.raw) headers["content-type"] = opts.raw.type;
  else if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: "same-origin",
      body: opts.raw ? opts.raw.data : opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "network_error", "Cannot reach the Assay server. Check your connection and try again.");
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (!opts.quiet) {
      if (err.status === 401 && err.code !== "invalid_credentials") onUnauthenticated(err);
      if (err.status === 403 && err.code === "mfa_enrollment_required") onMfaEnrollmentRequired(err);
    }
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("json")) return (await res.json()) as T;
  return (await res.text()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, opts: Omit<RequestOptions, "query"> = {}) =>
    request<T>("GET", path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts: RequestOptions = {}) =>
    request<T>("POST", path, { ...opts, body: body ?? {} }),
  patch: <T>(path: string, body: unknown, opts: RequestOptions = {}) => request<T>("PATCH", path, { ...opts, body }),
  put: <T>(path: string, body: unknown, opts: RequestOptions = {}) => request<T>("PUT", path, { ...opts, body }),
  /** POST a file as the raw body (e.g. a zip with Content-Type application/zip). */
  upload: <T>(path: string, data: Blob | ArrayBuffer, type: string, opts: RequestOptions = {}) =>
    request<T>("POST", path, { ...opts, raw: { data, type } }),
  del: <T = void>(path: string, body?: unknown, opts: RequestOptions = {}) =>
    request<T>("DELETE", path, { ...opts, body }),
};

/** A readable message for anything thrown by a request or a render. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.detail;
  if (err instanceof Error) return err.message;
  return "Something went wrong.";
}
