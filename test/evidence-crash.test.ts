import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { evidence, evidenceBlobs } from "../src/db/schema/index.ts";
import type { Job } from "../src/jobs/registry.ts";
import { jobDefinition } from "../src/jobs/registry.ts";
import { EVIDENCE_SWEEP_JOB } from "../src/modules/evidence/jobs.ts";
import { sweepEvidenceStore } from "../src/modules/evidence/sweep.ts";
import { multipart } from "../src/modules/evidence/testing.ts";
import type { Config } from "../src/platform/config.ts";
import { blobStoreFor } from "../src/platform/storage/index.ts";
import { buildApp } from "../src/server/app.ts";
import { dbKind } from "./context.ts";
import { type CrashDatabase, crashContext, crashDatabase, killAt } from "./crash.ts";
import { capturedLog } from "./log.ts";
import { member } from "./people.ts";
import { s3Storage, startS3 } from "./s3.ts";

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

/** The storage settings of each driver: the evidence folder in the data folder, or a bucket on a local S3 server. */
async function storageFor(driver: "local" | "s3"): Promise<Partial<Config>> {
  if (driver === "local") return {};
  const s3 = await startS3();
  cleanup.push(s3.close);
  return s3Storage(s3);
}

describe.each(["local", "s3"] as const)(`evidence on %s storage (${dbKind}): a server killed mid-upload`, (driver) => {
  it("leaves a blob without a row, which the sweep removes once the grace period has passed, never a referenced one", async () => {
    const storage = await storageFor(driver);
    const crash: CrashDatabase = await crashDatabase();
    cleanup.push(crash.remove);
    const env = Object.fromEntries(Object.entries(storage).map(([k, v]) => [k, String(v)]));
    const [orphanKey] = await killAt("evidence-upload-child.ts", "PLACED", { ...crash.env, ...env });
    const organizationId = /^blobs\/([^/]+)\//.exec(orphanKey!)![1]!;

    const database = await crash.open();
    const { log, lines } = capturedLog("info");
    const ctx = { ...crashContext(crash, database, storage), log };
    const app = await buildApp(ctx, { logger: false });
    try {
      const store = blobStoreFor(ctx.config, ctx.keys);
      // What the crash left: the blob under its final key, and no row of it or of its evidence.
      expect(await store.exists(orphanKey!)).toBe(true);
      expect(await database.db.select().from(evidenceBlobs).where(eq(evidenceBlobs.storageKey, orphanKey!))).toEqual(
        [],
      );
      expect(await database.db.select().from(evidence).where(eq(evidence.organizationId, organizationId))).toEqual([]);

      // A file uploaded since: its blob has a row and must survive every sweep.
      const { client } = await member(app, database.db, organizationId, "owner");
      const body = multipart([{ name: "file", filename: "kept.txt", content: "kept evidence\n" }]);
      const uploaded = await client.request("POST", "/api/v1/evidence", body.payload, { headers: body.headers });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      const [kept] = await database.db
        .select()
        .from(evidenceBlobs)
        .where(eq(evidenceBlobs.organizationId, organizationId));

      // Within the grace period the scheduled sweep leaves the orphan alone: an upload between its move and its
      // commit looks exactly like it.
      const job = { id: "sweep", name: EVIDENCE_SWEEP_JOB, payload: {} } as Job;
      const first = await jobDefinition(EVIDENCE_SWEEP_JOB)!.run(ctx, job, { progress: async () => {} });
      expect(first).toMatchObject({ orphansRemoved: 0 });
      expect(await store.exists(orphanKey!)).toBe(true);

      const later = new Date(Date.now() + (ctx.config.ASSAY_EVIDENCE_ORPHAN_GRACE_SECONDS + 60) * 1000);
      const swept = await sweepEvidenceStore(ctx, later);
      expect(swept).toMatchObject({ orphansRemoved: 1, blobsKept: 1 });
      expect(await store.exists(orphanKey!)).toBe(false);
      expect(await store.exists(kept!.storageKey)).toBe(true);
      const item = uploaded.json().items[0];
      const download = await client.get(`/api/v1/evidence/${item.id}/content`);
      expect(download.statusCode).toBe(200);
      expect(download.body).toBe("kept evidence\n");
      // The operator can see in the log what was removed.
      expect(lines().filter((l) => l.msg === "removed an evidence blob that no record points to")).toEqual([
        expect.objectContaining({ key: orphanKey }),
      ]);
    } finally {
      await app.close();
      await database.close();
    }
  }, 180_000);
});
