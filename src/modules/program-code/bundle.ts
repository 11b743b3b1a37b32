import fs from "node:fs";
import path from "node:path";
import { Unzip, UnzipInflate, zipSync } from "fflate";
import { unstorableText } from "../../kernel/http/storable-text.ts";
import { AppError, badRequest } from "../../platform/errors.ts";
import { CONTROLS_DIR, PROGRAM_FILE, REMEDIATION_DIR } from "./formats.ts";

/**
 * A program folder as bytes: a zip (the API) or a directory (the CLI), always read under limits so that an
 * oversized upload, a zip bomb or a huge folder is refused early, without holding it all in memory.
 */

export interface Limits {
  /** Uncompressed bytes of all files together. */
  totalBytes: number;
  files: number;
  fileBytes: number;
}
export const LIMITS: Limits = { totalBytes: 20 * 1024 * 1024, files: 5000, fileBytes: 1024 * 1024 };

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
export const tooLarge = (what: string, limits: Limits = LIMITS) =>
  new AppError(
    413,
    "import_too_large",
    `${what}: a program folder may hold at most ${limits.files} files, ${mb(limits.fileBytes)} per file and ${mb(limits.totalBytes)} in all.`,
  );

const decoder = new TextDecoder("utf-8", { fatal: true });

/** UTF-8 text with LF line endings (a BOM is dropped); anything else is a bad file. */
export function decodeText(file: string, bytes: Uint8Array): string {
  let s: string;
  try {
    s = decoder.decode(bytes);
  } catch {
    throw badRequest("invalid_program_code", `${file}: not UTF-8 text.`);
  }
  const [unstorable] = unstorableText(s, file);
  if (unstorable) throw badRequest("invalid_program_code", `${file}: ${unstorable.message}.`);
  return s.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/** A safe relative path with `/` separators, or null for entries to skip (directories, hidden files). */
export function cleanPath(name: string): string | null {
  if (name.endsWith("/")) return null;
  if (name.includes("\\") || name.startsWith("/") || /^[A-Za-z]:/.test(name) || name.includes("\0"))
    throw badRequest("invalid_program_code", `${name}: not a relative path inside the folder.`);
  const parts = name.split("/");
  if (parts.some((p) => p === ".." || p === "." || p === ""))
    throw badRequest("invalid_program_code", `${name}: not a relative path inside the folder.`);
  if (parts.some((p) => p.startsWith(".")) || parts[0] === "__MACOSX") return null;
  return name;
}

/** When the zip holds one top folder with the program inside (`acme/program.yaml`), its contents. */
function unwrap(files: Map<string, string>): Map<string, string> {
  if (files.has(PROGRAM_FILE)) return files;
  const tops = new Set([...files.keys()].map((p) => p.split("/")[0]));
  const [top] = tops;
  if (tops.size !== 1 || !top || !files.has(`${top}/${PROGRAM_FILE}`)) return files;
  return new Map([...files].map(([p, t]) => [p.slice(top.length + 1), t]));
}

const CHUNK = 16 * 1024;

/** Reads a zip under the limits: entries are inflated chunk by chunk and counted as they come out. */
export function unzipBundle(data: Uint8Array, limits: Limits = LIMITS): Map<string, string> {
  const isZip = data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && (data[2] === 3 || data[2] === 5);
  if (!isZip) throw badRequest("invalid_program_code", "The upload is not a zip file.");
  const files = new Map<string, Uint8Array>();
  let failure: Error | null = null;
  let total = 0;
  let entries = 0;
  const open = new Set<string>();
  const unzip = new Unzip((file) => {
    if (failure) return;
    try {
      const name = cleanPath(file.name);
      if (name === null) return;
      if (++entries > limits.files) throw tooLarge(`The zip has more than ${limits.files} files`, limits);
      if (files.has(name) || open.has(name))
        throw badRequest("invalid_program_code", `${name}: appears twice in the zip.`);
      if ((file.originalSize ?? 0) > limits.fileBytes) throw tooLarge(`${name} is ${mb(file.originalSize!)}`, limits);
      const chunks: Uint8Array[] = [];
      let size = 0;
      open.add(name);
      file.ondata = (err, chunk, final) => {
        if (failure) return;
        if (err) {
          failure = badRequest("invalid_program_code", `${name}: cannot be unpacked (${err.message}).`);
          return;
        }
        size += chunk.length;
        total += chunk.length;
        if (size > limits.fileBytes) failure = tooLarge(`${name} unpacks to more than ${mb(limits.fileBytes)}`, limits);
        else if (total > limits.totalBytes)
          failure = tooLarge(`The zip unpacks to more than ${mb(limits.totalBytes)}`, limits);
        if (failure) {
          file.terminate();
          return;
        }
        chunks.push(chunk);
        if (final) {
          open.delete(name);
          files.set(name, Buffer.concat(chunks));
        }
      };
      file.start();
    } catch (err) {
      failure =
        err instanceof AppError ? err : badRequest("invalid_program_code", `${file.name}: ${(err as Error).message}.`);
    }
  });
  unzip.register(UnzipInflate);
  try {
    for (let i = 0; i < data.length && !failure; i += CHUNK)
      unzip.push(data.subarray(i, i + CHUNK), i + CHUNK >= data.length);
  } catch (err) {
    failure ??=
      err instanceof AppError
        ? err
        : badRequest("invalid_program_code", `The zip is damaged: ${(err as Error).message}.`);
  }
  if (failure) throw failure;
  if (open.size)
    throw badRequest("invalid_program_code", `The zip is truncated: ${[...open].join(", ")} is incomplete.`);
  return unwrap(new Map([...files].map(([name, bytes]) => [name, decodeText(name, bytes)])));
}

/** A zip of the files in path order with fixed timestamps: the same files give the same bytes. */
export function zipBundle(files: ReadonlyMap<string, string>): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const p of [...files.keys()].sort()) entries[p] = new TextEncoder().encode(files.get(p)!);
  return zipSync(entries, { level: 6, mtime: new Date(2000, 0, 1) });
}

