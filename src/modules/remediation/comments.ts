import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { memberships, remediationComments, remediationItems, users } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { notFound } from "../../platform/errors.ts";
import { remediationCommented } from "./events.ts";
import type { Person, RemediationComment } from "./schema.ts";
import { loadProgram } from "./store.ts";

/** Comments on a remediation item, with @email mentions of the organization's members. */

type OrgActor = Extract<Actor, { kind: "user" | "token" }>;
type CommentRow = typeof remediationComments.$inferSelect;

/** `@` then an email address; a trailing full stop or comma ends the sentence, not the address. */
const MENTION = /@([^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]*[^\s@<>()[\],;:".])/g;

/** The email addresses a comment mentions, lower-cased, each once, in order. */
export function mentionedEmails(body: string): string[] {
  return [...new Set([...body.matchAll(MENTION)].map((m) => m[1]!.toLowerCase()))];
}

async function membersByEmail(db: Db, organizationId: string, emails: readonly string[]): Promise<Person[]> {
  if (!emails.length) return [];
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organizationId, organizationId), inArray(sql`lower(${users.email})`, [...emails])));
}

async function itemOf(db: Db, organizationId: string, programId: string, id: string) {
  await loadProgram(db, organizationId, programId);
  const [row] = await db
    .select()
    .from(remediationItems)
    .where(
      and(
        eq(remediationItems.id, id),
        eq(remediationItems.programId, programId),
        eq(remediationItems.organizationId, organizationId),
      ),
    );
  if (!row) throw notFound("Remediation item");
  return row;
}

async function toComments(db: Db, rows: readonly CommentRow[]): Promise<RemediationComment[]> {
  const ids = [...new Set(rows.flatMap((r) => [r.authorUserId, ...r.mentions]))];
  const people = ids.length
    ? await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, ids))
    : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  return rows.map((r) => ({
    id: r.id,
    itemId: r.itemId,
    author: byId.get(r.authorUserId) ?? null,
    body: r.body,
    mentions: r.mentions.map((m) => byId.get(m)).filter((p): p is Person => !!p),
    createdAt: r.createdAt,
  }));
}

export function createCommentService({ db }: { db: Db }) {
  return {
    /** The item's comments, oldest first. */
    async list(actor: OrgActor, programId: string, id: string): Promise<{ items: RemediationComment[] }> {
      const item = await itemOf(db, actor.organizationId, programId, id);
      const rows = await db
        .select()
        .from(remediationComments)
        .where(
          and(eq(remediationComments.organizationId, actor.organizationId), eq(remediationComments.itemId, item.id)),
        )
        .orderBy(asc(remediationComments.createdAt), asc(remediationComments.id));
      return { items: await toComments(db, rows) };
    },

    /**
     * Adds a comment; each `@email` of a member of this organization becomes a mention (notified, see the
     * notifications module), any other address stays plain text. Comments are allowed on items in any status.
     */
    async add(actor: OrgActor, programId: string, id: string, body: string): Promise<RemediationComment> {
      const row = await change(db, actor, async (c) => {
        const item = await itemOf(c.tx, actor.organizationId, programId, id);
        const mentioned = await membersByEmail(c.tx, actor.organizationId, mentionedEmails(body));
        const comment: CommentRow = {
          id: newId(),
          organizationId: actor.organizationId,
          itemId: item.id,
          authorUserId: actor.userId,
          body,
          mentions: mentioned.map((m) => m.id),
          createdAt: c.now,
        };
        await c.tx.insert(remediationComments).values(comment);
        await c.emit(remediationCommented, {
          id: item.id,
          after: { ref: item.ref, commentId: comment.id, body, mentions: comment.mentions },
        });
        return comment;
      });
      return (await toComments(db, [row]))[0]!;
    },
  };
}
