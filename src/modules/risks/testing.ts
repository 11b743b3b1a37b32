import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { riskAssessments, risks } from "../../db/schema/index.ts";

/** Test fixture: one open risk written straight into the register. */
export async function seedRisk(db: Db, organizationId: string, over: Partial<typeof risks.$inferInsert> = {}) {
  const [row] = await db
    .insert(risks)
    .values({
      id: newId(),
      organizationId,
      title: `Example risk ${newId().slice(-8)}`,
      type: "security",
      likelihood: 3,
      impact: 4,
      ...over,
    })
    .returning();
  return row!;
}

/** Test fixture: an assessment in progress. */
export async function seedAssessment(db: Db, organizationId: string) {
  const [row] = await db
    .insert(riskAssessments)
    .values({ id: newId(), organizationId, name: "Test assessment", period: "2026" })
    .returning();
  return row!;
}
