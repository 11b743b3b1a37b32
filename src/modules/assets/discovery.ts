/**
 * Assets from connectors: the resources a sync found that could be inventory items (hosts, databases, buckets,
 * repositories, the agent's devices, the SaaS accounts themselves) and are not yet, grouped by connection; promoting
 * chosen ones creates assets tied to their resource, whose last sighting then follows each sync (sightings.ts).
 */
import { and, asc, eq, inArray, isNull, notExists, sql } from "drizzle-orm";
import { type AssetKind, assetKindForResource, PROMOTABLE_RESOURCE_TYPES } from "../../core/assets.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { assets, connections, resources } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { AppError, badRequest } from "../../platform/errors.ts";
import { asNameConflict, assertMembers, assetControlsMoved, nameTakenError } from "./commands.ts";
import { assetsPromoted } from "./events.ts";
import { loadAssets } from "./queries.ts";
import type { fromResourcesBody } from "./schema.ts";

const MAX_CANDIDATES = 2000;

/** Resources of live connections that could become assets and are not yet. */
export async function discover(db: Db, organizationId: string, connectionId?: string) {
  const rows = await db
    .select({
      resourceId: resources.id,
      type: resources.type,
      name: resources.name,
      externalId: resources.externalId,
      lastSeenAt: resources.lastSeenAt,
      missingSince: resources.missingSince,
      connectionId: connections.id,
      connectionName: connections.name,
      connectionType: connections.type,
    })
    .from(resources)
    .innerJoin(connections, eq(connections.id, resources.connectionId))
    .where(
      and(
        eq(resources.organizationId, organizationId),
        isNull(connections.deletedAt),
        inArray(resources.type, PROMOTABLE_RESOURCE_TYPES),
        connectionId ? eq(connections.id, connectionId) : undefined,
        notExists(
          db
            .select({ one: sql`1` })
            .from(assets)
            .where(and(eq(assets.organizationId, organizationId), eq(assets.resourceId, resources.id))),
        ),
      ),
    )
    .orderBy(asc(connections.name), asc(resources.type), asc(resources.name), asc(resources.id))
    .limit(MAX_CANDIDATES);
  const taken = await takenNames(db, organizationId);
  const byConnection = new Map<
    string,
    { connectionId: string; connectionName: string; connectionType: string; candidates: unknown[] }
  >();
  for (const r of rows) {
    const kind = assetKindForResource(r.type)!;
    let group = byConnection.get(r.connectionId);
    if (!group) {
      group = {
        connectionId: r.connectionId,
        connectionName: r.connectionName,
        connectionType: r.connectionType,
        candidates: [],
      };
      byConnection.set(r.connectionId, group);
    }
    group.candidates.push({
      resourceId: r.resourceId,
      type: r.type,
      name: r.name,
      externalId: r.externalId,
      kind,
      lastSeenAt: r.lastSeenAt,
      missingSince: r.missingSince,
      nameTaken: taken.has(`${kind}:${r.name.toLowerCase()}`),
    });
  }
  return { connections: [...byConnection.values()] as never[], total: rows.length };
}

async function takenNames(db: Db, organizationId: string) {
  const rows = await db
    .select({ kind: assets.kind, name: assets.name })
    .from(assets)
    .where(eq(assets.organizationId, organizationId));
  return new Set(rows.map((r) => `${r.kind}:${r.name.toLowerCase()}`));
}

type Body = import("zod").infer<typeof fromResourcesBody>;

/** Creates one asset per chosen resource, all or none. */
export async function promote(c: Change, body: Body) {
  const organizationId = c.organizationId!;
  const ids = [...new Set(body.resourceIds)];
  await assertMembers(c.tx, organizationId, [body.ownerUserId]);
  const found = await c.tx
    .select({
      id: resources.id,
      type: resources.type,
      name: resources.name,
      externalId: resources.externalId,
      lastSeenAt: resources.lastSeenAt,
      missingSince: resources.missingSince,
      connectionId: resources.connectionId,
      connectionName: connections.name,
      deletedAt: connections.deletedAt,
    })
    .from(resources)
    .innerJoin(connections, eq(connections.id, resources.connectionId))
    .where(and(eq(resources.organizationId, organizationId), inArray(resources.id, ids)));
  // Another organization's resource reads like one that does not exist.
  if (found.length !== ids.length)
    throw badRequest(
      "unknown_resource",
      `${ids.length - found.length} of the chosen resources ${ids.length - found.length === 1 ? "is" : "are"} not in your connections' inventory: refresh the list and choose again.`,
    );
  const notAssets = found.filter((r) => !assetKindForResource(r.type) || r.deletedAt);
  if (notAssets.length)
    throw badRequest(
      "not_an_asset",
      `${notAssets.map((r) => `“${r.name}” (${r.type})`).join(", ")} cannot be promoted: only hosts, devices, data stores, repositories and accounts of live connections can.`,
    );
  const already = await c.tx
    .select({ name: assets.name })
    .from(assets)
    .where(and(eq(assets.organizationId, organizationId), inArray(assets.resourceId, ids)));
  if (already.length)
    throw new AppError(
      409,
      "already_in_inventory",
      `Already in the inventory: ${already.map((a) => `“${a.name}”`).join(", ")}. Refresh the list and choose again.`,
    );
  const taken = await takenNames(c.tx, organizationId);
  const rows = found.map((r) => {
    const kind = assetKindForResource(r.type) as AssetKind;
    const key = `${kind}:${r.name.toLowerCase()}`;
    if (taken.has(key)) throw nameTakenError(kind, r.name);
    taken.add(key);
    return {
      id: newId(),
      organizationId,
      name: r.name,
      kind,
      ownerUserId: body.ownerUserId ?? null,
      classification: body.classification ?? null,
      environment: body.environment ?? null,
      inScope: body.inScope ?? false,
      connectionId: r.connectionId,
      resourceId: r.id,
      externalId: r.externalId,
      lastSeenAt: r.lastSeenAt,
      missingSince: r.missingSince,
      createdBy: c.actor.kind === "system" ? null : c.actor.userId,
      createdAt: c.now,
      updatedAt: c.now,
    };
  });
  try {
    await c.tx.insert(assets).values(rows);
  } catch (err) {
    throw asNameConflict(err, rows[0]!.kind, rows[0]!.name);
  }
  await c.emit(assetsPromoted, {
    after: {
      created: rows.length,
      names: rows.slice(0, 50).map((r) => r.name),
      connections: [...new Set(found.map((r) => r.connectionName))],
    },
  });
  await assetControlsMoved(c);
  return {
    created: rows.length,
    items: await loadAssets(
      c.tx,
      organizationId,
      rows.map((r) => r.id),
    ),
  };
}
