/** CLI output helpers: tables for people, --json for scripts, and errors that say what to do. */

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

/** Exit codes: 0 ok, 1 failure or problem found, 2 usage or configuration error, 3 not authenticated/forbidden. */
export const EXIT = { ok: 0, failure: 1, usage: 2, auth: 3 } as const;

export function printTable(rows: Record<string, unknown>[], columns?: string[]) {
  if (rows.length === 0) {
    process.stdout.write("(none)\n");
    return;
  }
  const cols = columns ?? Object.keys(rows[0]!);
  const cell = (v: unknown) => (v == null ? "" : v instanceof Date ? v.toISOString() : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  process.stdout.write(`${line(cols.map((c) => c.toUpperCase()))}\n`);
  for (const r of rows) process.stdout.write(`${line(cols.map((c) => cell(r[c])))}\n`);
}

export function printJson(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints rows as JSON when --json was given, else as a table. */
export function printList(rows: Record<string, unknown>[], opts: { json?: boolean }, columns?: string[]) {
  if (opts.json) printJson(rows);
  else printTable(rows, columns);
}
