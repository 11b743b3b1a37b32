/**
 * A person entered in the directory before they had an account becomes theirs when they join: the directory
 * entry with their email (and no account yet) is linked to the new member, so the steps assigned to them (and
 * to them as someone's manager) reach "My checklist steps" and they can complete them.
 */
import { and, eq, isNull, sql } from "drizzle-orm";
import { people } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { payloadsOf } from "../../kernel/events.ts";
import type { Subscriber } from "../../kernel/subscribers.ts";
import { memberAdded } from "../members/events.ts";

export const memberLinkSubscriber: Subscriber = {
  name: "people.member-link",
  on: [memberAdded] as never[],
  async handle(c: Change, events) {
    const organizationId = c.organizationId;
    if (!organizationId) return;
    for (const p of payloadsOf(events, memberAdded)) {
      const joined = p.after as { userId?: string; email?: string } | undefined;
      if (!joined?.userId || !joined.email) continue;
      await c.tx
        .update(people)
        .set({ userId: joined.userId })
        .where(
          and(
            eq(people.organizationId, organizationId),
            isNull(people.userId),
            sql`lower(${people.email}) = ${joined.email.toLowerCase()}`,
          ),
        );
    }
  },
};
