/** How a sync ends: recorded on its row and on the connection, and announced (control status and alerts follow). */
import { and, eq } from "drizzle-orm";
import { connectionSyncs, connections } from "../../../db/schema/index.ts";
import type { Change } from "../../../kernel/change.ts";
import { syncFailed, syncFinished, testResultsMoved } from "../events.ts";
import type { SyncCounts } from "./sync-batch.ts";

/** How a sync that ran ended (a skipped one never ran, so it never gets here). */
export type SyncEnd = "succeeded" | "partial" | "failed";

/**
 * Records how the sync ended on its row and on the connection, and announces it: the event's subscribers bring
 * control status up to date with whatever the sync wrote (a failed one may have written some batches) and alert
 * people about tests that newly fail and a failed sync that starts a streak (docs/alerts.md).
 */
export async function finish(
  c: Change,
  f: {
    syncId: string;
    connection: typeof connections.$inferSelect;
    status: SyncEnd;
    counts: SyncCounts;
    warnings: string[];
    error: string | null;
    guidance: string | null;
  },
) {
  const partialGuidance =
    f.status === "partial"
      ? "Some data could not be read (see the warnings); what was read is recorded, and nothing was marked missing."
      : null;
  await c.tx
    .update(connectionSyncs)
    .set({
      status: f.status,
      progress: 100,
      counts: f.counts,
      warnings: f.warnings,
      error: f.error,
      guidance: f.guidance ?? partialGuidance,
      finishedAt: c.now,
      message: f.status,
    })
    .where(eq(connectionSyncs.id, f.syncId));
  await c.tx
    .update(connections)
    .set({
      lastSyncId: f.syncId,
      lastSyncStatus: f.status,
      lastSyncAt: c.now,
      lastSyncError: f.error ?? (f.status === "partial" ? f.warnings.slice(0, 5).join("\n") : null),
      lastSyncGuidance: f.guidance ?? partialGuidance,
      ...(f.status === "failed" ? {} : { lastSuccessAt: c.now }),
      syncLockId: null,
      syncLockUntil: null,
    })
    .where(and(eq(connections.id, f.connection.id), eq(connections.syncLockId, f.syncId)));
  await c.emit(f.status === "failed" ? syncFailed : syncFinished, {
    syncId: f.syncId,
    connection: { id: f.connection.id, name: f.connection.name, createdBy: f.connection.createdBy },
    status: f.status,
    counts: f.counts,
    warnings: f.warnings.length,
    error: f.error,
    guidance: f.guidance,
  });
  // Whatever the sync wrote (a failed one may have written some batches) now shows in control status.
  await c.emit(testResultsMoved, { controls: {} });
}
