/**
 * What other modules may use of the people directory: finding the person behind a signed-in member, choosing an
 * audience (all staff, a department, contractors), and the commands for importers and connectors.
 */
import { and, eq, inArray, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { people, users } from "../../db/schema/index.ts";
import type { PersonKind } from "./schema.ts";

export { createPerson, findPersonByEmail, loadPerson, type PersonRow, updatePerson } from "./commands.ts";
export type { EmploymentStatus, PersonInput, PersonKind } from "./schema.ts";

/**
 * The person a member is, in this organization: linked by account, or (not yet linked) by the account's email.
 * Null when the directory has no such person.
 */
export async function personOfUser(db: Db, organizationId: string, userId: string) {
  const [row] = await db
    .select({ person: people })
    .from(people)
    .innerJoin(users, eq(users.id, userId))
    .where(
      and(
        eq(people.organizationId, organizationId),
        or(eq(people.userId, userId), and(isNull(people.userId), sql`lower(${people.email}) = lower(${users.email})`)),
      ),
    )
    .orderBy(sql`${people.userId} IS NULL`)
    .limit(1);
  return row?.person ?? null;
}

/** Who a routine asks: everyone who has not left, narrowed to some kinds and departments when given. */
export interface Audience {
  kinds?: readonly PersonKind[];
  departments?: readonly string[];
}

export function audienceWhere(organizationId: string, audience: Audience = {}): SQL {
  const where: SQL[] = [eq(people.organizationId, organizationId), ne(people.status, "left")];
  if (audience.kinds?.length) where.push(inArray(people.kind, [...audience.kinds]));
  if (audience.departments?.length) where.push(inArray(people.department, [...audience.departments]));
  return and(...where)!;
}

/** The ids of the people in an audience (see audienceWhere). */
export async function audienceIds(db: Db, organizationId: string, audience: Audience = {}): Promise<string[]> {
  const rows = await db.select({ id: people.id }).from(people).where(audienceWhere(organizationId, audience));
  return rows.map((r) => r.id);
}

/** People by id, in this organization only. */
export async function peopleByIds(db: Db, organizationId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .select()
    .from(people)
    .where(and(eq(people.organizationId, organizationId), inArray(people.id, [...ids])));
}
