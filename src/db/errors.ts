/** True when a query failed on a unique constraint (PostgreSQL 23505), on pg and PGlite, wrapped by drizzle or not. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (let e = err as { code?: unknown; constraint?: unknown; cause?: unknown; message?: unknown } | undefined; e; ) {
    if (e.code === "23505")
      return !constraint || e.constraint === constraint || String(e.message ?? "").includes(constraint);
    e = e.cause as typeof e;
  }
  return false;
}
