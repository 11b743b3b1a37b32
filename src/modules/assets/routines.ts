/** AST-01 (inventory owned, classified and reviewed), AST-02 (SaaS applications listed) and CNF-01 (data stores classified). */
import {
  ASSET_CONTROL_KEYS,
  CLASSIFICATION_CONTROL,
  classificationCheck,
  INVENTORY_CONTROL,
  inventoryCheck,
  SOFTWARE_CONTROL,
  saasCheck,
} from "../../core/assets.ts";
import type { ControlCheck } from "../../core/control-status.ts";
import type { Db } from "../../db/client.ts";
import type { ControlCheckProvider } from "../../kernel/routines.ts";
import { assetFacts, lastReviewAt } from "./queries.ts";

const SOURCE = "assets";

/** What the inventory tells each of its controls now; `used`: whether it has anything to say yet. */
export async function assetChecks(db: Db, organizationId: string, now: Date) {
  const facts = await assetFacts(db, organizationId);
  const reviewed = await lastReviewAt(db, organizationId);
  return {
    used: facts.length > 0 || !!reviewed,
    since: reviewed?.toISOString() ?? null,
    items: [
      {
        key: INVENTORY_CONTROL,
        label: "In-scope assets owned, classified and reviewed",
        ...inventoryCheck(facts, reviewed, now),
      },
      { key: SOFTWARE_CONTROL, label: "SaaS applications listed with owners", ...saasCheck(facts) },
      { key: CLASSIFICATION_CONTROL, label: "In-scope data stores classified", ...classificationCheck(facts) },
    ],
  };
}

export const controlChecks: ControlCheckProvider = {
  name: SOURCE,
  async collect(db, organizationId, now, keys) {
    const out = new Map<string, ControlCheck[]>();
    if (keys && !ASSET_CONTROL_KEYS.some((k) => keys.includes(k))) return out;
    const checks = await assetChecks(db, organizationId, now);
    // Before the first asset (or review) the inventory says nothing about these controls.
    if (!checks.used) return out;
    for (const { key, label, state, reason } of checks.items)
      out.set(key, [{ source: SOURCE, label, state, reason, since: key === INVENTORY_CONTROL ? checks.since : null }]);
    return out;
  },
};
