import { DrizzleQueryError } from "drizzle-orm";

/** True when a query failed on a unique constraint (PostgreSQL 23505), on pg and PGlite, wrapped by drizzle or not. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (let e = err as { code?: unknown; constraint?: unknown; cause?: unknown; message?: unknown } | undefined; e; ) {
    if (e.code === "23505")
      return !constraint || e.constraint === constraint || String(e.message ?? "").includes(constraint);
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * SQLSTATEs for a value PostgreSQL cannot take as given: bytes its encoding refuses, a \u0000 or surrogate escape in
 * JSON, text that does not parse as the column's type, a date or time it cannot represent (year 0, out of range).
 */
const REFUSED_VALUE = new Set(["22021", "22P05", "22P02", "22007", "22008"]);

/**
 * True when PostgreSQL refused a value the request sent (character_not_in_repertoire 22021, untranslatable_character
 * 22P05, invalid_text_representation 22P02, invalid_datetime_format 22007, datetime_field_overflow 22008) while
 * binding it as a query parameter: its error context then names the
 * parameter ("unnamed portal parameter $1"), on pg and PGlite alike. The same codes raised by a literal in our own
 * SQL carry no such context: that is a defect, and stays a 500.
 */
export function isRefusedParameterValue(err: unknown): boolean {
  for (let e = err as { code?: unknown; where?: unknown; cause?: unknown } | undefined; e; ) {
    if (typeof e.code === "string" && REFUSED_VALUE.has(e.code)) return /\bparameter \$\d+/.test(String(e.where ?? ""));
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * True when a query of Assay's own database failed. drizzle wraps every such error as "Failed query: <sql>
 * params: <values>": internal SQL and values that belong in the server log, never in a message people read.
 * Errors of databases a connector monitors (raw driver errors, never wrapped by drizzle) are not this.
 */
export function isInternalDatabaseError(err: unknown): boolean {
  for (let e = err as { message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e instanceof DrizzleQueryError) return true;
    if (typeof e.message === "string" && e.message.startsWith("Failed query: ")) return true;
  }
  return false;
}

/**
 * What people may read about an error that ends up stored (a sync's or a job's error) or shown: its own message, or —
 * for an error of Assay's database — a generic one naming `reference` (a job, sync or request id), under which the
 * operator finds the full error in the server log. Log the error itself next to the reference.
 */
export function errorMessageForPeople(err: unknown, reference: string): string {
  if (isInternalDatabaseError(err))
    return `Assay's database refused an operation (reference ${reference}). Try again; if it happens again, give the reference to your administrator, who finds the details in the server log.`;
  return err instanceof Error ? err.message : String(err);
}
