import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, type KeyObject, randomBytes } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";

/**
 * Streaming encryption of evidence blobs at rest: AES-256-GCM over fixed-size chunks, so a file never has to sit
 * whole in memory and any change to the stored bytes is detected chunk by chunk.
 *
 * Layout of a stored blob:
 *   header (43 bytes): magic "ASSAYEV" | version 0x01 | key id (8 bytes) | chunk size (uint32 BE)
 *                      | salt (16 bytes) | nonce prefix (7 bytes)
 *   chunks: ciphertext of up to `chunk size` plaintext bytes, each followed by its 16-byte GCM tag
 *
 * Every blob gets its own key, HKDF-SHA256(master key, salt, "assay-evidence-v1"), so nonces never repeat across
 * blobs. Chunk i is sealed with nonce = prefix | uint32 BE i | last-chunk flag (0x00 or 0x01) and the header as
 * additional data: reordering, dropping or appending chunks, truncating at a chunk boundary or editing the header
 * all fail authentication (the STREAM construction). The key id (first 8 bytes of SHA-256 of the master key) says
 * which key wrote the blob, so blobs written before a key rotation stay readable with the retired key.
 */

export const MAGIC = Buffer.from("ASSAYEV", "latin1");
export const FORMAT_VERSION = 1;
export const HEADER_BYTES = MAGIC.length + 1 + 8 + 4 + 16 + 7;
export const TAG_BYTES = 16;
export const DEFAULT_CHUNK_BYTES = 64 * 1024;
export const ENCRYPTION_SCHEME = "aes-256-gcm-chunked-v1";

export interface EncryptionKey {
  /** 16 hex characters: the first 8 bytes of SHA-256 of the key. */
  id: string;
  key: Buffer;
}

/** The keys blobs are written and read with: `current` encrypts, every key in `all` (current first) decrypts. */
export interface KeyRing {
  current: EncryptionKey;
  all: readonly EncryptionKey[];
}

/** Stored bytes that do not decrypt: changed, truncated, damaged, or written with a key that is not configured. */
export class BlobIntegrityError extends Error {
  readonly chunk: number | null;
  constructor(message: string, chunk: number | null = null) {
    super(message);
    this.name = "BlobIntegrityError";
    this.chunk = chunk;
  }
}

/** The blob's own key, as a KeyObject (made once: creating one per chunk from raw bytes costs more than AES). */
const blobKey = (master: Buffer, salt: Buffer): KeyObject =>
  createSecretKey(Buffer.from(hkdfSync("sha256", master, salt, "assay-evidence-v1", 32)));

function nonce(prefix: Buffer, index: number, last: boolean) {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, 7);
  n[11] = last ? 1 : 0;
  return n;
}

function seal(key: KeyObject, prefix: Buffer, header: Buffer, index: number, last: boolean, plain: Buffer) {
  const cipher = createCipheriv("aes-256-gcm", key, nonce(prefix, index, last));
  cipher.setAAD(header);
  const body = cipher.update(plain);
  cipher.final();
  return [body, cipher.getAuthTag()];
}

/** Plaintext in, encrypted blob out. */
export function encryptStream(k: EncryptionKey, chunkBytes = DEFAULT_CHUNK_BYTES): Transform {
  const salt = randomBytes(16);
  const prefix = randomBytes(7);
  const header = Buffer.concat([
    MAGIC,
    Buffer.from([FORMAT_VERSION]),
    Buffer.from(k.id, "hex"),
    u32(chunkBytes),
    salt,
    prefix,
  ]);
  const key = blobKey(k.key, salt);
  const pending = Buffer.alloc(chunkBytes);
  let filled = 0;
  let index = 0;
  let started = false;
  const start = (t: Transform) => {
    if (!started) t.push(header);
    started = true;
  };
  return new Transform({
    transform(data: Buffer, _enc, done: TransformCallback) {
      start(this);
      let offset = 0;
      while (offset < data.length) {
        // A full chunk is only sealed once more data follows: the last chunk must carry the last-chunk flag.
        if (filled === chunkBytes) {
          for (const part of seal(key, prefix, header, index++, false, pending)) this.push(part);
          filled = 0;
        }
        const n = Math.min(chunkBytes - filled, data.length - offset);
        data.copy(pending, filled, offset, offset + n);
        filled += n;
        offset += n;
      }
      done();
    },
    flush(done: TransformCallback) {
      start(this);
      for (const part of seal(key, prefix, header, index, true, pending.subarray(0, filled))) this.push(part);
      done();
    },
  });
}

