import { sql } from "drizzle-orm";
import { newId } from "../../core/id.ts";
import { slugify } from "../../core/slug.ts";
import type { Db } from "../../db/client.ts";
import { memberships, organizations, users } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { conflict } from "../../platform/errors.ts";
import { assertAcceptablePassword } from "../../platform/password-policy.ts";
import { hashPassword } from "../../platform/passwords.ts";
import { findUserByEmail, normalizeEmail, userActor } from "../auth/public.ts";
import { memberAdded } from "../members/events.ts";
import { organizationCreated } from "../organizations/events.ts";
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
      const user = { id: newId(), email, name: input.name };
      const membership = { id: newId(), organizationId: newId(), userId: user.id, role: "owner" as const };
      const actor = userActor(user, membership, { requestId: meta.requestId });
      return change(db, actor, async ({ tx, emit, now }) => {
        // Concurrent setups queue here; the loser then sees the winner's organization.
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended('assay:setup', 0))`);
        const [existing] = await tx.select({ id: organizations.id }).from(organizations).limit(1);
        if (existing) throw setupClosed();
        if (await findUserByEmail(tx, email))
          throw conflict("email_taken", `An account for ${email} already exists. Sign in with it instead.`);
        const [org] = await tx
          .insert(organizations)
          .values({
            id: membership.organizationId,
            name: input.organizationName,
            slug: slugify(input.organizationName),
          })
          .returning();
        await tx.insert(users).values({ ...user, passwordHash });
        await tx.insert(memberships).values({ ...membership, lastUsedAt: now });
        await emit(organizationCreated, {
          id: org!.id,
          after: { name: org!.name, slug: org!.slug, via: "setup" },
        });
        await emit(memberAdded, {
          id: membership.id,
          after: { userId: user.id, email, name: user.name, role: "owner" },
        });
        return {
          organization: { id: org!.id, name: org!.name, slug: org!.slug },
          user,
          membershipId: membership.id,
        };
      });
    },
  };
}
