import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { connectionSyncs, connections, customTests, resources, testExceptions } from "../../db/schema/index.ts";

/** A people (CSV) connection inserted directly (tests that are not about creating one). */
export async function seedConnection(
  db: Db,
  organizationId: string,
  userId: string | null,
  over: Partial<typeof connections.$inferInsert> = {},
) {
  const [row] = await db
    .insert(connections)
    .values({
      id: newId(),
      organizationId,
      type: "people_csv",
      name: `People ${newId().slice(-6)}`,
      config: { csv: "name,email\nAda Lovelace,ada@example.test\n" },
      createdBy: userId,
      ...over,
    })
    .returning();
  return row!;
}

/** A resource of a connection inserted directly. */
export async function seedResource(
  db: Db,
  organizationId: string,
  connectionId: string,
  over: Partial<typeof resources.$inferInsert> = {},
) {
  const id = newId();
  const [row] = await db
    .insert(resources)
    .values({
      id,
      organizationId,
      connectionId,
      type: "person",
      externalId: `person-${id.slice(-8)}@example.test`,
      name: `Person ${id.slice(-4)}`,
      attributes: { status: "active", manager_known: false },
      ...over,
    })
    .returning();
  return row!;
}

/** A finished sync row inserted directly. */
export async function seedSync(db: Db, organizationId: string, connectionId: string) {
  const [row] = await db
    .insert(connectionSyncs)
    .values({
      id: newId(),
      organizationId,
      connectionId,
      trigger: "manual",
      status: "succeeded",
      progress: 100,
      finishedAt: new Date(),
    })
    .returning();
  return row!;
}

/** A custom test inserted directly (off unless `enabled`). */
export async function seedCustomTest(
  db: Db,
  organizationId: string,
  userId: string | null,
  over: Partial<typeof customTests.$inferInsert> = {},
) {
  const [row] = await db
    .insert(customTests)
    .values({
      id: newId(),
      organizationId,
      key: `t-${newId().slice(-10)}`,
      title: "People have a department",
      resourceType: "person",
      severity: "low",
      rule: { attr: "department", op: "exists" },
      controls: ["GOV-06"],
      createdBy: userId,
      ...over,
    })
    .returning();
  return row!;
}

/** An exception inserted directly (pending unless `decision` says otherwise). */
export async function seedException(
  db: Db,
  organizationId: string,
  input: { testId: string; approverUserId: string; createdBy: string } & Partial<typeof testExceptions.$inferInsert>,
) {
  const [row] = await db
    .insert(testExceptions)
    .values({
      id: newId(),
      organizationId,
      justification: "Accepted while the HR export is being fixed.",
      expiresAt: new Date(Date.now() + 30 * 86_400_000),
      ...(input.decision === "approved" ? { decidedAt: new Date() } : {}),
      ...input,
    })
    .returning();
  return row!;
}
