import { newId } from "../../core/id.ts";
import { DEFAULT_RISK_SCALES } from "../../core/risks.ts";
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

/** Test fixture: an assessment in progress (one per organization), or a completed one with an empty snapshot. */
export async function seedAssessment(db: Db, organizationId: string, completed = false) {
  const now = new Date();
  const [row] = await db
    .insert(riskAssessments)
    .values({
      id: newId(),
      organizationId,
      name: "Test assessment",
      period: "2026",
      ...(completed
        ? {
            status: "completed" as const,
            completedAt: now,
            snapshot: { takenAt: now.toISOString(), scales: DEFAULT_RISK_SCALES, risks: [] },
          }
        : {}),
    })
    .returning();
  return row!;
}
