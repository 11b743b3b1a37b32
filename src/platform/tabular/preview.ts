/**
 * A whole upload checked before anything is written: the file read and every row validated (checkTable), then
 * summed up for a person (summarise): the columns, the first rows with their errors, the counts, the errors (the
 * first 200 and how many there are), problems of the file itself and warnings.
 */
import type { Readable } from "node:stream";
import type { Columns } from "./headers.ts";
import { readTable } from "./read.ts";
import { type ReadOptions, type Table, TableError } from "./types.ts";
import { type RowError, type RowResult, type TableSpec, validateRows } from "./validate.ts";

export interface CheckedTable<F extends string, T> {
  format: Table["format"] | null;
  encoding: string | null;
  sheet: string | null;
  columns: Columns<F>["columns"];
  byField: Columns<F>["byField"];
  rows: RowResult<T>[];
  /** Problems with the whole file; when there are any, `rows` may be incomplete and nothing may be imported. */
  fileErrors: string[];
  warnings: string[];
}

/** Reads and validates every row. Problems of the file end up in fileErrors; other failures are thrown. */
export async function checkTable<F extends string, T>(
  input: Buffer | Readable,
  spec: TableSpec<F, T>,
  options: ReadOptions = {},
): Promise<CheckedTable<F, T>> {
  const out: CheckedTable<F, T> = {
    format: null,
    encoding: null,
    sheet: null,
    columns: [],
    byField: {},
    rows: [],
    fileErrors: [],
    warnings: [],
  };
  try {
    const table = await readTable(input, options);
    Object.assign(out, { format: table.format, encoding: table.encoding, sheet: table.sheet });
    out.warnings.push(...table.notes);
    const { columns, results } = validateRows(table, spec);
    Object.assign(out, { columns: columns.columns, byField: columns.byField });
    out.fileErrors.push(...columns.fileErrors);
    out.warnings.push(...columns.warnings);
    if (columns.fileErrors.length) await table.rows[Symbol.asyncIterator]().return?.(undefined);
    for await (const r of results) out.rows.push(r);
    if (!out.fileErrors.length && !out.rows.length) out.fileErrors.push("The file has a header but no rows.");
  } catch (e) {
    if (!(e instanceof TableError)) throw e;
    out.fileErrors.push(e.message);
  }
  return out;
}

export interface SummaryOptions {
  /** How many rows the preview shows (default 100). */
  rows?: number;
  /** How many errors are listed (default 200); errorCount says how many there are. */
  errors?: number;
}

export interface TablePreview<F extends string = string> {
  format: Table["format"] | null;
  encoding: string | null;
  sheet: string | null;
  columns: { header: string; field: F | null }[];
  rows: { line: number; cells: Record<string, string>; errors: RowError[] }[];
  counts: { total: number; valid: number; invalid: number };
  errors: RowError[];
  errorCount: number;
  fileErrors: string[];
  warnings: string[];
}

export function summarise<F extends string, T>(
  checked: CheckedTable<F, T>,
  options: SummaryOptions = {},
): TablePreview<F> {
  const invalid = checked.rows.filter((r) => r.errors.length).length;
  const errors = checked.rows.flatMap((r) => r.errors);
  return {
    format: checked.format,
    encoding: checked.encoding,
    sheet: checked.sheet,
    columns: checked.columns,
    rows: checked.rows.slice(0, options.rows ?? 100).map((r) => ({ line: r.line, cells: r.cells, errors: r.errors })),
    counts: { total: checked.rows.length, valid: checked.rows.length - invalid, invalid },
    errors: errors.slice(0, options.errors ?? 200),
    errorCount: errors.length,
    fileErrors: checked.fileErrors,
    warnings: checked.warnings,
  };
}

/** Reads, validates and sums up an upload in one step. */
export async function previewTable<F extends string, T>(
  input: Buffer | Readable,
  spec: TableSpec<F, T>,
  options: ReadOptions & SummaryOptions = {},
): Promise<TablePreview<F>> {
  return summarise(await checkTable(input, spec, options), { rows: options.rows, errors: options.errors });
}
