/**
 * A small RFC 4180 reader: commas, double-quoted fields (with "" for a quote and line breaks inside), CRLF or
 * LF. Each record carries the line number it starts on, so errors can point at the row a person sees in their
 * spreadsheet export.
 */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a BOM from spreadsheet exports
  let line = 1;
  let i = 0;
  while (i < src.length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = "";
      if (src[i] === '"') {
        const quoteLine = line;
        i++;
        for (;;) {
          if (i >= src.length) throw new CsvSyntaxError(quoteLine, 'a quoted field is never closed (missing ")');
          const c = src[i]!;
          if (c === '"') {
            if (src[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === "\n") line++;
          value += c;
          i++;
        }
        if (i < src.length && src[i] !== "," && src[i] !== "\n" && src[i] !== "\r")
          throw new CsvSyntaxError(line, "text after a closing quote (quote the whole field, and double inner quotes)");
      } else {
        while (i < src.length && src[i] !== "," && src[i] !== "\n" && src[i] !== "\r") value += src[i++];
      }
      fields.push(value);
      if (src[i] === ",") {
        i++;
        continue;
      }
      break;
    }
    if (src[i] === "\r") i++;
    if (src[i] === "\n") {
      i++;
      line++;
    }
    // Blank lines are skipped (a trailing newline, spacing between blocks).
    if (!(fields.length === 1 && fields[0]!.trim() === "")) records.push({ line: start, fields });
  }
  return records;
}
