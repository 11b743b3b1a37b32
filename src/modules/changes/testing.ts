import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { changes } from "../../db/schema/index.ts";

/** Test fixture: one change written straight into the register (tests that are not about recording it). */
export async function seedChange(db: Db, organizationId: string, over: Partial<typeof changes.$inferInsert> = {}) {
  const [row] = await db
    .insert(changes)
    .values({
      id: newId(),
      organizationId,
      title: "Example change",
      source: "manual",
      status: "merged",
      author: "Zed <zed@example.test>",
      mergedAt: new Date(),
      unreviewed: true,
      ...over,
    })
    .returning();
  return row!;
}
