/**
 * Worksheet rows through exceljs's streaming WorkbookReader, so a large workbook is never held whole: row number =
 * line, the first sheet of the workbook unless one is named. Cells become the text a person sees: dates as
 * YYYY-MM-DD (with the time when there is one), numbers as text to Excel's 15 significant digits, formulas as their
 * saved result, rich text and links as their plain text, booleans as TRUE/FALSE.
 */
import { NOT_A_TABLE } from "./format.ts";
import { streamOf } from "./source.ts";
import { TableError } from "./types.ts";

export interface SheetRecord {
  line: number;
  fields: string[];
  /** Problems of single cells, by column index. */
  cellIssues: { index: number; message: string }[];
}

/** exceljs's own test for a date number format (its streaming reader applies it to values, not formula results). */
const isDateFormat = (fmt: string | undefined) =>
  !!fmt &&
  /[ymdhMsb]/.test(
    fmt
      .replace(/\[[^\]]*]/g, "")
      .replace(/"[^"]*"/g, "")
      .replace(/\\./g, ""),
  );

function isoDate(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** Excel stores 1900-based serial days; exceljs's reader turns styled ones into Dates (the wall-clock time in UTC). */
const serialToDate = (serial: number, date1904: boolean) =>
  new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));

type Cell = { value: unknown; numFmt?: string; model?: { result?: unknown } };
type Text = { text: string } | { problem: string };

function textOf(value: unknown, numFmt: string | undefined, date1904: boolean): Text {
  if (value === null || value === undefined) return { text: "" };
  if (typeof value === "string") return { text: value };
  if (typeof value === "boolean") return { text: value ? "TRUE" : "FALSE" };
  if (typeof value === "number") {
    if (Number.isNaN(value)) return { problem: "the formula's saved result is an Excel error (#N/A, #DIV/0!, …)" };
    if (isDateFormat(numFmt)) return { text: isoDate(serialToDate(value, date1904)) };
    return { text: String(Number(value.toPrecision(15))) };
  }
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? { problem: "the date is not valid" } : { text: isoDate(value) };
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return { text: (v.richText as { text?: string }[]).map((r) => r.text ?? "").join("") };
    if ("error" in v) return { problem: `the cell holds the Excel error ${String(v.error)}` };
    if ("formula" in v || "sharedFormula" in v) {
      if (v.result === undefined)
        return { problem: "the formula has no saved result (open the file in Excel, save it and upload it again)" };
      return textOf(v.result, numFmt, date1904);
    }
    if ("hyperlink" in v) return textOf(v.text, numFmt, date1904);
  }
  return { text: String(value) };
}

/** Cannot be read: a damaged or cut-off ZIP, or a ZIP that is not a workbook. */
const damaged = (why: string) =>
  new TableError(
    `The workbook cannot be read: it looks damaged or cut off (${why}). Open it in Excel, save it again and upload that.`,
  );

export interface SheetInfo {
  /** The sheet read. */
  name: string;
  records: AsyncGenerator<SheetRecord>;
}

/**
 * Opens the workbook and finds the sheet to read. exceljs emits worksheets in the order their parts sit in the ZIP,
 * which need not be the workbook's tab order, so "first" is taken from the workbook's own sheet list.
 */
export async function openSheet(chunks: AsyncIterable<Buffer>, wanted: string | undefined): Promise<SheetInfo> {
  // An error of the source (the size limit) would not reach the unzipper through its pipe and leave it waiting:
  // the stream ends there instead, and the error is what is reported.
  const failure: { error?: unknown } = {};
  // exceljs is large: loaded on the first workbook, not when the server starts.
  const { default: ExcelJS } = await import("exceljs");
  const input = streamOf(
    (async function* () {
      try {
        yield* chunks;
      } catch (e) {
        failure.error = e;
      }
    })(),
  );
  const fail = (e: unknown) => asTableError(failure.error ?? e);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  const book = reader as unknown as {
    model?: { sheets?: { name: string }[] };
    properties?: { model?: { date1904?: boolean } };
  };
  const sheets = (reader as unknown as AsyncIterable<AsyncIterable<unknown> & { name?: string }>)[
    Symbol.asyncIterator
  ]();
  const seen: string[] = [];
  try {
    for (;;) {
      const next = await sheets.next();
      if (next.done) break;
      const ws = next.value;
      const name = ws.name ?? `Sheet ${seen.length + 1}`;
      seen.push(name);
      const target = wanted ?? book.model?.sheets?.[0]?.name ?? name;
      if (name.toLowerCase() !== target.toLowerCase()) continue;
      const date1904 = !!book.properties?.model?.date1904;
      return { name, records: records(ws, date1904, fail, failure, () => input.destroy()) };
    }
  } catch (e) {
    input.destroy();
    throw fail(e);
  }
  input.destroy();
  if (failure.error) throw fail(null);
  if (!seen.length)
    throw new TableError(`${NOT_A_TABLE}: it is a ZIP archive without worksheets. Upload the .xlsx file itself.`);
  throw new TableError(`The workbook has no sheet named “${wanted}” (its sheets: ${seen.join(", ")}).`);
}

function asTableError(e: unknown): TableError {
  if (e instanceof TableError) return e;
  const message = (e as Error)?.message ?? String(e);
  return damaged(message.replace(/\s+/g, " ").slice(0, 120));
}

type StreamRow = { number: number; eachCell: (f: (cell: Cell, col: number) => void) => void };

async function* records(
  ws: AsyncIterable<unknown>,
  date1904: boolean,
  fail: (e: unknown) => TableError,
  failure: { error?: unknown },
  close: () => void,
): AsyncGenerator<SheetRecord> {
  try {
    for await (const row of ws as AsyncIterable<StreamRow>) {
      const fields: string[] = [];
      const cellIssues: SheetRecord["cellIssues"] = [];
      row.eachCell((cell, col) => {
        // exceljs reads an error result of a formula as NaN, which its value getter leaves out; its model keeps it.
        const v = cell.value as { formula?: unknown; result?: unknown } | null;
        const value = v?.formula !== undefined && v.result === undefined ? { ...v, result: cell.model?.result } : v;
        const t = textOf(value, cell.numFmt, date1904);
        while (fields.length < col - 1) fields.push("");
        fields[col - 1] = "text" in t ? t.text : "";
        if ("problem" in t) cellIssues.push({ index: col - 1, message: t.problem });
      });
      yield { line: row.number, fields, cellIssues };
    }
    if (failure.error) throw fail(null);
  } catch (e) {
    throw fail(e);
  } finally {
    close();
  }
}
