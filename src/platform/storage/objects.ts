import type { Readable } from "node:stream";

/**
 * Where encrypted blobs live: a driver stores opaque objects under keys such as `tmp/<id>` or
 * `blobs/<organization>/<id>`. Drivers know nothing about encryption, hashing or organizations (BlobStore does).
 */
export interface ObjectStore {
  readonly driver: "local" | "s3";
  /** Stores a new object from a stream. If the stream fails, the write fails and leaves nothing at `key`. */
  write(key: string, body: Readable): Promise<void>;
  /** The object's bytes; throws ObjectNotFoundError when there is none. */
  read(key: string): Promise<Readable>;
  exists(key: string): Promise<boolean>;
  /** Renames an object (temporary → final). */
  move(from: string, to: string): Promise<void>;
  /** Removes an object; no error when it is already gone. Only for objects no record points to. */
  remove(key: string): Promise<void>;
  /** Objects under a prefix, with their last change (to sweep abandoned temporary objects). */
  list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date; size: number }>;
}

export class ObjectNotFoundError extends Error {
  constructor(key: string) {
    super(`The stored object ${key} does not exist.`);
    this.name = "ObjectNotFoundError";
  }
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]*(\/[A-Za-z0-9][A-Za-z0-9_.-]*)*$/;

/** Keys are made by Assay, never by users; anything else (`..`, absolute paths) is a bug. */
export function checkKey(key: string): string {
  if (!KEY.test(key) || key.split("/").some((p) => p === "." || p === ".."))
    throw new Error(`Invalid storage key: ${key}`);
  return key;
}