function u32(n: number) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** Reads the key id of a stored blob's header (to say which key it needs). */
export function headerKeyId(header: Buffer): string | null {
  if (header.length < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  return header.subarray(MAGIC.length + 1, MAGIC.length + 9).toString("hex");
}

/** Encrypted blob in, plaintext out; fails with BlobIntegrityError on any change to the stored bytes. */
export function decryptStream(ring: KeyRing, label = "the stored file"): Transform {
  const queue: Buffer[] = [];
  let queued = 0;
  let header: Buffer | null = null;
  let key: KeyObject | null = null;
  let prefix: Buffer | null = null;
  let chunkBytes = 0;
  let index = 0;

  function take(n: number): Buffer {
    const first = queue[0]!;
    if (first.length >= n) {
      // The common case (large reads): no copy.
      if (first.length === n) queue.shift();
      else queue[0] = first.subarray(n);
      queued -= n;
      return first.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const head = queue[0]!;
      const use = Math.min(head.length, n - filled);
      head.copy(out, filled, 0, use);
      filled += use;
      if (use === head.length) queue.shift();
      else queue[0] = head.subarray(use);
    }
    queued -= n;
    return out;
  }

  function open(sealed: Buffer, last: boolean): Buffer {
    const decipher = createDecipheriv("aes-256-gcm", key!, nonce(prefix!, index, last));
    decipher.setAAD(header!);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
      decipher.final();
      index++;
      return plain;
    } catch {
      throw new BlobIntegrityError(
        `${label} failed its integrity check at chunk ${index}${last ? " (the last one)" : ""}: the stored bytes were changed, truncated or damaged.`,
        index,
      );
    }
  }

  function readHeader() {
    const h = take(HEADER_BYTES);
    if (!h.subarray(0, MAGIC.length).equals(MAGIC) || h[MAGIC.length] !== FORMAT_VERSION)
      throw new BlobIntegrityError(`${label} is not an Assay encrypted blob (unknown header).`);
    const id = headerKeyId(h)!;
    const k = ring.all.find((x) => x.id === id);
    if (!k)
      throw new BlobIntegrityError(
        `${label} was encrypted with key ${id}, which is not configured. Add that key to ASSAY_ENCRYPTION_RETIRED_KEYS (see docs/operations.md, "Rotating the encryption key").`,
      );
    chunkBytes = h.readUInt32BE(MAGIC.length + 9);
    if (chunkBytes < 1 || chunkBytes > 16 * 1024 * 1024)
      throw new BlobIntegrityError(`${label} has an invalid chunk size in its header.`);
    const salt = h.subarray(MAGIC.length + 13, MAGIC.length + 29);
    prefix = h.subarray(MAGIC.length + 29, HEADER_BYTES);
    key = blobKey(k.key, salt);
    header = h;
  }

  return new Transform({
    transform(data: Buffer, _enc, done: TransformCallback) {
      queue.push(data);
      queued += data.length;
      try {
        if (!header) {
          if (queued < HEADER_BYTES) return done();
          readHeader();
        }
        const sealedBytes = chunkBytes + TAG_BYTES;
        // Strictly more than one sealed chunk buffered: the first one is not the last.
        while (queued > sealedBytes) this.push(open(take(sealedBytes), false));
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        if (!header) {
          if (queued < HEADER_BYTES) throw new BlobIntegrityError(`${label} is truncated (no complete header).`);
          readHeader();
        }
        if (queued < TAG_BYTES || queued > chunkBytes + TAG_BYTES)
          throw new BlobIntegrityError(`${label} is truncated or has extra bytes at its end.`, index);
        this.push(open(take(queued), true));
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}

/** Stored size of a blob of `plainBytes` (header, chunks and their tags). */
export function encryptedSize(plainBytes: number, chunkBytes = DEFAULT_CHUNK_BYTES): number {
  const chunks = Math.max(1, Math.ceil(plainBytes / chunkBytes));
  return HEADER_BYTES + plainBytes + chunks * TAG_BYTES;
}
