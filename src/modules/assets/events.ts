/** The asset inventory's events: one ledger entry per asset written by hand, one per import or promotion. */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; before?: unknown; after?: unknown };
const asset = (p: Recorded) => ({ entityType: "asset", entityId: p.id, before: p.before, after: p.after });

export const assetCreated = defineEvent<Recorded>()("assets.created", { ledger: asset });
export const assetUpdated = defineEvent<Recorded>()("assets.updated", { ledger: asset });
export const assetDeleted = defineEvent<Recorded>()("assets.deleted", { ledger: asset });

/** A CSV or XLSX file imported: which assets it created, by name. */
export const assetsImported = defineEvent<{ after: { created: number; updated: number; names: string[] } }>()(
  "assets.imported",
  {
    ledger: (p) => ({ entityType: "asset", entityId: null, after: p.after }),
  },
);

/** Connector resources promoted into the inventory. */
export const assetsPromoted = defineEvent<{ after: { created: number; names: string[]; connections: string[] } }>()(
  "assets.promoted",
  { ledger: (p) => ({ entityType: "asset", entityId: null, after: p.after }) },
);

/** Someone reviewed the whole inventory (AST-01). */
export const inventoryReviewed = defineEvent<Recorded>()("assets.inventory_reviewed", {
  ledger: (p) => ({ entityType: "asset_inventory_review", entityId: p.id, after: p.after }),
});

/**
 * The agent device behind an endpoint asset was revoked: the asset is no longer seen from then and leaves the scope
 * (after: name, inScope false, missingSince, device).
 */
export const assetRetired = defineEvent<Recorded>()("assets.retired", { ledger: asset });

/**
 * A sync (or an agent report) moved when the assets promoted from its connection were last seen. Derived state:
 * the sync's own entry records what it saw, so this one is not ledgered.
 */
export const assetsSighted = defineEvent<{ connectionId: string; updated: number }>()("assets.sighted", {
  ledger: null,
});
