/** CSV (RFC 4180) with spreadsheet formula injection defused. */

const NEEDS_QUOTES = /[",\r\n]/;
/**
 * Cells a spreadsheet would evaluate as a formula: = + - @ and tab / carriage return prefixes (OWASP), quoted with a
 * leading '. A cell that already starts with ' gets one too, so a reader takes exactly one off (ledger/offline.ts).
 */
const FORMULA_START = /^[=+\-@\t\r']/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === "string" && FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvLine = (cells: readonly unknown[]) => `${cells.map(csvCell).join(",")}\r\n`;

/** A CSV column: its header and how a row fills it. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => unknown;
}

/** A whole CSV document: the header row, then one line per row. */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: Iterable<T>): string {
  let out = csvLine(columns.map((c) => c.header));
  for (const row of rows) out += csvLine(columns.map((c) => c.value(row)));
  return out;
}
