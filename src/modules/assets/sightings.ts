/**
 * The sync hook: when a connection's sync ends (or the agent reports), the assets promoted from its resources take
 * the resources' last sighting, and are marked no longer seen when a complete sync stopped finding them (the
 * resource's `missingSince`; a failed or partial sync never sets it). Runs in the sync's own change. A revoked agent
 * device retires its endpoint asset: no longer seen since the revocation, and out of scope (a ledger entry each).
 */
import { and, eq, sql } from "drizzle-orm";
import { assets, resources } from "../../db/schema/index.ts";
import type { Emitted, EventType } from "../../kernel/events.ts";
import type { Change, Subscriber } from "../../kernel/types.ts";
import { deviceRevoked, reportReceived } from "../agent/events.ts";
import { connectionDeleted, type SyncOutcome, syncFailed, syncFinished } from "../monitoring/events.ts";
import { assetControlsMoved } from "./commands.ts";
import { assetRetired, assetsSighted } from "./events.ts";

function connectionOf(e: Emitted): string | null {
  if (e.type.name === deviceRevoked.name) return null;
  const p = e.payload as Partial<SyncOutcome> & { connectionId?: string; id?: string };
  if (e.type.name === reportReceived.name) return p.connectionId ?? null;
  if (e.type.name === connectionDeleted.name) return p.id ?? null;
  return p.connection?.id ?? null;
}

export async function refreshSightings(c: Change, connectionId: string): Promise<number> {
  const organizationId = c.organizationId!;
  const updated = await c.tx
    .update(assets)
    .set({ lastSeenAt: resources.lastSeenAt, missingSince: resources.missingSince })
    .from(resources)
    .where(
      and(
        eq(assets.organizationId, organizationId),
        eq(assets.connectionId, connectionId),
        eq(resources.id, assets.resourceId),
        sql`(${assets.lastSeenAt} IS DISTINCT FROM ${resources.lastSeenAt} OR ${assets.missingSince} IS DISTINCT FROM ${resources.missingSince})`,
      ),
    )
    .returning({ id: assets.id });
  return updated.length;
}

/** Retires the assets promoted from a revoked device's resource; answers how many changed. */
export async function retireDeviceAssets(c: Change, deviceId: string, resourceId: string): Promise<number> {
  const organizationId = c.organizationId!;
  const found = await c.tx
    .select()
    .from(assets)
    .where(and(eq(assets.organizationId, organizationId), eq(assets.resourceId, resourceId)));
  let changed = 0;
  for (const a of found) {
    const missingSince = a.missingSince ?? c.now;
    if (!a.inScope && a.missingSince) continue;
    await c.tx
      .update(assets)
      .set({ inScope: false, missingSince, updatedAt: c.now })
      .where(and(eq(assets.organizationId, organizationId), eq(assets.id, a.id)));
    await c.emit(assetRetired, {
      id: a.id,
      before: { name: a.name, inScope: a.inScope, missingSince: a.missingSince?.toISOString() ?? null },
      after: { name: a.name, inScope: false, missingSince: missingSince.toISOString(), deviceId },
    });
    changed++;
  }
  return changed;
}

export const sightingsSubscriber: Subscriber = {
  name: "assets.sightings",
  on: [syncFinished, syncFailed, reportReceived, connectionDeleted, deviceRevoked] as EventType<never>[],
  async handle(c, events) {
    if (!c.organizationId) return;
    let retired = 0;
    for (const e of events)
      if (e.type.name === deviceRevoked.name) {
        const p = e.payload as { id: string; resourceId?: string | null };
        if (p.resourceId) retired += await retireDeviceAssets(c, p.id, p.resourceId);
      }
    if (retired) await assetControlsMoved(c);
    const ids = new Set(events.map(connectionOf).filter((id): id is string => !!id));
    for (const connectionId of ids) {
      const updated = await refreshSightings(c, connectionId);
      if (updated) await c.emit(assetsSighted, { connectionId, updated });
    }
  },
};
