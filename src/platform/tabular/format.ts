/**
 * Which reader a file needs, from its first bytes: an XLSX workbook is a ZIP archive (`PK\x03\x04`); anything
 * file-type recognises as a binary format (an image, a PDF, an old .xls) is refused by name; the rest is read as CSV.
 * The name and the browser's content type are only used to word the refusal.
 */
import { fileTypeFromBuffer } from "file-type";
import { TableError, type TableFormat } from "./types.ts";

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** The compound file of Office 97–2003 (.xls, .doc). */
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export const NOT_A_TABLE = "This file is not a CSV or an XLSX workbook";

export async function sniffFormat(head: Buffer): Promise<TableFormat> {
  if (head.length === 0) throw new TableError("The file is empty.");
  if (head.subarray(0, 4).equals(ZIP)) return "xlsx";
  // Text with a byte-order mark; file-type would take UTF-16's FF FE for an MPEG audio frame.
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "csv";
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return "csv";
  if (head.subarray(0, 8).equals(CFB))
    throw new TableError(
      `${NOT_A_TABLE}: it is an Excel 97–2003 (.xls) file or another old Office document. Save it as .xlsx or CSV and upload that.`,
    );
  const type = await fileTypeFromBuffer(head).catch(() => undefined);
  // file-type names a few text formats too (XML, SVG); those are still not tables.
  if (type) throw new TableError(`${NOT_A_TABLE} (its content is ${describe(type.mime, type.ext)}).`);
  return "csv";
}

const describe = (mime: string, ext: string) => {
  if (mime.startsWith("image/")) return `a ${ext.toUpperCase()} image`;
  if (mime === "application/pdf") return "a PDF document";
  if (mime.includes("zip") || ["gz", "7z", "rar", "tar", "bz2", "xz"].includes(ext)) return "a compressed archive";
  return `a .${ext} file`;
};
