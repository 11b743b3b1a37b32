/**
 * Rows checked against a zod schema: each row becomes an object of field → cell text (trimmed; an empty cell is
 * left out, so `.optional()` means "may be blank"), parsed by the schema, and either its value or its errors with
 * the line and the column's name. A NUL character is an error in a column that is read: PostgreSQL text cannot hold it.
 */
import type { z } from "zod";
import { type Aliases, type Columns, fieldLabel, type Required, resolveColumns } from "./headers.ts";
import type { Table } from "./types.ts";

export interface RowError {
  line: number;
  /** The column's header as the file writes it (the field's first spelling when the file has no such column). */
  column?: string;
  /** The whole sentence, line and column included: "Line 7, start date: '31/02/2024' is not a date (use YYYY-MM-DD)." */
  message: string;
}

export type RowResult<T> =
  | { line: number; cells: Record<string, string>; value: T; errors: RowError[] }
  | { line: number; cells: Record<string, string>; value?: undefined; errors: RowError[] };

/** What a module declares about one kind of row. */
export interface TableSpec<F extends string, T> {
  aliases: Aliases<F>;
  required?: readonly Required<F>[];
  /** Parses `{ field: text }` (blank cells absent) into the row's value; refinements may name a field in `path`. */
  schema: z.ZodType<T, Partial<Record<F, string>>>;
  /**
   * Whether the importer keeps the columns that are not fields (as extra attributes): then their cells must be
   * storable too. Otherwise an Excel error or a NUL in a column nobody reads is no reason to refuse the row.
   */
  keepOtherColumns?: boolean;
}

export const rowError = (line: number, message: string, column?: string): RowError => ({
  line,
  ...(column ? { column } : {}),
  message: `Line ${line}${column ? `, ${column}` : ""}: ${message}`,
});

const NUL = "\u0000";

export function validateRows<F extends string, T>(
  table: Pick<Table, "headers" | "rows">,
  spec: TableSpec<F, T>,
): { columns: Columns<F>; results: AsyncGenerator<RowResult<T>> } {
  const columns = resolveColumns(table.headers, spec.aliases, spec.required);
  const fieldOf = new Map(columns.columns.filter((c) => c.field).map((c) => [c.header, c.field as F]));
  // Messages name columns as the file does: "Line 7, Hire Date: …" is what the person finds in their spreadsheet.
  const fieldName = (field: F) => columns.byField[field] ?? fieldLabel(spec.aliases, field);
  async function* results(): AsyncGenerator<RowResult<T>> {
    if (columns.fileErrors.length) return;
    for await (const row of table.rows) {
      const read = (header: string) => spec.keepOtherColumns || fieldOf.has(header);
      const errors: RowError[] = row.issues
        .filter((i) => i.header === undefined || read(i.header))
        .map((i) => rowError(row.line, i.message, i.header));
      for (const [header, text] of Object.entries(row.cells))
        if (read(header) && text.includes(NUL))
          errors.push(
            rowError(
              row.line,
              "the cell contains a NUL character (\\0), which cannot be stored. Remove it and upload the file again.",
              header,
            ),
          );
      const input: Partial<Record<F, string>> = {};
      for (const [field, header] of Object.entries(columns.byField) as [F, string][]) {
        const v = (row.cells[header] ?? "").trim();
        if (v) input[field] = v;
      }
      const parsed = errors.length ? null : spec.schema.safeParse(input);
      if (parsed && !parsed.success)
        for (const issue of parsed.error.issues) {
          const field = issue.path[0] as F | undefined;
          const column = field !== undefined && field in spec.aliases ? fieldName(field) : undefined;
          const missing = issue.code === "invalid_type" && field !== undefined && input[field] === undefined;
          errors.push(rowError(row.line, missing ? "is empty." : issue.message, column));
        }
      if (parsed?.success) yield { line: row.line, cells: row.cells, value: parsed.data, errors: [] };
      else yield { line: row.line, cells: row.cells, errors };
    }
  }
  return { columns, results: results() };
}
