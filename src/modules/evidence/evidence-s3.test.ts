import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/context.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { s3Storage, startS3 } from "../../../test/s3.ts";
import { snapshotOrg } from "../../../test/snapshot.ts";
import { evidenceBlobs } from "../../db/schema/index.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { blobStoreFor } from "../../platform/storage/index.ts";
import { buildApp } from "../../server/app.ts";
import { multipart } from "./testing.ts";

/** The evidence API with ASSAY_STORAGE=s3 against a real S3 API (s3rver) that the test starts. */
let s3: Awaited<ReturnType<typeof startS3>>;
let ctx: TestContext;
let app: ApiApp;
beforeAll(async () => {
  s3 = await startS3();
  ctx = await createTestContext({
    config: { ...s3Storage(s3), ASSAY_EVIDENCE_MAX_BYTES: 12 * 1024 * 1024 },
  });
  app = await buildApp(ctx, { logger: false });
});
afterAll(async () => {
  await app.close();
  await ctx.close();
  await s3.close();
});

const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");

async function objectKeys(prefix: string) {
  const out: string[] = [];
  for await (const o of blobStoreFor(ctx.config, ctx.keys).objects.list(prefix)) out.push(o.key);
  return out;
}

describe("evidence on S3", () => {
  it("uploads (multipart parts above 8 MB too), deduplicates, downloads and stores only ciphertext", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const big = Buffer.alloc(10 * 1024 * 1024 + 123, "q");
    const small = "s3 evidence\n";
    const body = multipart([
      { name: "title", value: "Bucket policy export" },
      { name: "file", filename: "big.log", content: big },
      { name: "file", filename: "small.txt", content: small },
      { name: "file", filename: "same.txt", content: small },
    ]);
    const res = await client.request("POST", "/api/v1/evidence", body.payload, { headers: body.headers });
    expect(res.statusCode, res.body).toBe(201);
    const items = res.json().items;
    expect(items.map((i: { file: { sha256: string } }) => i.file.sha256)).toEqual([sha(big), sha(small), sha(small)]);
    const blobs = await ctx.db.select().from(evidenceBlobs).where(eq(evidenceBlobs.organizationId, org.id));
    expect(blobs).toHaveLength(2);
    expect(blobs.every((b) => b.storage === "s3")).toBe(true);
    expect((await objectKeys(`blobs/${org.id}`)).sort()).toEqual(blobs.map((b) => b.storageKey).sort());
    expect(await objectKeys("tmp")).toEqual([]);

    const back = await client.get(`/api/v1/evidence/${items[0].id}/content`);
    expect(back.statusCode).toBe(200);
    expect(sha(back.rawPayload)).toBe(sha(big));
    const store = blobStoreFor(ctx.config, ctx.keys);
    const raw: Buffer[] = [];
    for await (const c of (await store.objects.read(
      blobs.find((b) => b.sha256 === sha(small))!.storageKey,
    )) as Readable)
      raw.push(c as Buffer);
    expect(Buffer.concat(raw).includes(Buffer.from("s3 evidence"))).toBe(false);
  });

  it("refuses a file above the limit and leaves no object behind", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const before = await snapshotOrg(ctx.db, org.id);
    const body = multipart([{ name: "file", filename: "huge.bin", content: Buffer.alloc(12 * 1024 * 1024 + 1, 1) }]);
    const res = await client.request("POST", "/api/v1/evidence", body.payload, { headers: body.headers });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe("file_too_large");
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
    expect(await objectKeys("tmp")).toEqual([]);
    expect(await objectKeys(`blobs/${org.id}`)).toEqual([]);
  });

  it("fails the download with a clear error when the stored object was changed", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const body = multipart([{ name: "file", filename: "t.txt", content: "tamper me\n" }]);
    const item = (await client.request("POST", "/api/v1/evidence", body.payload, { headers: body.headers })).json()
      .items[0];
    const [blob] = await ctx.db
      .select()
      .from(evidenceBlobs)
      .where(eq(evidenceBlobs.sha256, sha("tamper me\n")));
    const store = blobStoreFor(ctx.config, ctx.keys);
    const parts: Buffer[] = [];
    for await (const c of (await store.objects.read(blob!.storageKey)) as Readable) parts.push(c as Buffer);
    const raw = Buffer.concat(parts);
    raw[raw.length - 1]! ^= 0x80;
    await store.objects.write(blob!.storageKey, Readable.from([raw]));
    const res = await client.get(`/api/v1/evidence/${item.id}/content`);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: "evidence_corrupted" });
  });
});
