/**
 * External witnesses of the ledger: every new checkpoint is pushed, by a job enqueued in the checkpoint's own change,
 * to sinks outside the database that the installation configures — a folder (another disk, a mounted share), an S3
 * bucket, a webhook. Someone who later truncates or replaces a chain and wipes the stored checkpoints is caught by
 * `assay ledger verify --checkpoints <witness>`. The sinks are the operator's, so they may be anywhere (no SSRF rule).
 */
import { createHmac } from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { ledgerCheckpoints } from "../../db/schema/index.ts";
import type { JobDefinition } from "../../kernel/manifest.ts";
import { type CheckpointRecord, checkpointObjectKey, checkpointRecord } from "../../ledger/witness.ts";
import type { Config } from "../../platform/config.ts";
import { lazyS3ObjectStore, type ObjectStore } from "../../platform/storage/index.ts";
import { localObjectStore } from "../../platform/storage/local.ts";

export const WITNESS_JOB = "ledger.witness";
const WEBHOOK_TIMEOUT_MS = 10_000;

export interface WitnessSink {
  /** For messages and the job result: where the checkpoint went. */
  name: string;
  push(record: CheckpointRecord): Promise<void>;
}

/** Writes each record as its own object; an object already there (a retried push) is left as it is. */
function objectSink(name: string, objects: ObjectStore): WitnessSink {
  return {
    name,
    async push(record) {
      const key = checkpointObjectKey(record);
      if (await objects.exists(key)) return;
      await objects.write(key, Readable.from([`${JSON.stringify(record)}\n`]));
    },
  };
}

/** POSTs the record as JSON; with a secret, `X-Assay-Signature: sha256=<HMAC of the body>` proves who sent it. */
function webhookSink(url: string, secret: string | undefined): WitnessSink {
  return {
    name: `webhook ${new URL(url).host}`,
    async push(record) {
      const body = JSON.stringify(record);
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (secret) headers["x-assay-signature"] = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
      const res = await fetch(url, {
        method: "POST",
        headers,
        body,
        redirect: "error",
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`the ledger witness webhook answered ${res.status}`);
    },
  };
}

/** The sinks the configuration names (none by default). */
export function witnessSinks(config: Config): WitnessSink[] {
  const sinks: WitnessSink[] = [];
  if (config.ASSAY_LEDGER_WITNESS_DIR) {
    const dir = path.resolve(config.ASSAY_LEDGER_WITNESS_DIR);
    sinks.push(objectSink(`folder ${dir}`, localObjectStore(dir)));
  }
  if (config.ASSAY_LEDGER_WITNESS_S3_BUCKET)
    sinks.push(
      objectSink(
        `bucket ${config.ASSAY_LEDGER_WITNESS_S3_BUCKET}`,
        lazyS3ObjectStore({
          bucket: config.ASSAY_LEDGER_WITNESS_S3_BUCKET,
          prefix: config.ASSAY_LEDGER_WITNESS_S3_PREFIX,
          region: config.ASSAY_S3_REGION,
          endpoint: config.ASSAY_S3_ENDPOINT,
          accessKeyId: config.ASSAY_S3_ACCESS_KEY_ID,
          secretAccessKey: config.ASSAY_S3_SECRET_ACCESS_KEY,
          forcePathStyle: config.ASSAY_S3_FORCE_PATH_STYLE,
        }),
      ),
    );
  if (config.ASSAY_LEDGER_WITNESS_WEBHOOK_URL)
    sinks.push(webhookSink(config.ASSAY_LEDGER_WITNESS_WEBHOOK_URL, config.ASSAY_LEDGER_WITNESS_WEBHOOK_SECRET));
  return sinks;
}

export const witnessJobs: JobDefinition[] = [
  {
    name: WITNESS_JOB,
    retryBaseSeconds: 30,
    async run(ctx, job) {
      const { checkpointId } = job.payload as { checkpointId: string };
      const [cp] = await ctx.db.select().from(ledgerCheckpoints).where(eq(ledgerCheckpoints.id, checkpointId));
      if (!cp) throw new Error(`checkpoint ${checkpointId} is gone from the database`);
      const record = checkpointRecord(cp);
      const sinks = witnessSinks(ctx.config);
      // Every sink is tried; a failure in one is reported (and the job retried) without holding the others back.
      const failures: string[] = [];
      for (const sink of sinks)
        await sink.push(record).catch((err: unknown) => failures.push(`${sink.name}: ${(err as Error).message}`));
      if (failures.length) throw new Error(`checkpoint seq ${cp.seq} not witnessed by ${failures.join("; ")}`);
      return { seq: cp.seq, witnesses: sinks.map((s) => s.name) };
    },
  },
];