/** Files given as JSON (`{ files: { path: text } }`), under the same limits and path rules. */
export function jsonBundle(files: Record<string, string>, limits: Limits = LIMITS): Map<string, string> {
  const out = new Map<string, string>();
  const names = Object.keys(files);
  if (names.length > limits.files) throw tooLarge(`The upload has ${names.length} files`, limits);
  let total = 0;
  for (const name of names) {
    const clean = cleanPath(name);
    if (clean === null) continue;
    const size = Buffer.byteLength(files[name]!);
    total += size;
    if (size > limits.fileBytes) throw tooLarge(`${name} is ${mb(size)}`, limits);
    if (total > limits.totalBytes) throw tooLarge(`The files add up to more than ${mb(limits.totalBytes)}`, limits);
    out.set(clean, files[name]!.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n"));
  }
  return unwrap(out);
}

/**
 * Reads a program folder from disk: sizes are checked with stat before any file is read, hidden entries (.git)
 * are skipped, symbolic links are refused.
 */
export function readBundleDir(dir: string, limits: Limits = LIMITS): Map<string, string> {
  const root = path.resolve(dir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory())
    throw badRequest("invalid_program_code", `${dir} is not a folder.`);
  const found: { rel: string; size: number }[] = [];
  let total = 0;
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink())
        throw badRequest("invalid_program_code", `${child} is a symbolic link: copy the file into the folder instead.`);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) {
        const size = fs.statSync(path.join(root, child)).size;
        total += size;
        if (found.length + 1 > limits.files) throw tooLarge(`${dir} has more than ${limits.files} files`, limits);
        if (size > limits.fileBytes) throw tooLarge(`${child} is ${mb(size)}`, limits);
        if (total > limits.totalBytes) throw tooLarge(`${dir} holds more than ${mb(limits.totalBytes)}`, limits);
        found.push({ rel: child, size });
      }
    }
  };
  walk("");
  return new Map(found.map((f) => [f.rel, decodeText(f.rel, fs.readFileSync(path.join(root, f.rel)))]));
}

/**
 * Writes the files into `dir` (created if needed) and removes Markdown files of controls/ and remediation/ that
 * the export no longer has, so the folder mirrors the program; other files (README, .git) are left alone.
 */
export function writeBundleDir(
  dir: string,
  files: ReadonlyMap<string, string>,
): { written: number; removed: string[] } {
  const root = path.resolve(dir);
  const removed: string[] = [];
  for (const sub of [CONTROLS_DIR, REMEDIATION_DIR]) {
    const folder = path.join(root, sub);
    if (!fs.existsSync(folder)) continue;
    for (const name of fs.readdirSync(folder))
      if (name.endsWith(".md") && !files.has(`${sub}/${name}`)) {
        fs.rmSync(path.join(folder, name));
        removed.push(`${sub}/${name}`);
      }
  }
  for (const [rel, content] of files) {
    const target = path.join(root, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  return { written: files.size, removed: removed.sort() };
}
