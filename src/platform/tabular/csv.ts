/**
 * CSV records through csv-parse's streaming parser, each with the line it starts on. Line endings are made "\n"
 * first (csv-parse miscounts CRLF inside quoted cells), which also leaves cells with plain "\n" line breaks. The
 * delimiter is the one of `,` `;` and tab that the first line uses most (Excel writes `;` in many locales).
 */
import { Readable } from "node:stream";
import { type CsvError, parse } from "csv-parse";
import { TableError } from "./types.ts";

export interface CsvRecord {
  line: number;
  fields: string[];
}

/** "\r\n" and a lone "\r" become "\n", also when a chunk ends between the two. */
async function* unixLines(text: AsyncIterable<string>): AsyncGenerator<string> {
  let pendingCr = false;
  for await (let s of text) {
    if (!s) continue;
    if (pendingCr) s = `\r${s}`;
    pendingCr = s.endsWith("\r");
    if (pendingCr) s = s.slice(0, -1);
    yield s.replace(/\r\n?/g, "\n");
  }
  if (pendingCr) yield "\n";
}

export function sniffDelimiter(firstText: string): string {
  const counts = new Map([
    [",", 0],
    [";", 0],
    ["\t", 0],
  ]);
  let quoted = false;
  for (const c of firstText) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "\n" || c === "\r")) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ",";
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

/** csv-parse's errors in words, with the line they are on. */
function syntaxError(e: CsvError & { lines?: number }): TableError {
  const line = e.lines ?? null;
  switch (e.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return new TableError('a quoted cell is never closed (a closing " is missing).', line);
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return new TableError(
        'there is text after the closing quote of a cell. Quote the whole cell and double the quotes inside it ("").',
        line,
      );
    case "CSV_MAX_RECORD_SIZE":
      return new TableError("a row is longer than 1 MB; the file is probably not a CSV.", line);
    default:
      return new TableError(`the file cannot be read as CSV (${e.message.replace(/ at line \d+.*$/, "")}).`, line);
  }
}

export async function* csvRecords(text: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  const normal = unixLines(text);
  const first = await normal.next();
  if (first.done) return;
  const parser = parse({
    delimiter: sniffDelimiter(first.value),
    info: true,
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: 1024 * 1024,
  });
  const source = Readable.from(
    (async function* () {
      yield first.value;
      yield* normal;
    })(),
  );
  source.on("error", (e) => parser.destroy(e));
  source.pipe(parser);
  try {
    for await (const r of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
      // info.lines is the line the record ends on; its raw text (after the empty lines skipped before it) says
      // how many line breaks it spans.
      const body = r.raw.replace(/^\n+/, "").replace(/\n$/, "");
      let breaks = 0;
      for (let i = body.indexOf("\n"); i >= 0; i = body.indexOf("\n", i + 1)) breaks++;
      yield { line: r.info.lines - breaks, fields: r.record };
    }
  } catch (e) {
    if (e instanceof TableError) throw e;
    if ((e as CsvError).code?.startsWith("CSV_")) throw syntaxError(e as CsvError);
    throw e;
  } finally {
    source.destroy();
    parser.destroy();
  }
}
