/**
 * The sync hook: when a connection's sync ends (or the agent reports), the assets promoted from its resources take
 * the resources' last sighting, and are marked no longer seen when a complete sync stopped finding them (the
 * resource's `missingSince`; a failed or partial sync never sets it). Runs in the sync's own change.
 */
import { and, eq, sql } from "drizzle-orm";
import { assets, resources } from "../../db/schema/index.ts";
import type { Emitted, EventType } from "../../kernel/events.ts";
import type { Change, Subscriber } from "../../kernel/types.ts";
import { reportReceived } from "../agent/events.ts";
import { connectionDeleted, type SyncOutcome, syncFailed, syncFinished } from "../monitoring/events.ts";
import { assetsSighted } from "./events.ts";

function connectionOf(e: Emitted): string | null {
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

export const sightingsSubscriber: Subscriber = {
  name: "assets.sightings",
  on: [syncFinished, syncFailed, reportReceived, connectionDeleted] as EventType<never>[],
  async handle(c, events) {
    if (!c.organizationId) return;
    const ids = new Set(events.map(connectionOf).filter((id): id is string => !!id));
    for (const connectionId of ids) {
      const updated = await refreshSightings(c, connectionId);
      if (updated) await c.emit(assetsSighted, { connectionId, updated });
    }
  },
};
