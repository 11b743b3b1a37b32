import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { freePort } from "./net.ts";

/** A real S3 API (s3rver) on a free port, with a bucket, for the test's duration. */
export async function startS3() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-s3rver-"));
  const port = await freePort();
  const server = new S3rver({
    port,
    address: "127.0.0.1",
    silent: true,
    directory: dir,
    configureBuckets: [{ name: "evidence", configs: [] }],
  });
  await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: "evidence",
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    close: async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The evidence store settings for a bucket of `startS3()` (ASSAY_STORAGE=s3), keys under `prefix`. */
export function s3Storage(s3: Awaited<ReturnType<typeof startS3>>, prefix = "assay/") {
  return {
    ASSAY_STORAGE: "s3" as const,
    ASSAY_S3_ENDPOINT: s3.endpoint,
    ASSAY_S3_BUCKET: s3.bucket,
    ASSAY_S3_ACCESS_KEY_ID: s3.accessKeyId,
    ASSAY_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    ASSAY_S3_PREFIX: prefix,
  };
}
