import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { assets } from "../../db/schema/index.ts";

/** Test fixture: one asset written straight into the inventory (tests that are not about creating one). */
export async function seedAsset(db: Db, organizationId: string, over: Partial<typeof assets.$inferInsert> = {}) {
  const [row] = await db
    .insert(assets)
    .values({ id: newId(), organizationId, name: `system-${newId().slice(-8)}`, kind: "system", ...over })
    .returning();
  return row!;
}
