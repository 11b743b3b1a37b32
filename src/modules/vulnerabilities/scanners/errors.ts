/** Why a scanner report was refused: one typed error, with where in the file when that is known. */
import { AppError } from "../../../platform/errors.ts";

export type ReportErrorCode =
  | "scanner_report_malformed_json"
  | "scanner_report_encoding"
  | "scanner_report_empty"
  | "scanner_report_too_large"
  | "scanner_report_unknown_format"
  | "scanner_report_unsupported_version"
  | "scanner_report_invalid"
  | "scanner_report_too_many_pending";

/** A report the importer refuses whole (400): nothing of it may be imported. */
export class ReportError extends AppError {
  constructor(code: ReportErrorCode, message: string, details?: Record<string, unknown>) {
    super(400, code, message, details);
    this.name = "ReportError";
  }
}

/** `runs[0].results[3]` from a path. */
export function pathText(path: readonly (string | number)[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${p}` : p;
  return out || "(root)";
}

/** `value` checked against `schema`, or a ReportError naming the item (e.g. `runs[0].results[3].message`) and why. */
export function validateItem<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Issue[] } } },
  value: unknown,
  path: readonly (string | number)[],
  what: string,
): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const where = pathText([...path, ...issue.path.filter((p): p is string | number => typeof p !== "symbol")]);
  throw new ReportError(
    "scanner_report_invalid",
    `${what} at ${where}: ${issue.message}. The report was not imported.`,
    {
      path: where,
    },
  );
}

interface Issue {
  path: PropertyKey[];
  message: string;
}
