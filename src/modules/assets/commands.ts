/** Writing the inventory: one asset by hand, its changes and removal, the inventory's review. */
import { and, count, eq, ne, sql } from "drizzle-orm";
import { ASSET_CONTROL_KEYS, ASSET_KIND_LABELS, type AssetKind } from "../../core/assets.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { assetInventoryReviews, assets, memberships } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { AppError, badRequest, conflict, notFound } from "../../platform/errors.ts";
import { controlInputsChanged } from "../programs/events.ts";
import { unlinkRecord } from "../registers/public.ts";
import { assetCreated, assetDeleted, assetUpdated, inventoryReviewed } from "./events.ts";
import { loadAsset } from "./queries.ts";
import type { AssetInput, AssetPatch } from "./schema.ts";

/** What an asset's ledger entry keeps: the fields people set. */
const recorded = (a: Record<string, unknown>) => ({
  name: a.name,
  kind: a.kind,
  description: a.description ?? null,
  ownerUserId: a.ownerUserId ?? null,
  classification: a.classification ?? null,
  environment: a.environment ?? null,
  inScope: a.inScope ?? false,
  externalId: a.externalId ?? null,
});

export const assetControlsMoved = (c: Change) => c.emit(controlInputsChanged, { keys: [...ASSET_CONTROL_KEYS] });

/** The members of the organization among these user ids; a 400 naming what is wrong otherwise. */
export async function assertMembers(db: Db, organizationId: string, userIds: readonly (string | null | undefined)[]) {
  const ids = [...new Set(userIds.filter((u): u is string => !!u))];
  if (!ids.length) return;
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), sql`${memberships.userId} in ${ids}`));
  if (rows.length !== ids.length)
    throw badRequest(
      "not_a_member",
      "The owner must be a member of this organization: choose one from the members list.",
    );
}

export const nameTakenError = (kind: AssetKind, name: string) =>
  conflict(
    "asset_name_taken",
    `There is already a ${ASSET_KIND_LABELS[kind].toLowerCase()} named “${name}”: give this one another name, or change the existing one.`,
  );

/** 409 when another asset of the kind has the name (compared without case). */
export async function assertNameFree(db: Db, organizationId: string, kind: AssetKind, name: string, except?: string) {
  const [row] = await db
    .select({ n: count() })
    .from(assets)
    .where(
      and(
        eq(assets.organizationId, organizationId),
        eq(assets.kind, kind),
        sql`lower(${assets.name}) = lower(${name})`,
        except ? ne(assets.id, except) : undefined,
      ),
    );
  if (row?.n) throw nameTakenError(kind, name);
}

/** A unique violation on the name (two writers at once) as the same 409 the check gives. */
export function asNameConflict(err: unknown, kind: AssetKind, name: string): unknown {
  for (let e = err as { code?: unknown; constraint?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (e.code === "23505") return nameTakenError(kind, name);
  return err;
}

export async function createAsset(c: Change, input: AssetInput) {
  const organizationId = c.organizationId!;
  await assertMembers(c.tx, organizationId, [input.ownerUserId]);
  await assertNameFree(c.tx, organizationId, input.kind, input.name);
  const id = newId();
  const values = {
    id,
    organizationId,
    name: input.name,
    kind: input.kind,
    description: input.description || null,
    ownerUserId: input.ownerUserId ?? null,
    classification: input.classification ?? null,
    environment: input.environment ?? null,
    inScope: input.inScope ?? false,
    externalId: input.externalId || null,
    createdBy: c.actor.kind === "system" ? null : c.actor.userId,
    createdAt: c.now,
    updatedAt: c.now,
  };
  try {
    await c.tx.insert(assets).values(values);
  } catch (err) {
    throw asNameConflict(err, input.kind, input.name);
  }
  await c.emit(assetCreated, { id, after: recorded(values) });
  await assetControlsMoved(c);
  return loadAsset(c.tx, organizationId, id);
}

export async function updateAsset(c: Change, id: string, patch: AssetPatch) {
  const organizationId = c.organizationId!;
  const before = await loadAsset(c.tx, organizationId, id);
  const moves = (k: "name" | "kind" | "externalId") => patch[k] !== undefined && patch[k] !== before[k];
  if (before.connectionId && (moves("name") || moves("kind") || moves("externalId")))
    throw badRequest(
      "asset_from_connection",
      `“${before.name}” comes from the connection ${before.connectionName ?? ""}: its name, kind and external id follow the connection. Change its owner, classification, environment or scope instead.`,
    );
  await assertMembers(c.tx, organizationId, [patch.ownerUserId]);
  const old = recorded(before) as Record<string, unknown>;
  const next = recorded({ ...before, ...patch, description: patch.description ?? before.description }) as Record<
    string,
    unknown
  >;
  if (next.description === "") next.description = null;
  if (next.externalId === "") next.externalId = null;
  const changed = Object.keys(next).filter((k) => next[k] !== old[k]);
  if (!changed.length) return before;
  const kind = next.kind as AssetKind;
  const name = next.name as string;
  if (kind !== before.kind || name.toLowerCase() !== before.name.toLowerCase())
    await assertNameFree(c.tx, organizationId, kind, name, id);
  const set = Object.fromEntries(changed.map((k) => [k, next[k]]));
  try {
    await c.tx
      .update(assets)
      .set({ ...set, updatedAt: c.now })
      .where(and(eq(assets.organizationId, organizationId), eq(assets.id, id)));
  } catch (err) {
    throw asNameConflict(err, kind, name);
  }
  await c.emit(assetUpdated, {
    id,
    before: { name: before.name, ...Object.fromEntries(changed.map((k) => [k, old[k]])) },
    after: { name, ...set },
  });
  await assetControlsMoved(c);
  return loadAsset(c.tx, organizationId, id);
}

/** Removes an asset; one that a recovery objective or a continuity test names stays (409) until those go. */
export async function deleteAsset(
  c: Change,
  id: string,
  inUse: (db: Db, organizationId: string, id: string) => Promise<string | null>,
) {
  const organizationId = c.organizationId!;
  const before = await loadAsset(c.tx, organizationId, id);
  const reason = await inUse(c.tx, organizationId, id);
  if (reason) throw new AppError(409, "asset_in_use", `“${before.name}” cannot be removed: ${reason}`);
  await unlinkRecord(c, "asset", id);
  const gone = await c.tx
    .delete(assets)
    .where(and(eq(assets.organizationId, organizationId), eq(assets.id, id)))
    .returning({ id: assets.id });
  if (!gone.length) throw notFound("The asset");
  await c.emit(assetDeleted, { id, before: recorded(before) });
  await assetControlsMoved(c);
}

export async function recordInventoryReview(c: Change, note: string | null | undefined) {
  const organizationId = c.organizationId!;
  const [n] = await c.tx.select({ n: count() }).from(assets).where(eq(assets.organizationId, organizationId));
  const id = newId();
  const row = {
    id,
    organizationId,
    reviewedBy: c.actor.kind === "system" ? null : c.actor.userId,
    note: note || null,
    assetCount: n?.n ?? 0,
    createdAt: c.now,
  };
  await c.tx.insert(assetInventoryReviews).values(row);
  await c.emit(inventoryReviewed, { id, after: { assetCount: row.assetCount, note: row.note } });
  await assetControlsMoved(c);
  return row;
}
