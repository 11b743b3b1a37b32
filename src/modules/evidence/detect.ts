import { fileTypeFromBuffer } from "file-type";
import { AppError } from "../../platform/errors.ts";

/**
 * What a file is, decided from its first bytes (never from its name or the type the browser claimed), and how it
 * may be served: refused (programs), inline (safe to preview: images, PDF, plain text), or only as an attachment.
 */
export interface Detected {
  mimeType: string;
  /** The usual file extension of the type, for download names. */
  ext: string;
}

/** Programs and installers: refused outright, with what they are. */
const REFUSED: Record<string, string> = {
  "application/x-msdownload": "a Windows program or library",
  "application/x-elf": "a Linux program or library",
  "application/x-mach-binary": "a macOS program or library",
  "application/java-vm": "a compiled Java class",
  "application/wasm": "a WebAssembly program",
  "application/x.ms.shortcut": "a Windows shortcut",
  "application/x-shockwave-flash": "a Flash program",
  "application/vnd.android.package-archive": "an Android app",
  "application/x-google-chrome-extension": "a browser extension",
  "application/x-xpinstall": "a browser extension",
  "application/x-deb": "a software package",
  "application/x-rpm": "a software package",
  "application/x-apple-diskimage": "a macOS disk image",
  "application/x-ms-regedit": "a Windows registry file",
};

/** Types a browser may show in place (with nosniff and a sandboxing CSP); everything else downloads. */
const INLINE = new Set([
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "image/avif",
  "image/bmp",
  "application/pdf",
  "text/plain",
  "text/csv",
  "application/json",
]);

export const isPreviewable = (mimeType: string) => INLINE.has(mimeType);

const TEXT_TYPES = new Set([
  "text/plain",
  "text/csv",
  "application/json",
  "text/html",
  "image/svg+xml",
  "application/xml",
]);
/** The Content-Type a download is sent with. */
export const contentTypeHeader = (mimeType: string) =>
  TEXT_TYPES.has(mimeType) || mimeType.startsWith("text/") ? `${mimeType}; charset=utf-8` : mimeType;

function decodeText(head: Buffer, complete: boolean): string | null {
  if (head.includes(0)) return null;
  // A sample cut mid-character: drop up to 3 trailing bytes of an incomplete UTF-8 sequence.
  for (let cut = 0; cut <= (complete ? 0 : 3); cut++) {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(head.subarray(0, head.length - cut));
    } catch {
      /* try shorter */
    }
  }
  return null;
}

function looksLikeCsv(text: string): boolean {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines.length < 2) return false;
  const sample = lines.slice(0, Math.min(lines.length - 1, 20)); // the last line of a sample may be cut
  for (const sep of [",", ";", "\t"]) {
    const counts = sample.map((l) => l.split(sep).length - 1);
    if (counts[0]! >= 1 && counts.every((c) => c === counts[0])) return true;
  }
  return false;
}

function textType(text: string, complete: boolean): Detected {
  const t = text.replace(/^\uFEFF/, "").trimStart();
  const lower = t.slice(0, 4096).toLowerCase();
  if (/^<!doctype html|^<html[\s>]|^<head[\s>]|^<body[\s>]/.test(lower)) return { mimeType: "text/html", ext: "html" };
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/.test(lower))
    return { mimeType: "image/svg+xml", ext: "svg" };
  if (lower.startsWith("<?xml")) return { mimeType: "application/xml", ext: "xml" };
  // A fragment with scripts is HTML to a browser: never let it pass as previewable text.
  if (/<script[\s>]|<iframe[\s>]/.test(lower)) return { mimeType: "text/html", ext: "html" };
  if (t.startsWith("{") || t.startsWith("[")) {
    if (!complete) return { mimeType: "application/json", ext: "json" };
    try {
      JSON.parse(t);
      return { mimeType: "application/json", ext: "json" };
    } catch {
      /* not JSON after all */
    }
  }
  if (looksLikeCsv(t)) return { mimeType: "text/csv", ext: "csv" };
  return { mimeType: "text/plain", ext: "txt" };
}

/** Detects the type of content from its first bytes (`complete`: the sample is the whole content). */
export async function detectType(head: Buffer, complete: boolean): Promise<Detected> {
  const found = await fileTypeFromBuffer(head);
  if (found && found.mime !== "application/xml") return { mimeType: found.mime, ext: found.ext };
  const text = decodeText(head, complete);
  if (text === null)
    return found ? { mimeType: found.mime, ext: found.ext } : { mimeType: "application/octet-stream", ext: "bin" };
  return textType(text, complete);
}

/** Throws 415 for types Assay does not store (programs and installers), naming the file and what it is. */
export function refuseDangerous(d: Detected, fileName: string) {
  const what = REFUSED[d.mimeType];
  if (what)
    throw new AppError(
      415,
      "file_type_refused",
      `“${fileName}” is ${what} (${d.mimeType}). Programs are not accepted as evidence: upload a screenshot, an export or a report instead.`,
      { mimeType: d.mimeType },
    );
}

