import { and, asc, count, eq, ilike, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import type { Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { apiTokens, memberships, organizations, sessions, users } from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { change } from "../../kernel/change.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { can } from "../../kernel/policies.ts";
import { conflict, forbidden, notFound } from "../../platform/errors.ts";
import { tokenRevoked } from "../tokens/events.ts";
import { memberRemoved, memberRoleChanged } from "./events.ts";
import type { Member, MemberFilter } from "./schema.ts";

type OrgActor = Extract<Actor, { kind: "user" | "token" }>;

/** The owner role is granted and taken away only by owners (members.manage_owners). */
export function assertMayManageRole(actor: OrgActor, ...roles: Role[]) {
  if (roles.includes("owner") && !can(actor, "members.manage_owners"))
    throw forbidden("Only an owner can grant or take away the owner role. Ask an owner of this organization.");
}

const memberColumns = {
  id: memberships.id,
  userId: users.id,
  name: users.name,
  email: users.email,
  role: memberships.role,
  mfaEnabledAt: users.mfaEnabledAt,
  joinedAt: memberships.createdAt,
  lastSignInAt: users.lastSignInAt,
};
interface MemberRow {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: string;
  mfaEnabledAt: Date | null;
  joinedAt: Date;
  lastSignInAt: Date | null;
}
const toMember = ({ mfaEnabledAt, ...r }: MemberRow): Member => ({
  ...r,
  role: r.role as Role,
  mfaEnabled: mfaEnabledAt != null,
});

export function createMembersService({ db }: { db: Db }) {
  /** A member of the actor's organization, locking the organization so owner counts stay true until commit. */
  async function loadForChange(tx: Db, organizationId: string, membershipId: string) {
    await tx
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.id, organizationId))
      .for("update");
    const [row] = await tx
      .select(memberColumns)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.id, membershipId), eq(memberships.organizationId, organizationId)));
    if (!row) throw notFound("Member");
    return row;
  }

  async function assertNotLastOwner(tx: Db, organizationId: string, what: string) {
    const [owners] = await tx
      .select({ n: count() })
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.role, "owner")));
    if ((owners?.n ?? 0) <= 1)
      throw conflict(
        "last_owner",
        `This is the organization's only owner, so they cannot be ${what}. Make another member an owner first.`,
      );
  }

  return {
    async list(organizationId: string, f: MemberFilter) {
      const conditions: SQL[] = [eq(memberships.organizationId, organizationId)];
      if (f.role) conditions.push(eq(memberships.role, f.role));
      if (f.q) conditions.push(or(ilike(users.name, likePattern(f.q)), ilike(users.email, likePattern(f.q)))!);
      const where = and(...conditions);
      // One query for the page and the total (a window count); only a page past the end needs a second one.
      const rows = await db
        .select({ ...memberColumns, total: sql<number>`(count(*) over())::int` })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(where)
        .orderBy(asc(users.name), asc(memberships.id))
        .limit(f.pageSize)
        .offset(pageOffset(f));
      const total = rows[0]
        ? rows[0].total
        : ((
            await db
              .select({ n: count() })
              .from(memberships)
              .innerJoin(users, eq(users.id, memberships.userId))
              .where(where)
          )[0]?.n ?? 0);
      return { items: rows.map(({ total: _, ...r }) => toMember(r)), total, page: f.page, pageSize: f.pageSize };
    },

    async changeRole(actor: OrgActor, membershipId: string, role: Role) {
      return change(db, actor, async ({ tx, emit }) => {
        const m = await loadForChange(tx, actor.organizationId, membershipId);
        const from = m.role as Role;
        if (from === role) return toMember(m);
        assertMayManageRole(actor, from, role);
        if (from === "owner") await assertNotLastOwner(tx, actor.organizationId, "demoted");
        await tx.update(memberships).set({ role }).where(eq(memberships.id, membershipId));
        await emit(memberRoleChanged, {
          id: membershipId,
          before: { userId: m.userId, email: m.email, role: from },
          after: { userId: m.userId, email: m.email, role },
        });
        return toMember({ ...m, role });
      });
    },

    /** Removes the membership, ends the person's sessions in this organization and revokes their tokens for it. */
    async remove(actor: OrgActor, membershipId: string) {
      await change(db, actor, async ({ tx, emit, now }) => {
        const m = await loadForChange(tx, actor.organizationId, membershipId);
        assertMayManageRole(actor, m.role as Role);
        if (m.role === "owner") await assertNotLastOwner(tx, actor.organizationId, "removed");
        const inThisOrg = (table: typeof sessions | typeof apiTokens) =>
          and(eq(table.userId, m.userId), eq(table.organizationId, actor.organizationId));
        const ended = await tx.delete(sessions).where(inThisOrg(sessions)).returning({ id: sessions.id });
        const revoked = await tx
          .update(apiTokens)
          .set({ revokedAt: now })
          .where(and(inThisOrg(apiTokens), isNull(apiTokens.revokedAt)))
          .returning();
        await tx.delete(memberships).where(eq(memberships.id, membershipId));
        await emit(memberRemoved, {
          id: membershipId,
          before: { userId: m.userId, email: m.email, name: m.name, role: m.role },
          after: { endedSessions: ended.length },
        });
        for (const t of revoked)
          await emit(tokenRevoked, {
            id: t.id,
            before: { name: t.name, scope: t.scope, userId: t.userId, revokedAt: null },
            after: { revokedAt: t.revokedAt, reason: "member_removed" },
          });
      });
    },
  };
}
