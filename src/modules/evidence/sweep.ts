/**
 * The evidence store's periodic sweep (the `evidence.sweep` job). Uploads write a temporary object, move it to
 * `blobs/<organization>/<id>` and then commit its row; a crash between those steps leaves an object nothing points
 * to: a temporary one (a crash mid-upload) or an orphan blob (a crash between the move and the commit, or a rekey
 * stopped between switching a blob over and removing its old object). The sweep reconciles the store against the
 * database and removes both once they are old enough that no upload can still be on its way to committing them.
 */
import { inArray } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "../../db/client.ts";
import { evidenceBlobs } from "../../db/schema/index.ts";
import type { AppContext } from "../../kernel/context.ts";
import { type BlobStore, blobStoreFor } from "../../platform/storage/index.ts";

/** Temporary objects live only while their upload streams: one a day old was abandoned. */
const TEMPORARY_AFTER_MS = 24 * 3600 * 1000;
/** Keys checked against the database at once. */
const BATCH = 500;
/** The only keys the evidence module writes; anything else in the store is left alone. */
const BLOB_KEY = /^blobs\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

export interface OrphanSweep {
  /** Keys of the blobs removed. */
  removed: string[];
  /** Blobs a row points to (never removed). */
  referenced: number;
  /** Blobs younger than the grace period, or not under a key the evidence module writes: left alone. */
  skipped: number;
}

/**
 * Removes the blobs under `blobs/` that no evidence_blobs row points to and that are older than the grace period,
 * logging each. A blob a row points to is never removed, whichever driver the row names; a young one may belong to
 * an upload that has moved it but not yet committed its row.
 */
export async function sweepOrphanBlobs(
  deps: { db: Db; store: BlobStore; log: Logger },
  opts: { now: Date; graceSeconds: number },
): Promise<OrphanSweep> {
  const cutoff = opts.now.getTime() - opts.graceSeconds * 1000;
  const result: OrphanSweep = { removed: [], referenced: 0, skipped: 0 };
  let batch: { key: string; size: number; modifiedAt: Date }[] = [];
  const settle = async () => {
    const keys = batch.map((o) => o.key);
    const rows = await deps.db
      .select({ key: evidenceBlobs.storageKey })
      .from(evidenceBlobs)
      .where(inArray(evidenceBlobs.storageKey, keys));
    const referenced = new Set(rows.map((r) => r.key));
    for (const o of batch) {
      if (referenced.has(o.key)) {
        result.referenced++;
        continue;
      }
      await deps.store.discard(o.key);
      result.removed.push(o.key);
      deps.log.warn(
        { key: o.key, size: o.size, modifiedAt: o.modifiedAt.toISOString() },
        "removed an evidence blob that no record points to",
      );
    }
    batch = [];
  };
  for await (const o of deps.store.objects.list("blobs")) {
    if (!BLOB_KEY.test(o.key) || o.modifiedAt.getTime() > cutoff) result.skipped++;
    else batch.push(o);
    if (batch.length >= BATCH) await settle();
  }
  if (batch.length) await settle();
  return result;
}

/** One run of the sweep: abandoned temporary objects, then orphan blobs (ASSAY_EVIDENCE_ORPHAN_GRACE_SECONDS). */
export async function sweepEvidenceStore(ctx: Pick<AppContext, "db" | "config" | "keys" | "log">, now = new Date()) {
  const store = blobStoreFor(ctx.config, ctx.keys);
  const temporaryRemoved = await store.sweepTemporary(new Date(now.getTime() - TEMPORARY_AFTER_MS));
  const orphans = await sweepOrphanBlobs(
    { db: ctx.db, store, log: ctx.log },
    { now, graceSeconds: ctx.config.ASSAY_EVIDENCE_ORPHAN_GRACE_SECONDS },
  );
  if (temporaryRemoved || orphans.removed.length)
    ctx.log.info({ temporaryRemoved, orphansRemoved: orphans.removed.length }, "evidence store swept");
  // Counts only: the job is installation-wide and visible to every organization's administrators.
  return {
    temporaryRemoved,
    orphansRemoved: orphans.removed.length,
    blobsKept: orphans.referenced,
    youngOrUnknown: orphans.skipped,
  };
}
