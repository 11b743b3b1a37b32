import { and, eq } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { checklistItems, connections, resources } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { startChecklist } from "./checklists.ts";
import { createPerson, findPersonByEmail, type PersonRow } from "./commands.ts";
import { personInput } from "./schema.ts";

/** Test fixture: people added to the directory as the system, through the same command the API uses. */
export async function seedPeople(
  db: Db,
  organizationId: string,
  list: {
    email?: string;
    fullName?: string;
    kind?: "employee" | "contractor";
    department?: string;
    status?: "onboarding" | "active" | "on_leave" | "left";
    startDate?: string;
  }[],
): Promise<PersonRow[]> {
  return change(db, systemActor(organizationId), async (c) => {
    const rows: PersonRow[] = [];
    for (const p of list) {
      const tag = crypto.randomUUID().slice(0, 8);
      rows.push(
        await createPerson(
          c,
          personInput.parse({
            email: p.email ?? `person-${tag}@example.test`,
            fullName: p.fullName ?? `Person ${tag}`,
            ...p,
          }),
        ),
      );
    }
    return rows;
  });
}

/** Test fixture: a person with this email (linked to the member who has it) and their onboarding checklist. */
export async function seedOnboarding(db: Db, organizationId: string, email: string) {
  return change(db, systemActor(organizationId), async (c) => {
    const person =
      (await findPersonByEmail(c.tx, organizationId, email)) ??
      (await createPerson(c, personInput.parse({ email, fullName: "Step Owner" })));
    const open = await c.tx
      .select()
      .from(checklistItems)
      .where(and(eq(checklistItems.personId, person.id), eq(checklistItems.checklist, "onboarding")));
    return open.length ? open : startChecklist(c, person.id, "onboarding");
  });
}

/** Test fixture: an identity connection (google, okta) with the user accounts its last sync found. */
export async function seedIdentityConnection(
  db: Db,
  organizationId: string,
  type: string,
  users: Record<string, unknown>[],
) {
  const [conn] = await db
    .insert(connections)
    .values({ id: newId(), organizationId, type, name: `${type} ${newId().slice(-6)}`, config: {} })
    .returning();
  for (const [i, attributes] of users.entries())
    await db.insert(resources).values({
      id: newId(),
      organizationId,
      connectionId: conn!.id,
      type: "user",
      externalId: `u${i}`,
      name: String(attributes.email ?? `user ${i}`),
      attributes,
    });
  return conn!;
}
