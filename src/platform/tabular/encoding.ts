/**
 * The text encoding of a CSV. A byte-order mark decides first (UTF-8, UTF-16LE, UTF-16BE); then a sample that is
 * valid UTF-8 is UTF-8; UTF-16 without a mark shows as NUL bytes in every other position; anything else is a legacy
 * 8-bit file, read as Windows-1252 (the superset of ISO-8859-1 that Excel writes in Western locales) when chardet
 * sees a Western encoding, and refused otherwise. Decoding never replaces a bad byte with U+FFFD: UTF-8 is decoded
 * strictly and stops with the line where it goes wrong.
 */
import chardet from "chardet";
import iconv from "iconv-lite";
import { TableError } from "./types.ts";

export type TextEncoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export interface Detected {
  encoding: TextEncoding;
  /** Bytes of the byte-order mark to skip. */
  bom: number;
  /** Said to the person when the encoding was guessed rather than known. */
  note: string | null;
}

const WESTERN = new Set(["windows-1252", "ISO-8859-1", "ISO-8859-15"]);

/** True when `sample` is UTF-8, allowing a character cut off at its end. */
function isUtf8(sample: Buffer, complete: boolean): boolean {
  try {
    const d = new TextDecoder("utf-8", { fatal: true });
    if (complete) d.decode(sample);
    else d.decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** UTF-16 without a BOM: most code units of a table's text are ASCII, so one byte of each pair is NUL. */
function utf16Without(sample: Buffer): TextEncoding | null {
  const pairs = Math.floor(Math.min(sample.length, 4096) / 2);
  if (pairs < 2) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  if (oddNul > pairs * 0.6 && evenNul < pairs * 0.1) return "utf-16le";
  if (evenNul > pairs * 0.6 && oddNul < pairs * 0.1) return "utf-16be";
  return null;
}

export function detectEncoding(sample: Buffer, complete: boolean): Detected {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: "utf-8", bom: 3, note: null };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: "utf-16le", bom: 2, note: null };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: "utf-16be", bom: 2, note: null };
  const utf16 = utf16Without(sample);
  if (utf16) return { encoding: utf16, bom: 0, note: null };
  if (isUtf8(sample, complete)) return { encoding: "utf-8", bom: 0, note: null };
  const guesses = chardet.analyse(sample);
  if (guesses.some((g) => WESTERN.has(g.name)))
    return {
      encoding: "windows-1252",
      bom: 0,
      note: "The file is not UTF-8; it was read as Windows-1252 (Western European). If accented letters look wrong in the preview, save it as “CSV UTF-8” and upload that.",
    };
  const top = guesses[0]?.name;
  throw new TableError(
    `The file is not UTF-8${top ? ` (it looks like ${top})` : ""}. Save it as “CSV UTF-8” in your spreadsheet program and upload that.`,
  );
}

/**
 * Decodes a stream of chunks. UTF-8 goes through a fatal TextDecoder, so an invalid byte stops with its line
 * (counted in the text decoded so far) rather than turning into U+FFFD.
 */
export async function* decodeChunks(chunks: AsyncIterable<Buffer>, detected: Detected): AsyncGenerator<string> {
  let skip = detected.bom;
  const strip = (chunk: Buffer) => {
    if (!skip) return chunk;
    const n = Math.min(skip, chunk.length);
    skip -= n;
    return chunk.subarray(n);
  };
  if (detected.encoding === "utf-8") {
    const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
    let lines = 1;
    const fail = (chunk?: Buffer): never => {
      // The bad byte's line: the text of this chunk up to the first character a lenient decoder had to replace.
      if (chunk) {
        const lenient = new TextDecoder("utf-8").decode(chunk);
        const bad = lenient.indexOf("\uFFFD");
        for (let i = lenient.indexOf("\n"); i >= 0 && i < bad; i = lenient.indexOf("\n", i + 1)) lines++;
      }
      throw new TableError(
        `Line ${lines} is not valid UTF-8 (the file mixes text encodings). Save it as “CSV UTF-8” in your spreadsheet program and upload that.`,
      );
    };
    for await (const chunk of chunks) {
      let text: string;
      const bytes = strip(chunk);
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        return fail(bytes);
      }
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines++;
      yield text;
    }
    try {
      yield decoder.decode();
    } catch {
      fail();
    }
    return;
  }
  // iconv-lite's UTF-16 and Windows-1252 decoders have no invalid input to hide (every byte or pair maps); an odd
  // trailing byte of UTF-16 is the only loss and is reported as a truncated file.
  const decoder = iconv.getDecoder(detected.encoding === "windows-1252" ? "win1252" : detected.encoding);
  let total = 0;
  for await (const chunk of chunks) {
    const bytes = strip(chunk);
    total += bytes.length;
    yield decoder.write(bytes);
  }
  if (detected.encoding !== "windows-1252" && total % 2)
    throw new TableError("The file ends in the middle of a character (it looks cut off). Export it again.");
  yield decoder.end() ?? "";
}
