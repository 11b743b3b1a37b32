import { Readable } from "node:stream";

/**
 * Reads the first chunk of a stream before anything is sent, so a failure at the start (a damaged blob, a missing
 * key) still becomes a problem+json answer instead of a broken download. Returns a stream of the same bytes.
 */
export async function primed(source: Readable): Promise<Readable> {
  const it = source[Symbol.asyncIterator]();
  let first: IteratorResult<Buffer>;
  try {
    first = await it.next();
  } catch (err) {
    source.destroy();
    throw err;
  }
  async function* rest() {
    try {
      if (first.done) return;
      yield first.value;
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // The consumer went away (client disconnected): close the stored object too.
      await it.return?.();
    }
  }
  return Readable.from(rest(), { objectMode: false });
}
