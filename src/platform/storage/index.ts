import { createHash } from "node:crypto";
import path from "node:path";
import { pipeline as pipelineCb, type Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import { newId } from "../../core/id.ts";
import type { Config } from "../config.ts";
import type { Keys } from "../keys.ts";
import { decryptStream, ENCRYPTION_SCHEME, encryptStream, HEADER_BYTES, headerKeyId, type KeyRing } from "./crypto.ts";
import { localObjectStore } from "./local.ts";
import type { ObjectStore } from "./objects.ts";
import type { S3Options } from "./s3.ts";

export { BlobIntegrityError, ENCRYPTION_SCHEME, type KeyRing } from "./crypto.ts";
export { ObjectNotFoundError, type ObjectStore } from "./objects.ts";

/** How many leading bytes `inspect` sees (content type detection). */
export const HEAD_BYTES = 64 * 1024;
export const TEMP_PREFIX = "tmp";

/** The stream was longer than the allowed maximum (nothing was kept). */
export class BlobTooLargeError extends Error {
  readonly maxBytes: number;
  constructor(maxBytes: number) {
    super(`The content is larger than the ${maxBytes} bytes allowed.`);
    this.name = "BlobTooLargeError";
    this.maxBytes = maxBytes;
  }
}

export interface PutOptions {
  /** Refuse (BlobTooLargeError) as soon as the stream passes this many bytes. */
  maxBytes?: number;
  /**
   * Called once with the first bytes (HEAD_BYTES, or the whole content when it is shorter; `complete` says which)
   * while the content is still streaming; throw to refuse it.
   */
  inspect?: (head: Buffer, complete: boolean) => void | Promise<void>;
}

export interface PutResult {
  /** A temporary key: `keep` it under its final key, or `discard` it. */
  key: string;
  size: number;
  /** SHA-256 of the plaintext, hex. */
  sha256: string;
  /** The encryption key that sealed it. */
  keyId: string;
  /** The first bytes (as passed to `inspect`). */
  head: Buffer;
}

/**
 * Encrypted, hashed blob storage over an ObjectStore. `put` streams plaintext through SHA-256 and AES-256-GCM
 * into a temporary object and never holds more than a chunk in memory; the caller then keeps it under its final
 * key (after deduplicating by hash) or discards it. Stored blobs are immutable: there is no update.
 */
export interface BlobStore {
  readonly driver: "local" | "s3";
  readonly encryption: string;
  readonly objects: ObjectStore;
  readonly keyRing: KeyRing;
  put(body: Readable, opts?: PutOptions): Promise<PutResult>;
  keep(tempKey: string, finalKey: string): Promise<void>;
  /** Removes an object that no record points to (a temporary one, or one whose record was rolled back). */
  discard(key: string): Promise<void>;
  /** The decrypted content; the stream fails with BlobIntegrityError when the stored bytes were changed. */
  get(key: string, label?: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** The key id in a stored blob's header (which key sealed it). */
  keyIdOf(key: string): Promise<string | null>;
  /** Removes temporary objects older than `before` (left by a crash mid-upload). */
  sweepTemporary(before: Date): Promise<number>;
}

/** Hashes, counts and samples plaintext as it passes. */
function meter(opts: PutOptions) {
  const hash = createHash("sha256");
  const headParts: Buffer[] = [];
  let headBytes = 0;
  let inspected = false;
  let size = 0;
  const state = { size: 0, sha256: "", head: Buffer.alloc(0) };
  const inspectOnce = async (complete: boolean) => {
    if (inspected) return;
    inspected = true;
    state.head = Buffer.concat(headParts);
    await opts.inspect?.(state.head, complete);
  };
  const transform = new Transform({
    // Synchronous except for the one call that inspects the head (promises per chunk cost throughput).
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      size += chunk.length;
      if (opts.maxBytes !== undefined && size > opts.maxBytes) return done(new BlobTooLargeError(opts.maxBytes));
      hash.update(chunk);
      if (inspected) return done(null, chunk);
      const take = chunk.subarray(0, HEAD_BYTES - headBytes);
      headParts.push(Buffer.from(take));
      headBytes += take.length;
      if (headBytes < HEAD_BYTES) return done(null, chunk);
      inspectOnce(false).then(
        () => done(null, chunk),
        (err) => done(err as Error),
      );
    },
    flush(done: TransformCallback) {
      inspectOnce(true).then(
        () => {
          state.size = size;
          state.sha256 = hash.digest("hex");
          done();
        },
        (err) => done(err as Error),
      );
    },
  });
  return { transform, state };
}

export function blobStore(objects: ObjectStore, keyRing: KeyRing): BlobStore {
  return {
    driver: objects.driver,
    encryption: ENCRYPTION_SCHEME,
    objects,
    keyRing,

    async put(body, opts = {}) {
      const key = `${TEMP_PREFIX}/${newId()}`;
      const m = meter(opts);
      const encrypt = encryptStream(keyRing.current);
      const written = objects.write(key, encrypt);
      try {
        // The write consumes `encrypt`; a failure anywhere (client gone, too large, refused type, storage down)
        // rejects one of the two, and the object is removed.
        await Promise.all([pipeline(body, m.transform, encrypt), written]);
      } catch (err) {
        encrypt.destroy();
        await written.catch(() => {});
        await objects.remove(key).catch(() => {});
        throw err;
      }
      return { key, size: m.state.size, sha256: m.state.sha256, keyId: keyRing.current.id, head: m.state.head };
    },

    keep: (tempKey, finalKey) => objects.move(tempKey, finalKey),
    discard: (key) => objects.remove(key),

    async get(key, label) {
      const raw = await objects.read(key);
      // pipeline (not pipe): a consumer that goes away also closes the stored object.
      return pipelineCb(raw, decryptStream(keyRing, label), () => {});
    },

    exists: (key) => objects.exists(key),

    async keyIdOf(key) {
      const raw = await objects.read(key);
      const parts: Buffer[] = [];
      let n = 0;
      for await (const chunk of raw) {
        parts.push(chunk as Buffer);
        n += (chunk as Buffer).length;
        if (n >= HEADER_BYTES) break;
      }
      raw.destroy();
      return headerKeyId(Buffer.concat(parts));
    },

    async sweepTemporary(before) {
      let removed = 0;
      for await (const o of objects.list(TEMP_PREFIX)) {
        if (o.modifiedAt < before) {
          await objects.remove(o.key);
          removed++;
        }
      }
      return removed;
    },
  };
}

/** The key ring of the installation: ASSAY_ENCRYPTION_KEY seals, it and ASSAY_ENCRYPTION_RETIRED_KEYS open. */
export const keyRingOf = (keys: Pick<Keys, "encryptionKeys">): KeyRing => ({
  current: keys.encryptionKeys[0]!,
  all: keys.encryptionKeys,
});

/** The ObjectStore the configuration asks for (ASSAY_STORAGE). */
export function objectStoreFor(config: Config): ObjectStore {
  if (config.ASSAY_STORAGE === "s3") {
    if (!config.ASSAY_S3_BUCKET)
      throw new Error("ASSAY_STORAGE=s3 needs ASSAY_S3_BUCKET (and usually ASSAY_S3_ENDPOINT and credentials).");
    return lazyS3ObjectStore({
      bucket: config.ASSAY_S3_BUCKET,
      region: config.ASSAY_S3_REGION,
      endpoint: config.ASSAY_S3_ENDPOINT,
      accessKeyId: config.ASSAY_S3_ACCESS_KEY_ID,
      secretAccessKey: config.ASSAY_S3_SECRET_ACCESS_KEY,
      prefix: config.ASSAY_S3_PREFIX,
      forcePathStyle: config.ASSAY_S3_FORCE_PATH_STYLE,
    });
  }
  return localObjectStore(path.resolve(config.ASSAY_EVIDENCE_DIR ?? path.join(config.dataDir, "evidence")));
}

/**
 * The S3 driver, loaded on first use: the AWS SDK (several MB of code) stays out of the processes that never touch
 * the bucket, and out of every installation that keeps its evidence in a folder.
 */
export function lazyS3ObjectStore(o: S3Options): ObjectStore {
  let loading: Promise<ObjectStore> | null = null;
  const store = () =>
    (loading ??= import("./s3.ts").then(
      (m) => m.s3ObjectStore(o),
      (err) => {
        loading = null;
        throw err;
      },
    ));
  return {
    driver: "s3",
    write: async (key, body) => (await store()).write(key, body),
    read: async (key) => (await store()).read(key),
    exists: async (key) => (await store()).exists(key),
    move: async (from, to) => (await store()).move(from, to),
    remove: async (key) => (await store()).remove(key),
    async *list(prefix) {
      yield* (await store()).list(prefix);
    },
  };
}

const stores = new WeakMap<Config, BlobStore>();

/** The installation's evidence blob store (one per configuration object). */
export function blobStoreFor(config: Config, keys: Pick<Keys, "encryptionKeys">): BlobStore {
  let store = stores.get(config);
  if (!store) {
    store = blobStore(objectStoreFor(config), keyRingOf(keys));
    stores.set(config, store);
  }
  return store;
}
