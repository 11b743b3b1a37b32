import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { memberships, organizations } from "../../db/schema/index.ts";
import type { Config } from "../../platform/config.ts";
import { AppError } from "../../platform/errors.ts";

/** Who may create organizations on this installation: its admins (the default) or anyone signed in. */
export type OrganizationCreation = Config["ASSAY_ORGANIZATION_CREATION"];

/**
 * Installation admins are the owners of the installation's first organization, the one setup created with its first
 * owner: who they are is managed (and recorded in that organization's ledger) like any owner role.
 */
export async function isInstallationAdmin(db: Db, userId: string): Promise<boolean> {
  const [first] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .orderBy(asc(organizations.createdAt), asc(organizations.id))
    .limit(1);
  if (!first) return false;
  const [m] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, first.id), eq(memberships.userId, userId)));
  return m?.role === "owner";
}

export async function mayCreateOrganizations(db: Db, userId: string, setting: OrganizationCreation) {
  return setting === "anyone" || (await isInstallationAdmin(db, userId));
}

export async function assertMayCreateOrganization(db: Db, userId: string, setting: OrganizationCreation) {
  if (!(await mayCreateOrganizations(db, userId, setting)))
    throw new AppError(
      403,
      "organization_creation_restricted",
      "On this installation only its admins (the owners of the organization created at setup) can create organizations (ASSAY_ORGANIZATION_CREATION=admins). Ask one of them to create it and invite you, or ask whoever runs the server to set ASSAY_ORGANIZATION_CREATION=anyone.",
    );
}
