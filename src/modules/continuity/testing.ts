import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { continuityPlans, continuityTests, recoveryObjectives } from "../../db/schema/index.ts";
import { seedAsset } from "../assets/testing.ts";

/** Test fixtures: continuity records written straight into their tables. */
export async function seedPlan(db: Db, organizationId: string) {
  const [row] = await db
    .insert(continuityPlans)
    .values({ id: newId(), organizationId, name: `Plan ${newId().slice(-8)}`, kind: "disaster_recovery" })
    .returning();
  return row!;
}

export async function seedObjective(db: Db, organizationId: string) {
  const asset = await seedAsset(db, organizationId, { kind: "data_store" });
  const [row] = await db
    .insert(recoveryObjectives)
    .values({ id: newId(), organizationId, assetId: asset.id, rtoMinutes: 240, rpoMinutes: 60 })
    .returning();
  return row!;
}

export async function seedTest(db: Db, organizationId: string) {
  const [row] = await db
    .insert(continuityTests)
    .values({
      id: newId(),
      organizationId,
      kind: "failover_drill",
      performedOn: "2026-01-15",
      scenario: "Fail over to the second region",
      result: "pass",
    })
    .returning();
  return row!;
}
