import { and, eq, ne } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import { evidenceBlobs } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import { blobStoreFor } from "../../platform/storage/index.ts";
import { evidenceBlobReencrypted } from "./events.ts";

export interface RekeyResult {
  /** Blobs sealed with another key before this run. */
  found: number;
  rekeyed: number;
  failed: { blobId: string; error: string }[];
}

/**
 * Key rotation, last step: re-encrypts every evidence blob that a retired key sealed with the current key
 * (ASSAY_ENCRYPTION_KEY), after which the retired key is no longer needed for evidence. Each blob is decrypted
 * (which verifies it), re-encrypted into a new object, checked against its recorded SHA-256, and switched over in
 * the database before the old object is removed; a failure leaves that blob as it was. Safe to run again.
 */
export async function rekeyEvidence(
  ctx: Pick<AppContext, "db" | "config" | "keys">,
  onProgress?: (done: number, total: number) => void,
): Promise<RekeyResult> {
  const store = blobStoreFor(ctx.config, ctx.keys);
  const current = store.keyRing.current.id;
  const stale = await ctx.db.select().from(evidenceBlobs).where(ne(evidenceBlobs.keyId, current));
  const result: RekeyResult = { found: stale.length, rekeyed: 0, failed: [] };
  for (const blob of stale) {
    let tempKey: string | null = null;
    let finalKey: string | null = null;
    let committed = false;
    try {
      const put = await store.put(await store.get(blob.storageKey, `Evidence blob ${blob.id}`));
      tempKey = put.key;
      if (put.sha256 !== blob.sha256 || put.size !== blob.size)
        throw new Error(`content does not match its recorded SHA-256 (${blob.sha256}); left as it was`);
      finalKey = `blobs/${blob.organizationId}/${newId()}`;
      await store.keep(put.key, finalKey);
      tempKey = null;
      const switched = await change(ctx.db, systemActor(blob.organizationId, "assay evidence rekey"), async (c) => {
        const rows = await c.tx
          .update(evidenceBlobs)
          .set({ storageKey: finalKey!, keyId: current, storage: store.driver })
          .where(and(eq(evidenceBlobs.id, blob.id), eq(evidenceBlobs.storageKey, blob.storageKey)))
          .returning({ id: evidenceBlobs.id });
        if (!rows.length) return false;
        await c.emit(evidenceBlobReencrypted, { id: blob.id, sha256: blob.sha256, from: blob.keyId, to: current });
        return true;
      });
      if (!switched) throw new Error("changed by another process meanwhile; run again");
      committed = true;
      await store.discard(blob.storageKey).catch(() => {});
      result.rekeyed++;
    } catch (err) {
      if (tempKey) await store.discard(tempKey).catch(() => {});
      if (finalKey && !committed) await store.discard(finalKey).catch(() => {});
      result.failed.push({ blobId: blob.id, error: (err as Error).message });
    }
    onProgress?.(result.rekeyed + result.failed.length, stale.length);
  }
  return result;
}
