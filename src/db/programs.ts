import { and, eq } from "drizzle-orm";
import { notFound } from "../platform/errors.ts";
import type { Db } from "./client.ts";
import { programs } from "./schema/index.ts";

export type ProgramRow = typeof programs.$inferSelect;

/**
 * A program of the organization, archived or not; 404 for unknown ids and for another organization's. Every
 * module that takes a program id reads it this way, so none needs the programs module to check one.
 */
export async function programInOrganization(db: Db, organizationId: string, id: string): Promise<ProgramRow> {
  const [p] = await db
    .select()
    .from(programs)
    .where(and(eq(programs.id, id), eq(programs.organizationId, organizationId)));
  if (!p) throw notFound("The program");
  return p;
}
