/** RFC 9457 problems as the web app shows them: ApiError carries `detail` and per-field errors for forms. */

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

/** The error for an answer that is not 2xx; `body` is the parsed JSON problem when there was one. */
export function problemError(status: number, body: unknown): ApiError {
  if (body !== null && typeof body === "object" && !Array.isArray(body)) {
    const p = body as Record<string, unknown>;
    const detail = typeof p.detail === "string" ? p.detail : "Request failed.";
    const code = typeof p.code === "string" ? p.code : `http_${status}`;
    const errors = Array.isArray(p.errors) ? (p.errors as FieldError[]) : [];
    return new ApiError(status, code, detail, errors, p);
  }
  if (status === 429) return new ApiError(429, "rate_limited", "Too many attempts. Wait a minute and try again.");
  return new ApiError(status, `http_${status}`, `The server answered ${status}. Try again in a moment.`);
}

export const networkError = (detail = "Cannot reach the Assay server. Check your connection and try again.") =>
  new ApiError(0, "network_error", detail);

/** A readable message for anything thrown by a request or a render. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.detail;
  if (err instanceof Error) return err.message;
  return "Something went wrong.";
}
