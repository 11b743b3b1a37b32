/** Sync history: what each sync of a connection did. */
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { connectionSyncs, connections } from "../../db/schema/index.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { notFound } from "../../platform/errors.ts";

export function createSyncsService({ db }: { db: Db }) {
  return {
    async list(organizationId: string, q: { connectionId?: string; status?: string; page: number; pageSize: number }) {
      const where = and(
        eq(connectionSyncs.organizationId, organizationId),
        q.connectionId ? eq(connectionSyncs.connectionId, q.connectionId) : undefined,
        q.status ? eq(connectionSyncs.status, q.status) : undefined,
      ) as SQL;
      const [{ total }] = (await db.select({ total: count() }).from(connectionSyncs).where(where)) as [
        { total: number },
      ];
      const rows = await db
        .select({ s: connectionSyncs, name: connections.name })
        .from(connectionSyncs)
        .innerJoin(connections, eq(connections.id, connectionSyncs.connectionId))
        .where(where)
        .orderBy(desc(connectionSyncs.startedAt), desc(connectionSyncs.id))
        .limit(q.pageSize)
        .offset(pageOffset(q));
      return {
        items: rows.map((r) => toSyncView(r.s, r.name)),
        total: Number(total),
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async get(organizationId: string, id: string) {
      const [row] = await db
        .select({ s: connectionSyncs, name: connections.name })
        .from(connectionSyncs)
        .innerJoin(connections, eq(connections.id, connectionSyncs.connectionId))
        .where(and(eq(connectionSyncs.id, id), eq(connectionSyncs.organizationId, organizationId)));
      if (!row) throw notFound("The sync");
      return toSyncView(row.s, row.name);
    },
  };
}

function toSyncView(s: typeof connectionSyncs.$inferSelect, connectionName: string) {
  return {
    id: s.id,
    connectionId: s.connectionId,
    connectionName,
    jobId: s.jobId,
    trigger: s.trigger,
    status: s.status as "running",
    progress: s.progress,
    message: s.message,
    counts: s.counts,
    warnings: s.warnings,
    error: s.error,
    guidance: s.guidance,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
  };
}
