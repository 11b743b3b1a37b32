/**
 * Writes to the people directory, as commands any module (an import, a connector sync, the HTTP service) runs in
 * its change: one ledger event per person created or changed, nothing half-written.
 */
import { and, eq, sql } from "drizzle-orm";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { memberships, people, users } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { badRequest, conflict, notFound } from "../../platform/errors.ts";
import { personCreated, personUpdated } from "./events.ts";
import type { PersonInput, PersonPatch } from "./schema.ts";

export type PersonRow = typeof people.$inferSelect;
type Source = PersonRow["source"];

/** The member of this organization whose account has this email, if any: a person is linked to it. */
async function memberUserId(db: Db, organizationId: string, email: string): Promise<string | null> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.organizationId, organizationId)))
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
  return row?.id ?? null;
}

async function assertManager(db: Db, organizationId: string, managerId: string | null, selfId?: string) {
  if (!managerId) return;
  if (managerId === selfId) throw badRequest("invalid_manager", "A person cannot be their own manager.");
  const [row] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.organizationId, organizationId), eq(people.id, managerId)));
  if (!row) throw badRequest("unknown_manager", "The manager is not in the people directory: add them first.");
}

function assertDates(p: { startDate: string | null; endDate: string | null }) {
  if (p.startDate && p.endDate && p.endDate < p.startDate)
    throw badRequest("end_before_start", `The end date (${p.endDate}) is before the start date (${p.startDate}).`);
}

export async function findPersonByEmail(db: Db, organizationId: string, email: string) {
  const [row] = await db
    .select()
    .from(people)
    .where(and(eq(people.organizationId, organizationId), sql`lower(${people.email}) = ${email.toLowerCase()}`));
  return row ?? null;
}

export async function loadPerson(db: Db, organizationId: string, id: string): Promise<PersonRow> {
  const [row] = await db
    .select()
    .from(people)
    .where(and(eq(people.organizationId, organizationId), eq(people.id, id)));
  if (!row) throw notFound("The person");
  return row;
}

/** Adds a person; an email already in the directory is a 409 naming who has it. */
export async function createPerson(c: Change, input: PersonInput, source: Source = "manual"): Promise<PersonRow> {
  const organizationId = c.organizationId!;
  assertDates(input);
  const existing = await findPersonByEmail(c.tx, organizationId, input.email);
  if (existing)
    throw conflict("duplicate_person", `${existing.fullName} already has the email ${input.email} in the directory.`);
  await assertManager(c.tx, organizationId, input.managerId);
  const [row] = await c.tx
    .insert(people)
    .values({
      id: newId(),
      organizationId,
      ...input,
      source,
      userId: await memberUserId(c.tx, organizationId, input.email),
      createdAt: c.now,
      updatedAt: c.now,
    })
    .returning();
  await c.emit(personCreated, { id: row!.id, after: row });
  return row!;
}

/** Changes a person's fields; only what differs is written and recorded. */
export async function updatePerson(c: Change, id: string, patch: PersonPatch): Promise<PersonRow> {
  const organizationId = c.organizationId!;
  const before = await loadPerson(c.tx, organizationId, id);
  const changed = Object.fromEntries(
    Object.entries(patch).filter(([k, v]) => v !== undefined && before[k as keyof PersonRow] !== v),
  ) as Partial<PersonRow>;
  if (!Object.keys(changed).length) return before;
  const next = { ...before, ...changed };
  assertDates(next);
  if ("managerId" in changed) await assertManager(c.tx, organizationId, next.managerId, id);
  if (changed.email) {
    const other = await findPersonByEmail(c.tx, organizationId, changed.email);
    if (other && other.id !== id)
      throw conflict("duplicate_person", `${other.fullName} already has the email ${changed.email} in the directory.`);
    changed.userId = await memberUserId(c.tx, organizationId, changed.email);
  }
  const [row] = await c.tx
    .update(people)
    .set({ ...changed, updatedAt: c.now })
    .where(and(eq(people.organizationId, organizationId), eq(people.id, id)))
    .returning();
  const beforeFields = Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof PersonRow]]));
  await c.emit(personUpdated, { id, before: beforeFields, after: changed });
  return row!;
}
