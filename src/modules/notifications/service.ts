import { and, count, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { notifications } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { notFound } from "../../platform/errors.ts";
import type { Notification, NotificationFilter } from "./schema.ts";

type OrgActor = Extract<Actor, { kind: "user" | "token" }>;
const n = notifications;

const toItem = (r: typeof notifications.$inferSelect): Notification => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  readAt: r.readAt,
  createdAt: r.createdAt,
});

/** A person's own inbox in the current organization; nobody else's notifications are ever reachable. */
export function createNotificationsService({ db }: { db: Db }) {
  const mine = (actor: OrgActor) => and(eq(n.organizationId, actor.organizationId), eq(n.userId, actor.userId))!;

  return {
    /** Unread first, then newest first. */
    async list(actor: OrgActor, f: NotificationFilter) {
      const conditions: SQL[] = [mine(actor)];
      if (f.unread === "true") conditions.push(isNull(n.readAt));
      if (f.unread === "false") conditions.push(sql`${n.readAt} is not null`);
      const where = and(...conditions);
      const [rows, [total], [unread]] = await Promise.all([
        db
          .select()
          .from(n)
          .where(where)
          .orderBy(sql`(${n.readAt} is null) desc`, desc(n.createdAt), desc(n.id))
          .limit(f.pageSize)
          .offset(pageOffset(f)),
        db.select({ n: count() }).from(n).where(where),
        db
          .select({ n: count() })
          .from(n)
          .where(and(mine(actor), isNull(n.readAt))),
      ]);
      return {
        items: rows.map(toItem),
        total: total?.n ?? 0,
        unread: unread?.n ?? 0,
        page: f.page,
        pageSize: f.pageSize,
      };
    },

    /** Marks one of my notifications read; reading it again keeps the first time. */
    async markRead(actor: OrgActor, id: string) {
      const [row] = await db
        .select()
        .from(n)
        .where(and(mine(actor), eq(n.id, id)));
      if (!row) throw notFound("Notification");
      if (row.readAt) return toItem(row);
      // A person's own read marks: no ledger entry, nothing else derives from them.
      const [after] = await change(db, actor, ({ tx, now }) =>
        tx
          .update(n)
          .set({ readAt: now })
          .where(and(eq(n.id, id), isNull(n.readAt)))
          .returning(),
      );
      return toItem(after ?? row);
    },

    async markAllRead(actor: OrgActor) {
      const updated = await change(db, actor, ({ tx, now }) =>
        tx
          .update(n)
          .set({ readAt: now })
          .where(and(mine(actor), isNull(n.readAt)))
          .returning({ id: n.id }),
      );
      return { updated: updated.length };
    },
  };
}
