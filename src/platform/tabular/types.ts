/** Shapes shared by the tabular reader, the header resolver and the validator (see docs/architecture.md). */

/** One data row of a CSV or a worksheet. */
export interface TableRow {
  /**
   * Where the row is in the file: for CSV the line the record starts on (a cell with line breaks inside spans several
   * lines; its first line is what a text editor shows), for XLSX the worksheet's row number.
   */
  line: number;
  /** Cell text by header, as written in the header row. */
  cells: Record<string, string>;
  /** What the reader found wrong with the row (a ragged row, an Excel error value), with the header it is under. */
  issues: RowIssue[];
}

export interface RowIssue {
  header?: string;
  message: string;
}

export type TableFormat = "csv" | "xlsx";

export interface Table {
  format: TableFormat;
  /** The text encoding a CSV was read in (utf-8, utf-16le, utf-16be, windows-1252); null for XLSX. */
  encoding: string | null;
  /** The worksheet read, for XLSX. */
  sheet: string | null;
  /** The header row's cells, trimmed, in order. */
  headers: string[];
  /** The line of the header row. */
  headerLine: number;
  /** Notes about how the file was read that a person should see (a legacy encoding, the sheet chosen). */
  notes: string[];
  /** Data rows after the header; blank rows are skipped. Throws TableError for a problem that stops reading. */
  rows: AsyncIterable<TableRow>;
}

export interface ReadOptions {
  /** The uploaded file's name: only used in messages and as a hint; the content decides the format. */
  filename?: string;
  contentType?: string;
  /** The worksheet to read (by name, case-insensitive); the workbook's first sheet when left out. */
  sheet?: string;
  /** Refuse files larger than this many bytes (default 20 MiB). */
  maxBytes?: number;
  /** Refuse files with more data rows than this (default 50,000). */
  maxRows?: number;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 50_000;

/** A problem with the whole file that stops reading it: not a CSV, an unclosed quote, too large, not UTF-8. */
export class TableError extends Error {
  readonly line: number | null;
  constructor(message: string, line: number | null = null) {
    super(line === null ? message : `Line ${line}: ${message}`);
    this.name = "TableError";
    this.line = line;
  }
}

export const formatCount = (n: number) => n.toLocaleString("en-US");
export const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(n / 1024)} KB`;
