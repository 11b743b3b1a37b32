/**
 * External witnesses through the real parts: a folder, an S3 bucket (s3rver) and a webhook receiver on loopback.
 * A checkpoint's change enqueues the push; the job delivers to every sink; the records verify the live chain later,
 * through the API, after someone truncated the chain and wiped the stored checkpoints.
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, type TestContext } from "../../../test/context.ts";
import { freePort } from "../../../test/net.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { startS3 } from "../../../test/s3.ts";
import { asSuperuser } from "../../../test/superuser.ts";
import { jobs, ledgerCheckpoints } from "../../db/schema/index.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { readCheckpointRecords } from "../../ledger/witness.ts";
import { buildApp } from "../../server/app.ts";
import { checkpointAll } from "./checkpoints.ts";
import { WITNESS_JOB, witnessJobs } from "./witnesses.ts";

let ctx: TestContext;
let app: ApiApp;
let s3: Awaited<ReturnType<typeof startS3>>;
let witnessDir: string;
const received: { body: string; signature: string | undefined }[] = [];
let webhookStatus = 200;
let receiver: http.Server;

beforeAll(async () => {
  s3 = await startS3();
  witnessDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-witness-"));
  const port = await freePort();
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ body, signature: req.headers["x-assay-signature"] as string | undefined });
      res.writeHead(webhookStatus).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(port, "127.0.0.1", r));
  ctx = await createTestContext({
    config: {
      ASSAY_LEDGER_WITNESS_DIR: witnessDir,
      ASSAY_LEDGER_WITNESS_S3_BUCKET: s3.bucket,
      ASSAY_LEDGER_WITNESS_S3_PREFIX: "witness/",
      ASSAY_S3_ENDPOINT: s3.endpoint,
      ASSAY_S3_ACCESS_KEY_ID: s3.accessKeyId,
      ASSAY_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      ASSAY_LEDGER_WITNESS_WEBHOOK_URL: `http://127.0.0.1:${port}/ledger`,
      ASSAY_LEDGER_WITNESS_WEBHOOK_SECRET: "witness-secret",
    },
  });
  app = await buildApp(ctx, { logger: false });
});
afterAll(async () => {
  await app.close();
  await ctx.close();
  await s3.close();
  receiver.close();
  fs.rmSync(witnessDir, { recursive: true, force: true });
});

/** Runs the queued witness jobs of an organization's checkpoints the way the worker would (the job body). */
async function runWitnessJobs() {
  const queued = await ctx.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.name, WITNESS_JOB), eq(jobs.status, "queued")));
  const outcomes = [];
  for (const job of queued)
    outcomes.push(
      await witnessJobs[0]!.run(ctx, job as never, { progress: async () => {} }).then(
        (r) => ({ ok: true, r }),
        (err: Error) => ({ ok: false, r: err.message }),
      ),
    );
  await ctx.db.delete(jobs).where(eq(jobs.name, WITNESS_JOB));
  return outcomes;
}

describe("ledger witnesses", () => {
  it("push every new checkpoint to the folder, the bucket and the webhook, and catch a wiped, truncated chain", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db, "Witnessed");
    for (const name of ["Acme Ltd", "Acme Limited"])
      expect((await client.patch("/api/v1/organization", { name })).statusCode).toBe(200);
    await checkpointAll(ctx);
    const outcomes = await runWitnessJobs();
    expect(outcomes.length).toBeGreaterThanOrEqual(1);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const [cp] = await ctx.db.select().from(ledgerCheckpoints).where(eq(ledgerCheckpoints.organizationId, org.id));

    // The folder: one object per checkpoint, readable by `assay ledger verify --checkpoints <folder>`.
    const fromFolder = readCheckpointRecords(witnessDir).filter((r) => r.organizationId === org.id);
    expect(fromFolder).toEqual([expect.objectContaining({ seq: cp!.seq, hash: cp!.hash, signature: cp!.signature })]);
    // The bucket holds the same record.
    const s3client = new S3Client({
      region: "us-east-1",
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    const key = `witness/${org.id}/${String(cp!.seq).padStart(12, "0")}.json`;
    const object = await s3client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    expect(JSON.parse(await object.Body!.transformToString())).toEqual(fromFolder[0]);
    // The webhook got it, signed with the shared secret.
    const hook = received.find((r) => JSON.parse(r.body).organizationId === org.id)!;
    expect(JSON.parse(hook.body)).toEqual(fromFolder[0]);
    const { createHmac } = await import("node:crypto");
    expect(hook.signature).toBe(`sha256=${createHmac("sha256", "witness-secret").update(hook.body).digest("hex")}`);

    // The API's checkpoint export gives the same records.
    const exported = await client.get("/api/v1/ledger/checkpoints.jsonl");
    expect(exported.statusCode).toBe(200);
    expect(exported.headers["content-type"]).toBe("application/jsonl; charset=utf-8");
    expect(
      exported.body
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual(fromFolder);

    // A superuser truncates the chain and wipes the checkpoints: the database alone cannot tell ...
    await asSuperuser(
      ctx.db,
      sql`DELETE FROM ledger_entries WHERE organization_id = ${org.id} AND seq > 1`,
      sql`DELETE FROM ledger_checkpoints WHERE organization_id = ${org.id}`,
    );
    const alone = await client.post("/api/v1/ledger/verify", {});
    expect(alone.json()).toMatchObject({ ok: true });
    // ... the witness's records can.
    const witnessed = await client.post("/api/v1/ledger/verify", { checkpoints: fromFolder });
    expect(witnessed.statusCode).toBe(200);
    expect(witnessed.json()).toMatchObject({ ok: false, firstProblem: { kind: "truncated", seq: 2 } });
    const expected = await client.post("/api/v1/ledger/verify", { expect: [`${cp!.seq}:${cp!.hash}`] });
    expect(expected.json()).toMatchObject({ ok: false, firstProblem: { kind: "truncated" } });
    const malformed = await client.post("/api/v1/ledger/verify", { expect: ["12:not-a-hash"] });
    expect(malformed.statusCode).toBe(400);
  });

  it("keep trying a sink that fails, without holding back the others", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db, "Flaky");
    expect((await client.patch("/api/v1/organization", { name: "Flaky Two" })).statusCode).toBe(200);
    webhookStatus = 503;
    await checkpointAll(ctx);
    const [failed] = await runWitnessJobs();
    webhookStatus = 200;
    expect(failed).toMatchObject({
      ok: false,
      r: expect.stringMatching(/not witnessed by webhook 127\.0\.0\.1:\d+: .*503/),
    });
    expect(readCheckpointRecords(witnessDir).some((r) => r.organizationId === org.id)).toBe(true);
  });
});
