import { sql } from "drizzle-orm";
import { newId } from "../../core/id.ts";
import { slugify } from "../../core/slug.ts";
import type { Db } from "../../db/client.ts";
import { memberships, organizations, users } from "../../db/schema/index.ts";
import { appendLedger } from "../../ledger/append.ts";
import { conflict } from "../../platform/errors.ts";
import { assertAcceptablePassword } from "../../platform/password-policy.ts";
import { hashPassword } from "../../platform/passwords.ts";
import { userActor } from "../auth/actors.ts";
import { findUserByEmail, normalizeEmail } from "../auth/users.ts";
import type { SetupInput } from "./schema.ts";

export const setupClosed = () =>
  conflict(
    "setup_closed",
    "Setup is already complete: this installation has an organization. Sign in instead, or ask an owner to invite you.",
  );

/** First run: one organization and its owner, shared by POST /api/v1/setup and `assay setup`. */
export function createSetupService({ db }: { db: Db }) {
  return {
    async needsSetup(): Promise<boolean> {
      const [org] = await db.select({ id: organizations.id }).from(organizations).limit(1);
      return !org;
    },

    async createFirstOrganization(input: SetupInput, meta: { requestId?: string } = {}) {
      if (!(await this.needsSetup())) throw setupClosed(); // cheap early answer; re-checked under the lock
      const email = normalizeEmail(input.email);
      assertAcceptablePassword(input.password, [email, input.name, input.organizationName]);
      const passwordHash = await hashPassword(input.password);
      return db.transaction(async (tx) => {
        // Concurrent setups queue here; the loser then sees the winner's organization.
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended('assay:setup', 0))`);
        const [existing] = await tx.select({ id: organizations.id }).from(organizations).limit(1);
        if (existing) throw setupClosed();
        if (await findUserByEmail(tx, email))
          throw conflict("email_taken", `An account for ${email} already exists. Sign in with it instead.`);
        const [org] = await tx
          .insert(organizations)
          .values({ id: newId(), name: input.organizationName, slug: slugify(input.organizationName) })
          .returning();
        const [user] = await tx
          .insert(users)
          .values({ id: newId(), email, name: input.name, passwordHash })
          .returning({ id: users.id, email: users.email, name: users.name });
        const membership = { id: newId(), organizationId: org!.id, userId: user!.id, role: "owner" as const };
        await tx.insert(memberships).values({ ...membership, lastUsedAt: new Date() });
        const actor = userActor(user!, membership, { requestId: meta.requestId });
        await appendLedger(tx, actor, {
          action: "organization.created",
          entityType: "organization",
          entityId: org!.id,
          after: { name: org!.name, slug: org!.slug, via: "setup" },
        });
        await appendLedger(tx, actor, {
          action: "member.added",
          entityType: "membership",
          entityId: membership.id,
          after: { userId: user!.id, email, name: user!.name, role: "owner" },
        });
        return {
          organization: { id: org!.id, name: org!.name, slug: org!.slug },
          user: user!,
          membershipId: membership.id,
        };
      });
    },
  };
}
