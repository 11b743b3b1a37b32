/**
 * Walks a JSON document read from a stream without ever holding it whole: stream-json's tokenizer turns text into
 * tokens, and this walker assembles only the values a caller asks for (by path) and skips the rest. Memory stays
 * proportional to the largest captured value, not to the file.
 *
 * Syntax errors are located by stream-json's verifier, which runs over the same text just ahead of the tokenizer:
 * the tokenizer itself reports no position.
 */
import type { Readable } from "node:stream";
import { jsonParser, type Token } from "stream-json/core/parser.js";
import { jsonVerifier, type VerifierError } from "stream-json/core/utils/verifier.js";
import { ReportError } from "./errors.ts";

export type PathPart = string | number;
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface WalkHandlers {
  /** Whether the value starting at `path` is wanted whole (it is then handed to `onValue` once complete). */
  capture(path: readonly PathPart[], kind: ValueKind): boolean;
  onValue(path: readonly PathPart[], value: JsonValue): void;
  /** Called when a container that was walked, not captured, closes (e.g. the end of one SARIF run). */
  onClose?(path: readonly PathPart[]): void;
  /** Called once, before the first value, with the kind of the root value. */
  onRoot?(kind: ValueKind): void;
}

export type ValueKind = "object" | "array" | "scalar";

export interface WalkOptions {
  /** Refuse the input past this many bytes. */
  maxBytes: number;
}

// stream-chain's marker for "end of input" is a registered symbol, so it needs no import of stream-chain itself.
const END = Symbol.for("object-stream.none") as unknown as string;

const SLICE = 1 << 16;

interface Frame {
  array: boolean;
  index: number;
}

type Container = JsonValue[] | Record<string, JsonValue>;

/** Assembles one captured value from tokens; the open container and its key are kept at hand, parents on a stack. */
class Assembler {
  private readonly parents: { c: Container; key: string }[] = [];
  private cur: Container | null = null;
  private curIsArray = false;
  private key = "";
  value: JsonValue = null;
  done = false;

  private put(v: JsonValue) {
    const cur = this.cur;
    if (cur === null) {
      this.value = v;
      this.done = true;
    } else if (this.curIsArray) (cur as JsonValue[]).push(v);
    else if (this.key === "__proto__")
      // Stays an own property, as JSON.parse makes it, never the object's prototype.
      Object.defineProperty(cur, this.key, { value: v, enumerable: true, writable: true, configurable: true });
    else (cur as Record<string, JsonValue>)[this.key] = v;
  }

  private open(c: Container, isArray: boolean) {
    this.put(c);
    this.done = false;
    if (this.cur !== null) this.parents.push({ c: this.cur, key: this.key });
    this.cur = c;
    this.curIsArray = isArray;
  }

  private close() {
    const parent = this.parents.pop();
    if (parent) {
      this.cur = parent.c;
      this.key = parent.key;
      this.curIsArray = Array.isArray(parent.c);
    } else {
      this.cur = null;
      this.done = true;
    }
  }

  token(t: Token) {
    switch (t.name) {
      case "startObject":
        return this.open({}, false);
      case "startArray":
        return this.open([], true);
      case "endObject":
      case "endArray":
        return this.close();
      case "keyValue":
        this.key = t.value;
        return;
      case "stringValue":
        return this.put(t.value);
      case "numberValue":
        return this.put(Number(t.value));
      case "nullValue":
        return this.put(null);
      case "trueValue":
        return this.put(true);
      case "falseValue":
        return this.put(false);
    }
  }
}

/**
 * Walks the JSON text of `input`, calling the handlers; yields after each chunk so the caller can hand on what the
 * handlers collected (and the next chunk is read only when the caller asks). Throws a located ReportError on bad
 * JSON.
 */
export async function* walkJson(input: Readable, handlers: WalkHandlers, options: WalkOptions): AsyncGenerator<void> {
  const tokenizer = jsonParser({ streamValues: false });
  const verifier = jsonVerifier();
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const frames: Frame[] = [];
  const path: PathPart[] = [];
  let asm: Assembler | null = null;
  let rootSeen = false;
  let bytes = 0;
  let first = true;

  const startValue = (kind: ValueKind): boolean => {
    if (!rootSeen) {
      rootSeen = true;
      handlers.onRoot?.(kind);
    }
    const top = frames[frames.length - 1];
    if (top?.array) path[path.length - 1] = top.index++;
    if (!handlers.capture(path, kind)) return false;
    asm = new Assembler();
    return true;
  };

  const finishCaptured = () => {
    if (asm?.done) {
      const value = asm.value;
      asm = null;
      handlers.onValue(path, value);
    }
  };

  const walk = (tokens: readonly Token[]) => {
    for (const t of tokens) {
      if (asm) {
        asm.token(t);
        finishCaptured();
        continue;
      }
      switch (t.name) {
        case "startObject":
        case "startArray":
          if (startValue(t.name === "startArray" ? "array" : "object")) asm!.token(t);
          else {
            frames.push({ array: t.name === "startArray", index: 0 });
            path.push(t.name === "startArray" ? 0 : "");
          }
          break;
        case "endObject":
        case "endArray":
          frames.pop();
          path.pop();
          handlers.onClose?.(path);
          break;
        case "keyValue":
          path[path.length - 1] = t.value;
          break;
        case "stringValue":
        case "numberValue":
        case "nullValue":
        case "trueValue":
        case "falseValue":
          if (startValue("scalar")) {
            asm!.token(t);
            finishCaptured();
          }
          break;
      }
    }
  };

  const feed = (text: string) => {
    try {
      verifier(text);
    } catch (e) {
      const v = e as VerifierError;
      const why = v.message.replace(/^ERROR at \d+ \(\d+, \d+\): /, "");
      throw new ReportError(
        "scanner_report_malformed_json",
        `The file is not valid JSON: ${why} at line ${v.line}, column ${v.pos} (character ${v.offset}).`,
        { line: v.line, column: v.pos, offset: v.offset },
      );
    }
    const out = tokenizer(text) as unknown as { values?: Token[] };
    if (out && Array.isArray(out.values)) walk(out.values);
  };

  for await (const chunk of input) {
    const buf: Buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    bytes += buf.length;
    if (bytes > options.maxBytes)
      throw new ReportError(
        "scanner_report_too_large",
        `The file is larger than the ${formatBytes(options.maxBytes)} limit for scanner reports: split the scan or raise the limit.`,
        { limitBytes: options.maxBytes },
      );
    let text: string;
    try {
      text = decoder.decode(buf, { stream: true });
    } catch {
      throw new ReportError(
        "scanner_report_encoding",
        `The file is not UTF-8 text (invalid bytes before byte ${bytes}).`,
      );
    }
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    // Slices of ~64K characters: the tokenizer keeps every token of a slice in one array, and
    // large slices (a multipart upload hands over megabytes at once) cost more than they save.
    for (let at = 0; at < text.length; at += SLICE) {
      feed(at === 0 && text.length <= SLICE ? text : text.slice(at, at + SLICE));
      yield;
    }
  }
  let rest: string;
  try {
    rest = decoder.decode();
  } catch {
    // The file ends inside a multi-byte character.
    throw new ReportError(
      "scanner_report_encoding",
      `The file is not UTF-8 text (it ends inside a character, byte ${bytes}).`,
    );
  }
  if (rest) feed(rest);
  if (!rootSeen)
    throw new ReportError("scanner_report_empty", "The file is empty: a scanner report is a JSON document.");
  feed(END);
  yield;
}

export const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MiB` : n >= 1024 ? `${Math.round(n / 1024)} KiB` : `${n} bytes`;
