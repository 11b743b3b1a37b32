/**
 * Rows checked against a zod schema: each row becomes an object of field → cell text (trimmed; an empty cell is
 * left out, so `.optional()` means "may be blank"), parsed by the schema, and either its value or its errors with
 * the line and the column's name. A NUL character is an error in any column: PostgreSQL text cannot hold it.
 */
import type { z } from "zod";
import { type Aliases, type Columns, fieldLabel, type Required, resolveColumns } from "./headers.ts";
import type { Table } from "./types.ts";

export interface RowError {
  line: number;
  /** The column's name (the field's first spelling, or the header as written). */
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
  const nameOf = (header: string) => {
    const f = fieldOf.get(header);
    return f ? fieldLabel(spec.aliases, f) : header;
  };
  async function* results(): AsyncGenerator<RowResult<T>> {
    if (columns.fileErrors.length) return;
    for await (const row of table.rows) {
      const errors: RowError[] = row.issues.map((i) =>
        rowError(row.line, i.message, i.header === undefined ? undefined : nameOf(i.header)),
      );
      for (const [header, text] of Object.entries(row.cells))
        if (text.includes(NUL))
          errors.push(
            rowError(
              row.line,
              "the cell contains a NUL character (\\0), which cannot be stored. Remove it and upload the file again.",
              nameOf(header),
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
          const column = field !== undefined && field in spec.aliases ? fieldLabel(spec.aliases, field) : undefined;
          const missing = issue.code === "invalid_type" && field !== undefined && input[field] === undefined;
          errors.push(rowError(row.line, missing ? "is empty." : issue.message, column));
        }
      if (parsed?.success) yield { line: row.line, cells: row.cells, value: parsed.data, errors: [] };
      else yield { line: row.line, cells: row.cells, errors };
    }
  }
  return { columns, results: results() };
}
