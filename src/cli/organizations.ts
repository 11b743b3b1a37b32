import { eq, or } from "drizzle-orm";
import { UUID_PATTERN } from "../core/id.ts";
import type { Db } from "../db/client.ts";
import { organizations } from "../db/schema/index.ts";
import { CliError, EXIT } from "./output.ts";

export interface OrgRef {
  id: string;
  slug: string;
  name: string;
}

/** The organization `--org` names (slug or id), or every organization by slug when it is not given. */
export async function selectOrganizations(db: Db, org: string | undefined): Promise<OrgRef[]> {
  const columns = { id: organizations.id, slug: organizations.slug, name: organizations.name };
  const rows = org
    ? await db
        .select(columns)
        .from(organizations)
        .where(
          UUID_PATTERN.test(org)
            ? or(eq(organizations.id, org.toLowerCase()), eq(organizations.slug, org))
            : eq(organizations.slug, org),
        )
    : await db.select(columns).from(organizations).orderBy(organizations.slug);
  if (org && !rows.length) throw new CliError(`No organization has the slug or id "${org}".`, EXIT.usage);
  return rows;
}
