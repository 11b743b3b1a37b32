import type { TestClient } from "../../../test/client.ts";
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

/**
 * A program in which control `key` is marked implemented, with readers for that control and for the readiness of
 * its criteria: for each criterion, whether the control is among what stands between it and ready (`pending`).
 */
export async function programWithImplemented(client: TestClient, key: string) {
  const p = await client.post("/api/v1/programs", {
    name: `SOC 2 ${newId().slice(-6)}`,
    reportType: "type2",
    windowStart: "2027-01-01",
    windowEnd: "2027-12-31",
  });
  if (p.statusCode !== 201) throw new Error(p.body);
  const programId: string = p.json().id;
  const marked = await client.patch(`/api/v1/programs/${programId}/controls/${key}`, { status: "implemented" });
  if (marked.statusCode !== 200) throw new Error(marked.body);
  const criteria: string[] = marked.json().criteria;
  return {
    programId,
    criteria,
    /** The control as people see it: status, reason and history (newest first). */
    control: async () =>
      (await client.get(`/api/v1/programs/${programId}/controls/${key}`)).json() as {
        status: string;
        history: { status: string; source: string; at: string }[];
      },
    /** Criterion id → is the control pending there (not done), from GET …/readiness. */
    pendingIn: async () => {
      const r = (await client.get(`/api/v1/programs/${programId}/readiness`)).json() as {
        criteria: { id: string; pending: string[] }[];
      };
      return Object.fromEntries(
        r.criteria.filter((c) => criteria.includes(c.id)).map((c) => [c.id, c.pending.includes(key)]),
      );
    },
    /** The same answer for every criterion of the control. */
    everywhere: (pending: boolean) => Object.fromEntries(criteria.map((c) => [c, pending])),
  };
}
