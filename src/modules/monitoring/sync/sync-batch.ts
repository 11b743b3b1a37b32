/** One batch of a sync, in one change: resources upserted, their tests evaluated, changes written and recorded. */
import { and, eq, inArray } from "drizzle-orm";
import { newId } from "../../../core/id.ts";
import { resources } from "../../../db/schema/index.ts";
import type { ResourceInput } from "../../../integrations/types.ts";
import type { Change } from "../../../kernel/change.ts";
import { canonicalJson } from "../../../ledger/canonical.ts";
import { resultsRecorded } from "../events.ts";
import { evaluate, type RecordCounts, recordResults, type testsFor } from "./results.ts";

export interface SyncCounts {
  batches: number;
  resources: number;
  new: number;
  changed: number;
  reappeared: number;
  missing: number;
  evaluations: number;
  opened: number;
  closed: number;
  failing: number;
  [k: string]: number;
}

export const emptyCounts = (): SyncCounts => ({
  batches: 0,
  resources: 0,
  new: 0,
  changed: 0,
  reappeared: 0,
  missing: 0,
  evaluations: 0,
  opened: 0,
  closed: 0,
  failing: 0,
});

export interface BatchScope {
  organizationId: string;
  connectionId: string;
  syncId: string;
  byType: ReturnType<typeof testsFor>;
  config: Record<string, unknown>;
}

/**
 * One batch: resources upserted, their tests evaluated, changes written and recorded. A command: it runs in the
 * caller's change (a sync opens one per batch; an agent report runs it in the change that records the report).
 */
export async function processBatch(c: Change, scope: BatchScope, batch: ResourceInput[], counts: SyncCounts) {
  const tx = c.tx;
  const at = c.now;
  const existing = await tx
    .select({
      id: resources.id,
      type: resources.type,
      externalId: resources.externalId,
      name: resources.name,
      attributes: resources.attributes,
      missingSince: resources.missingSince,
    })
    .from(resources)
    .where(
      and(
        eq(resources.connectionId, scope.connectionId),
        inArray(
          resources.externalId,
          batch.map((r) => r.externalId),
        ),
      ),
    );
  const byKey = new Map(existing.map((r) => [`${r.type}\u0000${r.externalId}`, r]));
  const stored: {
    id: string;
    type: string;
    externalId: string;
    name: string;
    attributes: Record<string, unknown>;
  }[] = [];
  const inserts: (typeof resources.$inferInsert)[] = [];
  const untouched: string[] = [];
  let changed = 0;
  let reappeared = 0;
  for (const r of batch) {
    const attributes = JSON.parse(JSON.stringify(r.attributes)) as Record<string, unknown>;
    const name = r.name.slice(0, 500);
    const old = byKey.get(`${r.type}\u0000${r.externalId}`);
    if (!old) {
      const id = newId();
      inserts.push({
        id,
        organizationId: scope.organizationId,
        connectionId: scope.connectionId,
        type: r.type,
        externalId: r.externalId,
        name,
        attributes,
        firstSeenAt: at,
        lastSeenAt: at,
        lastSyncId: scope.syncId,
      });
      stored.push({ id, type: r.type, externalId: r.externalId, name, attributes });
      continue;
    }
    stored.push({ id: old.id, type: r.type, externalId: r.externalId, name, attributes });
    const differs = old.name !== name || canonicalJson(old.attributes) !== canonicalJson(attributes);
    if (old.missingSince) reappeared++;
    if (differs || old.missingSince) {
      if (differs) changed++;
      await tx
        .update(resources)
        .set({ name, attributes, lastSeenAt: at, lastSyncId: scope.syncId, missingSince: null })
        .where(eq(resources.id, old.id));
    } else untouched.push(old.id);
  }
  for (let i = 0; i < inserts.length; i += 500) await tx.insert(resources).values(inserts.slice(i, i + 500));
  for (let i = 0; i < untouched.length; i += 1000)
    await tx
      .update(resources)
      .set({ lastSeenAt: at, lastSyncId: scope.syncId })
      .where(inArray(resources.id, untouched.slice(i, i + 1000)));

  const observations = evaluate(scope.byType, stored, scope.config);
  const recorded: RecordCounts = await recordResults(
    tx,
    scope.organizationId,
    { resourceIds: stored.map((s) => s.id) },
    observations,
    at,
  );
  const opened = Object.values(recorded.opened).reduce((a, b) => a + (b ?? 0), 0);
  counts.resources += batch.length;
  counts.new += inserts.length;
  counts.changed += changed;
  counts.reappeared += reappeared;
  counts.evaluations += observations.length;
  counts.opened += opened;
  counts.closed += recorded.closed;
  counts.failing += recorded.opened.fail ?? 0;
  if (inserts.length || changed || reappeared || opened || recorded.closed)
    await c.emit(resultsRecorded, {
      syncId: scope.syncId,
      after: {
        connectionId: scope.connectionId,
        resources: { seen: batch.length, new: inserts.length, changed, reappeared },
        intervals: { opened: recorded.opened, closed: recorded.closed },
        changes: recorded.changes,
      },
    });
}
