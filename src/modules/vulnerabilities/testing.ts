import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { vulnerabilities } from "../../db/schema/index.ts";

/** Test fixture: one open finding written straight into the register (tests that are not about importing). */
export async function seedFinding(
  db: Db,
  organizationId: string,
  over: Partial<typeof vulnerabilities.$inferInsert> = {},
) {
  const now = new Date();
  const [row] = await db
    .insert(vulnerabilities)
    .values({
      id: newId(),
      organizationId,
      fingerprint: newId(),
      scanner: "trivy",
      ruleId: "CVE-2026-0001",
      title: "Example finding",
      severity: "high",
      target: "registry.example/app:1",
      firstSeenAt: now,
      lastSeenAt: now,
      slaFrom: now,
      ...over,
    })
    .returning();
  return row!;
}
