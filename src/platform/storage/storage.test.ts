import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3 } from "../../../test/s3.ts";
import { loadConfig } from "../config.ts";
import { encryptionKey, loadKeys } from "../keys.ts";
import { BlobIntegrityError, decryptStream, encryptStream, HEADER_BYTES, type KeyRing, TAG_BYTES } from "./crypto.ts";
import { type BlobStore, BlobTooLargeError, blobStore } from "./index.ts";
import { localObjectStore } from "./local.ts";
import type { ObjectStore } from "./objects.ts";
import { s3ObjectStore } from "./s3.ts";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const key = (name: string) => encryptionKey(randomBytes(32).toString("base64"), name);
const K1 = key("k1");
const K2 = key("k2");
const ring = (current = K1, ...others: (typeof K1)[]): KeyRing => ({ current, all: [current, ...others] });

async function collect(s: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
/** Feeds `data` in pieces of `piece` bytes (to cross chunk boundaries in every way). */
const source = (data: Buffer, piece = 7919) =>
  Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += piece) yield data.subarray(i, i + piece);
    })(),
  );
const seal = (data: Buffer, chunk: number, k = K1) => collect(source(data).pipe(encryptStream(k, chunk)));
const open = (sealed: Buffer, r = ring()) => collect(Readable.from([sealed]).pipe(decryptStream(r)));

describe("chunked AES-256-GCM", () => {
  it("round-trips any content and chunk size, and never shows the plaintext", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 5000 }), fc.integer({ min: 1, max: 700 }), async (bytes, chunk) => {
        const plain = Buffer.from(bytes);
        const sealed = await seal(plain, chunk);
        expect(sealed.length).toBe(
          HEADER_BYTES + plain.length + Math.max(1, Math.ceil(plain.length / chunk)) * TAG_BYTES,
        );
        expect((await open(sealed)).equals(plain)).toBe(true);
      }),
      { numRuns: 150 },
    );
    const text = Buffer.from("secret payroll figures ".repeat(100));
    expect((await seal(text, 64)).includes(Buffer.from("payroll"))).toBe(false);
  });

  it("detects any changed byte, dropped, reordered or appended chunk, and truncation at a chunk boundary", async () => {
    const plain = randomBytes(1000);
    const chunk = 100;
    const sealed = await seal(plain, chunk);
    const step = chunk + TAG_BYTES;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: sealed.length - 1 }),
        fc.integer({ min: 1, max: 255 }),
        async (i, x) => {
          const bad = Buffer.from(sealed);
          bad[i]! ^= x;
          await expect(open(bad)).rejects.toBeInstanceOf(BlobIntegrityError);
        },
      ),
      { numRuns: 200 },
    );
    const body = sealed.subarray(HEADER_BYTES);
    const header = sealed.subarray(0, HEADER_BYTES);
    const chunks = Array.from({ length: body.length / step }, (_, i) => body.subarray(i * step, (i + 1) * step));
    const variants = {
      dropped: Buffer.concat([header, ...chunks.slice(0, 3), ...chunks.slice(4)]),
      reordered: Buffer.concat([header, chunks[1]!, chunks[0]!, ...chunks.slice(2)]),
      truncated: Buffer.concat([header, ...chunks.slice(0, 5)]),
      appended: Buffer.concat([sealed, chunks[9]!]),
      headerOnly: header,
    };
    for (const [name, bad] of Object.entries(variants))
      await expect(open(bad), name).rejects.toThrow(/integrity|truncated|extra bytes/);
    await expect(open(sealed.subarray(0, 10))).rejects.toThrow(/truncated/);
    await expect(open(Buffer.from("plain text, never encrypted, long enough for a header"))).rejects.toThrow(
      /not an Assay encrypted blob/,
    );
  });

  it("reads blobs sealed with a retired key, and names a key that is not configured", async () => {
    const plain = Buffer.from("written before the rotation");
    const old = await seal(plain, 64, K1);
    expect((await open(old, ring(K2, K1))).equals(plain)).toBe(true);
    await expect(open(old, ring(K2))).rejects.toThrow(
      new RegExp(`encrypted with key ${K1.id}, which is not configured.*ASSAY_ENCRYPTION_RETIRED_KEYS`),
    );
  });
});

