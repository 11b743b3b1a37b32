import type { Readable } from "node:stream";
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { checkKey, ObjectNotFoundError, type ObjectStore } from "./objects.ts";

export interface S3Options {
  bucket: string;
  region: string;
  /** S3-compatible services (MinIO, Ceph, R2, s3rver): their URL. Unset: AWS. */
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Prepended to every key, e.g. "assay/". */
  prefix?: string;
  forcePathStyle?: boolean;
}

const missing = (err: unknown) => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === "NotFound" || e.name === "NoSuchKey" || e.$metadata?.httpStatusCode === 404;
};

/** Objects in an S3-compatible bucket; uploads stream in parts (lib-storage), never whole in memory. */
export function s3ObjectStore(o: S3Options): ObjectStore {
  const client = new S3Client({
    region: o.region,
    endpoint: o.endpoint,
    forcePathStyle: o.forcePathStyle ?? !!o.endpoint,
    credentials:
      o.accessKeyId && o.secretAccessKey
        ? { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey }
        : undefined,
    // Only what S3 requires: S3-compatible servers (s3rver, older MinIO) reject the newer default checksums.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const prefix = o.prefix ?? "";
  const full = (key: string) => `${prefix}${checkKey(key)}`;
  const Bucket = o.bucket;

  const store: ObjectStore & { client: S3Client } = {
    driver: "s3",
    client,

    async write(key, body) {
      // leavePartsOnError false (the default): a failed multipart upload is aborted, leaving no parts behind.
      await new Upload({
        client,
        params: { Bucket, Key: full(key), Body: body, ContentType: "application/octet-stream" },
        partSize: 8 * 1024 * 1024,
        queueSize: 2,
      }).done();
    },

    async read(key) {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: full(key) }));
        return res.Body as Readable;
      } catch (err) {
        if (missing(err)) throw new ObjectNotFoundError(key);
        throw err;
      }
    },

    async exists(key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket, Key: full(key) }));
        return true;
      } catch (err) {
        if (missing(err)) return false;
        throw err;
      }
    },

    async move(from, to) {
      const source = `${Bucket}/${full(from).split("/").map(encodeURIComponent).join("/")}`;
      await client.send(new CopyObjectCommand({ Bucket, Key: full(to), CopySource: source }));
      await client.send(new DeleteObjectCommand({ Bucket, Key: full(from) }));
    },

    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: full(key) }));
    },

    async *list(p) {
      let token: string | undefined;
      do {
        const res = await client.send(
          new ListObjectsV2Command({ Bucket, Prefix: `${full(p.replace(/\/$/, ""))}/`, ContinuationToken: token }),
        );
        for (const c of res.Contents ?? [])
          if (c.Key)
            yield { key: c.Key.slice(prefix.length), modifiedAt: c.LastModified ?? new Date(0), size: c.Size ?? 0 };
        token = res.IsTruncated ? res.NextContinuationToken : undefined;
      } while (token);
    },
  };
  return store;
}
