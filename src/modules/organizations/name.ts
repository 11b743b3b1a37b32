import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { organizations } from "../../db/schema/index.ts";

/** The organization's display name, for report titles and PDFs ("" when it is gone). */
export async function organizationName(db: Db, organizationId: string): Promise<string> {
  const [org] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return org?.name ?? "";
}
