import { asc, count, eq, like, or } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { Role } from "../../core/roles.ts";
import { slugify } from "../../core/slug.ts";
import type { Db } from "../../db/client.ts";
import { isUniqueViolation } from "../../db/errors.ts";
import { memberships, organizations, users } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { type Page, pageOffset } from "../../kernel/http/schemas.ts";
import { AppError, conflict, notFound } from "../../platform/errors.ts";
import { assertMayCreateOrganization, type OrganizationCreation } from "./creation.ts";
import { organizationCreated, organizationUpdated, securityUpdated } from "./events.ts";
import { logoInfo } from "./logo.ts";
import type { SecurityChange, SecuritySettings } from "./schema.ts";

type OrgActor = Extract<Actor, { kind: "user" | "token" }>;

/** The person creating an organization (they may not be in any organization yet). */
export interface Creator {
  userId: string;
  email: string;
  name: string;
  sessionId?: string;
  requestId?: string;
}

/** The base slug if free, else base-2, base-3, … (a concurrent winner is caught by the unique index). */
async function freeSlug(db: Db, base: string): Promise<string> {
  const taken = new Set(
    (
      await db
        .select({ slug: organizations.slug })
        .from(organizations)
        .where(or(eq(organizations.slug, base), like(organizations.slug, `${base}-%`)))
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

const profileOf = (o: typeof organizations.$inferSelect) => ({
  id: o.id,
  name: o.name,
  slug: o.slug,
  createdAt: o.createdAt,
  updatedAt: o.updatedAt,
});
const securityOf = (o: typeof organizations.$inferSelect): SecuritySettings => ({
  requireMfa: o.requireMfa,
  sessionIdleMinutes: o.sessionIdleMinutes,
  sessionAbsoluteHours: o.sessionAbsoluteHours,
});

export function createOrganizationsService({
  db,
  organizationCreation,
}: {
  db: Db;
  organizationCreation: OrganizationCreation;
}) {
  async function load(tx: Db, organizationId: string, lock = false) {
    const q = tx.select().from(organizations).where(eq(organizations.id, organizationId));
    const [org] = lock ? await q.for("update") : await q;
    if (!org) throw notFound("Organization");
    return org;
  }

  return {
    /** Organizations this person belongs to, marking the one the request works in. */
    async listMine(userId: string, currentOrganizationId: string | null, page: Page) {
      const where = eq(memberships.userId, userId);
      const [rows, [total]] = await Promise.all([
        db
          .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, role: memberships.role })
          .from(memberships)
          .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
          .where(where)
          .orderBy(asc(organizations.name), asc(organizations.id))
          .limit(page.pageSize)
          .offset(pageOffset(page)),
        db.select({ n: count() }).from(memberships).where(where),
      ]);
      return {
        items: rows.map((r) => ({ ...r, role: r.role as Role, current: r.id === currentOrganizationId })),
        total: total?.n ?? 0,
        ...page,
      };
    },

    /**
     * Creates an organization with the creator as its owner; the first entry of its ledger records it. Who may is the
     * installation's setting (creation.ts).
     */
    async create(creator: Creator, name: string) {
      await assertMayCreateOrganization(db, creator.userId, organizationCreation);
      for (let attempt = 0; ; attempt++) {
        try {
          const id = newId();
          const actor: Actor = {
            kind: "user",
            userId: creator.userId,
            email: creator.email,
            name: creator.name,
            organizationId: id,
            role: "owner",
            sessionId: creator.sessionId,
            requestId: creator.requestId,
          };
          return await change(db, actor, async ({ tx, emit }) => {
            const slug = await freeSlug(tx, slugify(name));
            const [org] = await tx.insert(organizations).values({ id, name, slug }).returning();
            const membershipId = newId();
            await tx
              .insert(memberships)
              .values({ id: membershipId, organizationId: id, userId: creator.userId, role: "owner" });
            await emit(organizationCreated, {
              id,
              after: { name, slug, owner: { userId: creator.userId, email: creator.email, membershipId } },
            });
            return { id, name, slug: org!.slug, role: "owner" as const, current: false };
          });
        } catch (err) {
          if (attempt < 3 && isUniqueViolation(err, "organizations_slug_unique")) continue;
          throw err;
        }
      }
    },

    async profile(organizationId: string) {
      return { ...profileOf(await load(db, organizationId)), logo: await logoInfo(db, organizationId) };
    },

    async rename(actor: OrgActor, name: string) {
      return change(db, actor, async ({ tx, emit }) => {
        const before = await load(tx, actor.organizationId, true);
        const logo = await logoInfo(tx, actor.organizationId);
        if (before.name === name) return { ...profileOf(before), logo };
        const [after] = await tx
          .update(organizations)
          .set({ name, updatedAt: new Date() })
          .where(eq(organizations.id, actor.organizationId))
          .returning();
        await emit(organizationUpdated, { id: actor.organizationId, before: { name: before.name }, after: { name } });
        return { ...profileOf(after!), logo };
      });
    },

    async security(organizationId: string) {
      return securityOf(await load(db, organizationId));
    },

    async updateSecurity(actor: OrgActor, input: SecurityChange) {
      return change(db, actor, async ({ tx, emit }) => {
        const org = await load(tx, actor.organizationId, true);
        const before = securityOf(org);
        const after = { ...before, ...input };
        if (after.sessionIdleMinutes > after.sessionAbsoluteHours * 60)
          throw new AppError(
            400,
            "invalid_session_lengths",
            `The idle timeout (${after.sessionIdleMinutes} minutes) cannot be longer than the absolute session length (${after.sessionAbsoluteHours} hours). Shorten the idle timeout or lengthen the session.`,
          );
        if (after.requireMfa && !before.requireMfa) {
          // Requiring MFA while not having it would lock the admin out of everything but enrollment.
          const [me] = await tx.select({ mfa: users.mfaEnabledAt }).from(users).where(eq(users.id, actor.userId));
          if (!me?.mfa)
            throw conflict(
              "mfa_not_enabled",
              "Set up multi-factor authentication for your own account (Account → Security) before requiring it for everyone.",
            );
        }
        const changed = (Object.keys(after) as (keyof SecuritySettings)[]).some((k) => after[k] !== before[k]);
        if (!changed) return before;
        await tx
          .update(organizations)
          .set({ ...after, updatedAt: new Date() })
          .where(eq(organizations.id, actor.organizationId));
        await emit(securityUpdated, { id: actor.organizationId, before, after });
        return after;
      });
    },
  };
}
