/**
 * readTable: a CSV or XLSX upload as a header and rows of cell text by header. The content decides the format
 * (format.ts), CSV text is decoded as encoding.ts decides, and the same rules then apply to both: the first
 * non-blank row is the header, blank rows are skipped, a row with more (or, in a CSV, fewer) cells than the header
 * carries an issue, and reading stops with a TableError past the row limit.
 */
import type { Readable } from "node:stream";
import { csvRecords } from "./csv.ts";
import { decodeChunks, detectEncoding } from "./encoding.ts";
import { sniffFormat } from "./format.ts";
import { openSource, SAMPLE_BYTES } from "./source.ts";
import {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ROWS,
  formatCount,
  type ReadOptions,
  type RowIssue,
  type Table,
  TableError,
  type TableRow,
} from "./types.ts";
import { openSheet, type SheetRecord } from "./xlsx.ts";

type RawRecord = { line: number; fields: string[]; cellIssues?: SheetRecord["cellIssues"] };

const blank = (fields: string[]) => fields.every((f) => f.trim() === "");

/** A column letter as Excel shows it (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export async function readTable(input: Buffer | Readable, options: ReadOptions = {}): Promise<Table> {
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  const source = await openSource(input, options.maxBytes ?? DEFAULT_MAX_BYTES);
  let format: Table["format"];
  try {
    format = await sniffFormat(source.head);
  } catch (e) {
    source.close();
    throw e;
  }
  let records: AsyncGenerator<RawRecord>;
  let encoding: string | null = null;
  let sheet: string | null = null;
  const notes: string[] = [];
  if (format === "csv") {
    let detected: ReturnType<typeof detectEncoding>;
    try {
      detected = detectEncoding(source.head, source.head.length < SAMPLE_BYTES);
    } catch (e) {
      source.close();
      throw e;
    }
    encoding = detected.encoding;
    if (detected.note) notes.push(detected.note);
    records = csvRecords(decodeChunks(source.chunks(), detected));
  } else {
    const opened = await openSheet(source.chunks(), options.sheet);
    sheet = opened.name;
    records = opened.records;
  }

  // The header is the first row with any text.
  let header: RawRecord | undefined;
  try {
    for (let r = await records.next(); !r.done; r = await records.next())
      if (!blank(r.value.fields)) {
        header = r.value;
        break;
      }
  } catch (e) {
    await records.return(undefined);
    throw e;
  }
  if (!header) {
    await records.return(undefined);
    throw new TableError(format === "csv" ? "The file has no header row." : `The sheet “${sheet}” is empty.`);
  }
  const headers = header.fields.map((h) => h.trim());
  while (headers.length && headers.at(-1) === "") headers.pop();
  const strictWidth = format === "csv";

  async function* rows(): AsyncGenerator<TableRow> {
    let count = 0;
    try {
      for await (const rec of records) {
        if (blank(rec.fields)) continue;
        if (++count > maxRows)
          throw new TableError(
            `The file has more than ${formatCount(maxRows)} rows. Split it into files of at most ${formatCount(maxRows)} rows and import each.`,
          );
        yield toRow(rec, headers, header!.fields.length, strictWidth);
      }
    } finally {
      await records.return(undefined);
    }
  }

  return { format, encoding, sheet, headers, headerLine: header.line, notes, rows: rows() };
}

function toRow(rec: RawRecord, headers: string[], csvWidth: number, strictWidth: boolean): TableRow {
  // fromEntries defines own properties, so a header like "__proto__" stays a cell; the first of twin headers wins.
  const cells: Record<string, string> = Object.fromEntries(
    headers.map((h, i) => [h, rec.fields[i] ?? ""] as const).filter(([h], i) => h && headers.indexOf(h) === i),
  );
  const issues: RowIssue[] = [];
  const beyond = rec.fields.findIndex((f, i) => i >= headers.length && f.trim() !== "");
  if (strictWidth && rec.fields.length !== csvWidth && (beyond >= 0 || rec.fields.length < headers.length))
    issues.push({ message: `it has ${rec.fields.length} cells where the header has ${csvWidth}.` });
  else if (beyond >= 0)
    issues.push({ message: `column ${columnLetter(beyond)} has a value but no header; give the column a name.` });
  for (const c of rec.cellIssues ?? []) {
    const h = headers[c.index];
    issues.push(h ? { header: h, message: c.message } : { message: `column ${columnLetter(c.index)}: ${c.message}` });
  }
  return { line: rec.line, cells, issues };
}