describe("key rotation of other secrets", () => {
  it("keeps values sealed with a retired ASSAY_ENCRYPTION_KEY readable (TOTP secrets)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-keys-"));
    const a = randomBytes(32).toString("base64");
    const b = randomBytes(32).toString("base64");
    const keysWith = (env: Record<string, string>) =>
      loadKeys(loadConfig({ ASSAY_DATA_DIR: dir, ...env } as NodeJS.ProcessEnv));
    const sealed = keysWith({ ASSAY_ENCRYPTION_KEY: a }).encrypt("JBSWY3DPEHPK3PXP");
    const rotated = keysWith({ ASSAY_ENCRYPTION_KEY: b, ASSAY_ENCRYPTION_RETIRED_KEYS: ` ${a} ` });
    expect(rotated.decrypt(sealed)).toBe("JBSWY3DPEHPK3PXP");
    expect(rotated.encryptionKeys.map((k) => k.id)).toEqual([encryptionKey(b, "b").id, encryptionKey(a, "a").id]);
    expect(() => keysWith({ ASSAY_ENCRYPTION_KEY: b }).decrypt(sealed)).toThrow();
    expect(() => keysWith({ ASSAY_ENCRYPTION_KEY: b, ASSAY_ENCRYPTION_RETIRED_KEYS: "short" })).toThrow(
      /ASSAY_ENCRYPTION_RETIRED_KEYS \(key 1\) must be 32 bytes/,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/** The same behaviour on every driver. */
function driverSuite(name: string, make: () => Promise<{ objects: ObjectStore; close(): Promise<void> }>) {
  describe(`BlobStore on ${name}`, () => {
    let objects: ObjectStore;
    let close: () => Promise<void>;
    let store: BlobStore;
    beforeAll(async () => {
      ({ objects, close } = await make());
      store = blobStore(objects, ring());
    });
    afterAll(async () => close());

    const keys = async (prefix: string) => {
      const out: string[] = [];
      for await (const o of objects.list(prefix)) out.push(o.key);
      return out;
    };

    it("streams content in, hashes it, keeps it under its final key and streams it back", async () => {
      for (const size of [1, 65_535, 65_536, 65_537, 3 * 1024 * 1024 + 5]) {
        const plain = randomBytes(size);
        const put = await store.put(source(plain, 50_000));
        expect(put).toMatchObject({ size, sha256: sha(plain), keyId: K1.id });
        expect(put.key).toMatch(/^tmp\//);
        const final = `blobs/org/${path.basename(put.key)}`;
        await store.keep(put.key, final);
        expect(await store.exists(put.key)).toBe(false);
        expect(await store.exists(final)).toBe(true);
        expect(await store.keyIdOf(final)).toBe(K1.id);
        expect((await collect(await store.get(final))).equals(plain)).toBe(true);
        const raw = await collect(await objects.read(final));
        if (size >= 64) expect(raw.includes(plain.subarray(0, 64))).toBe(false);
      }
      expect(await keys("tmp")).toEqual([]);
    });

    it("leaves nothing behind when content is too large, refused, or its source fails", async () => {
      await expect(store.put(source(randomBytes(200_000)), { maxBytes: 100_000 })).rejects.toBeInstanceOf(
        BlobTooLargeError,
      );
      let seen = 0;
      await expect(
        store.put(source(randomBytes(200_000)), {
          inspect: (head, complete) => {
            seen = head.length;
            expect(complete).toBe(false);
            throw new Error("refused type");
          },
        }),
      ).rejects.toThrow("refused type");
      expect(seen).toBe(64 * 1024);
      const failing = new Readable({
        read() {
          this.push(randomBytes(100_000));
          this.destroy(new Error("client went away"));
        },
      });
      await expect(store.put(failing)).rejects.toThrow("client went away");
      expect(await keys("tmp")).toEqual([]);
    });

    it("fails reading a blob whose stored bytes were changed", async () => {
      const plain = randomBytes(150_000);
      const put = await store.put(source(plain));
      const raw = await collect(await objects.read(put.key));
      raw[HEADER_BYTES + 65_536 + TAG_BYTES + 10]! ^= 1;
      await objects.remove(put.key);
      await objects.write(put.key, Readable.from([raw]));
      await expect(collect(await store.get(put.key, "Evidence file x"))).rejects.toThrow(
        /Evidence file x failed its integrity check at chunk 1/,
      );
      await store.discard(put.key);
    });

    it("reads blobs written before a key rotation", async () => {
      const plain = randomBytes(1000);
      const put = await store.put(source(plain));
      const rotated = blobStore(objects, ring(K2, K1));
      expect((await collect(await rotated.get(put.key))).equals(plain)).toBe(true);
      const next = await rotated.put(source(plain));
      expect(next.keyId).toBe(K2.id);
      await expect(collect(await store.get(next.key))).rejects.toThrow(/not configured/);
      await store.discard(put.key);
      await store.discard(next.key);
    });

    it("sweeps only abandoned temporary objects", async () => {
      const put = await store.put(source(randomBytes(10)));
      expect(await store.sweepTemporary(new Date(Date.now() - 60_000))).toBe(0);
      expect(await store.sweepTemporary(new Date(Date.now() + 60_000))).toBe(1);
      expect(await store.exists(put.key)).toBe(false);
      await expect(store.get(put.key)).rejects.toThrow(/does not exist/);
    });
  });
}

driverSuite("the local folder", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-blobs-"));
  return { objects: localObjectStore(dir), close: async () => fs.rmSync(dir, { recursive: true, force: true }) };
});

driverSuite("S3 (s3rver)", async () => {
  const s3 = await startS3();
  return {
    objects: s3ObjectStore({ ...s3, region: "us-east-1", prefix: "assay/" }),
    close: s3.close,
  };
});
