import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { savedViews } from "../../db/schema/index.ts";

/** Test fixture: a saved view written straight into the table. */
export async function seedView(db: Db, organizationId: string, ownerUserId: string, shared = false) {
  const [row] = await db
    .insert(savedViews)
    .values({ id: newId(), organizationId, ownerUserId, scope: "risks", name: `View ${newId()}`, query: {}, shared })
    .returning();
  return row!;
}