/** What a file name's extension promises: a family of formats with the same magic bytes, and its name for people. */
const NAMED: Record<string, { family: string; what: string }> = {
  pdf: { family: "pdf", what: "a PDF document" },
  png: { family: "png", what: "a PNG image" },
  jpg: { family: "jpg", what: "a JPEG image" },
  jpeg: { family: "jpg", what: "a JPEG image" },
  jpe: { family: "jpg", what: "a JPEG image" },
  gif: { family: "gif", what: "a GIF image" },
  webp: { family: "webp", what: "a WebP image" },
  bmp: { family: "bmp", what: "a BMP image" },
  tif: { family: "tif", what: "a TIFF image" },
  tiff: { family: "tif", what: "a TIFF image" },
  // Office documents are ZIP (or, before 2007, compound) files: detection may see only the container.
  zip: { family: "zip", what: "a ZIP archive" },
  docx: { family: "zip", what: "a Word document" },
  xlsx: { family: "zip", what: "an Excel workbook" },
  pptx: { family: "zip", what: "a PowerPoint presentation" },
  odt: { family: "zip", what: "an OpenDocument text" },
  ods: { family: "zip", what: "an OpenDocument spreadsheet" },
  odp: { family: "zip", what: "an OpenDocument presentation" },
  doc: { family: "cfb", what: "a Word document" },
  xls: { family: "cfb", what: "an Excel workbook" },
  ppt: { family: "cfb", what: "a PowerPoint presentation" },
  msg: { family: "cfb", what: "an Outlook message" },
  gz: { family: "gz", what: "a gzip archive" },
  tgz: { family: "gz", what: "a gzip archive" },
};
/** Text of any kind: its exact kind is a guess (a one-line CSV reads as plain text), so texts never contradict. */
const TEXT_NAMES = new Set("txt text log md csv tsv json xml yaml yml toml ini conf cfg html htm svg".split(" "));
/** Detected extensions that belong to a family of NAMED under another extension. */
const DETECTED_FAMILY: Record<string, string> = { apng: "png", ai: "pdf", docx: "zip", xlsx: "zip", pptx: "zip" };

/** What detected content is, for people. */
function describe(d: Detected): string {
  const named = NAMED[d.ext];
  if (named) return named.what;
  const text: Record<string, string> = {
    "text/plain": "plain text",
    "text/csv": "a CSV table",
    "application/json": "JSON",
    "text/html": "an HTML page",
    "image/svg+xml": "an SVG image",
    "application/xml": "XML",
  };
  if (text[d.mimeType]) return text[d.mimeType]!;
  if (d.mimeType === "application/octet-stream") return "binary data of no type Assay recognizes";
  return `a ${d.ext.toUpperCase()} file`;
}

/**
 * Throws 415 when the content contradicts the name's extension (a PNG named `.pdf`): whoever opens `report.pdf`
 * expects a PDF. Only extensions whose formats have reliable magic bytes are held to it; unknown extensions and
 * text that is not UTF-8 (detected as binary) pass.
 */
export function refuseMismatch(d: Detected, fileName: string) {
  const dot = fileName.lastIndexOf(".");
  const ext = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
  const isText = TEXT_TYPES.has(d.mimeType) || d.mimeType.startsWith("text/");
  const family = DETECTED_FAMILY[d.ext] ?? NAMED[d.ext]?.family ?? d.ext;
  let says: string;
  if (TEXT_NAMES.has(ext)) {
    if (isText || d.mimeType === "application/octet-stream") return;
    says = "text";
  } else if (NAMED[ext]) {
    if (family === NAMED[ext].family) return;
    says = NAMED[ext].what;
  } else return;
  throw new AppError(
    415,
    "file_type_mismatch",
    `“${fileName}” is ${describe(d)} (${d.mimeType}), but its name says ${says} (.${ext}). Nothing was stored: choose the file you meant, or rename it to match its content${d.mimeType === "application/octet-stream" ? "" : ` (.${d.ext})`}.`,
    { mimeType: d.mimeType, extension: ext },
  );
}

/**
 * The name a download is saved under: the uploaded name when its extension fits the detected type, else with the
 * type's extension added (so `notes.bat` holding plain text downloads as `notes.bat.txt`, never as a script).
 */
export function downloadName(fileName: string | null, d: Detected, fallback = "evidence"): string {
  const clean =
    stripControl(fileName ?? "")
      .replace(/[/\\]/g, "_")
      .trim() || fallback;
  const ext = clean.includes(".") ? clean.slice(clean.lastIndexOf(".") + 1).toLowerCase() : "";
  const fits = ext === d.ext || (EXT_ALIASES[d.ext] ?? []).includes(ext);
  return fits ? clean : `${clean}.${d.ext}`;
}

const EXT_ALIASES: Record<string, string[]> = {
  jpg: ["jpeg", "jpe"],
  txt: ["text", "log", "md", "conf", "cfg", "ini", "yaml", "yml", "toml"],
  tif: ["tiff"],
  html: ["htm"],
  xml: ["xsd", "xsl"],
};

/** Removes control characters (file names come from clients). */
export const stripControl = (s: string) =>
  [...s].filter((c) => c.charCodeAt(0) >= 32 && c.charCodeAt(0) !== 127).join("");

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
