import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { ROLES } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { memberships, organizations, sessions, users } from "../../db/schema/index.ts";
import { unauthorized } from "../../platform/errors.ts";
import { mayCreateOrganizations, type OrganizationCreation } from "../organizations/public.ts";

export const sessionPayloadSchema = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), mfaEnabled: z.boolean() }),
  organization: z.object({ id: z.uuid(), name: z.string(), slug: z.string() }).nullable(),
  role: z.enum(ROLES).nullable(),
  memberships: z.array(z.object({ organizationId: z.uuid(), name: z.string(), slug: z.string(), role: z.enum(ROLES) })),
  csrfToken: z.string(),
  /** True when the current organization requires MFA and this person has not set it up yet. */
  mfaEnrollmentRequired: z.boolean(),
  /** Whether this person may create organizations (ASSAY_ORGANIZATION_CREATION: installation admins, or anyone). */
  mayCreateOrganizations: z.boolean(),
  expiresAt: z.iso.datetime(),
});
export type SessionPayload = z.infer<typeof sessionPayloadSchema>;

/** What the web app needs about the signed-in person, read fresh for a session id. */
export async function loadSessionPayload(
  db: Db,
  sessionId: string,
  config: { ASSAY_ORGANIZATION_CREATION: OrganizationCreation },
): Promise<SessionPayload> {
  const [row] = await db
    .select({ s: sessions, email: users.email, name: users.name, mfaEnabledAt: users.mfaEnabledAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId));
  if (!row) throw unauthorized("Your session has ended. Sign in to continue.");
  const ms = await db
    .select({
      organizationId: memberships.organizationId,
      name: organizations.name,
      slug: organizations.slug,
      role: memberships.role,
      requireMfa: organizations.requireMfa,
    })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(eq(memberships.userId, row.s.userId))
    .orderBy(asc(organizations.name), asc(organizations.id));
  const current = ms.find((m) => m.organizationId === row.s.organizationId) ?? null;
  const mfaEnabled = row.mfaEnabledAt != null;
  return {
    user: { id: row.s.userId, email: row.email, name: row.name, mfaEnabled },
    organization: current ? { id: current.organizationId, name: current.name, slug: current.slug } : null,
    role: (current?.role as SessionPayload["role"]) ?? null,
    memberships: ms.map(({ requireMfa: _, ...m }) => ({ ...m, role: m.role as (typeof ROLES)[number] })),
    csrfToken: row.s.csrfToken,
    mfaEnrollmentRequired: !!current?.requireMfa && !mfaEnabled,
    mayCreateOrganizations: await mayCreateOrganizations(db, row.s.userId, config.ASSAY_ORGANIZATION_CREATION),
    expiresAt: row.s.expiresAt.toISOString(),
  };
}
