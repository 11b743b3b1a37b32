/**
 * The bytes of an upload, as a buffer or a stream: the first bytes up front (to tell the format and the encoding), then
 * every chunk in order, with the size limit enforced as bytes arrive so an oversized upload is never read whole.
 */
import { Readable } from "node:stream";
import { formatBytes, TableError } from "./types.ts";

/** How much is looked at to tell the format and the encoding. */
export const SAMPLE_BYTES = 64 * 1024;

export interface Source {
  /** Up to SAMPLE_BYTES from the start (less only when the file is shorter). */
  head: Buffer;
  /** All the bytes, head included, as chunks. Throws TableError once more than maxBytes have arrived. */
  chunks: () => AsyncGenerator<Buffer>;
  /**
   * Lets the rest of the input run out unread (when a reader gives up early). Drained rather than destroyed: an
   * upload's file stream belongs to a multipart form that must still reach its end.
   */
  close: () => void;
}

const tooLarge = (maxBytes: number) =>
  new TableError(`The file is larger than ${formatBytes(maxBytes)}. Split it into smaller files and import each.`);

export async function openSource(input: Buffer | Readable, maxBytes: number): Promise<Source> {
  if (Buffer.isBuffer(input)) {
    if (input.length > maxBytes) throw tooLarge(maxBytes);
    return {
      head: input.subarray(0, SAMPLE_BYTES),
      chunks: async function* () {
        yield input;
      },
      close: () => {},
    };
  }
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const next = async () => {
    const r = await it.next();
    return r.done ? null : typeof r.value === "string" ? Buffer.from(r.value) : r.value;
  };
  const early: Buffer[] = [];
  let seen = 0;
  let ended = false;
  while (seen < SAMPLE_BYTES) {
    const chunk = await next();
    if (!chunk) {
      ended = true;
      break;
    }
    early.push(chunk);
    seen += chunk.length;
    if (seen > maxBytes) {
      input.resume();
      throw tooLarge(maxBytes);
    }
  }
  const head = Buffer.concat(early).subarray(0, SAMPLE_BYTES);
  return {
    head,
    chunks: async function* () {
      yield* early;
      if (ended) return;
      let total = seen;
      for (let chunk = await next(); chunk; chunk = await next()) {
        total += chunk.length;
        if (total > maxBytes) {
          input.resume();
          throw tooLarge(maxBytes);
        }
        yield chunk;
      }
    },
    close: () => input.resume(),
  };
}

/** The chunks as a Node stream, for libraries that take one (exceljs). */
export const streamOf = (chunks: AsyncIterable<Buffer>) => Readable.from(chunks, { objectMode: false });
