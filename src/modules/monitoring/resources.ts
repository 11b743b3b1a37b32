/** The resource inventory: filtered lists and one resource with its raw attributes and current results. */
import { and, asc, count, eq, ilike, isNotNull, isNull, or, type SQL, sql } from "drizzle-orm";
import type { TestStatus } from "../../core/intervals.ts";
import { slaState } from "../../core/sla.ts";
import type { Db } from "../../db/client.ts";
import { connections, resources, testStatusIntervals } from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { loadTests } from "../../integrations/definitions.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { notFound } from "../../platform/errors.ts";
import type { ResourceFilter } from "./schema.ts";
import { exceptionIndex, exceptionsAt } from "./store.ts";

/** Open failing results of a resource (fail or error). */
const failingCount = sql<number>`(SELECT count(*) FROM ${testStatusIntervals} i
  WHERE i.resource_id = ${resources.id} AND i.ended_at IS NULL AND i.status IN ('fail', 'error'))`;

const summaryColumns = {
  id: resources.id,
  connectionId: resources.connectionId,
  connectionName: connections.name,
  type: resources.type,
  externalId: resources.externalId,
  name: resources.name,
  firstSeenAt: resources.firstSeenAt,
  lastSeenAt: resources.lastSeenAt,
  missingSince: resources.missingSince,
  failing: failingCount,
};

export function createResourcesService({ db }: { db: Db }) {
  return {
    async list(organizationId: string, q: ResourceFilter) {
      const where = and(
        eq(resources.organizationId, organizationId),
        q.type ? eq(resources.type, q.type) : undefined,
        q.connectionId ? eq(resources.connectionId, q.connectionId) : undefined,
        q.q ? or(ilike(resources.name, likePattern(q.q)), ilike(resources.externalId, likePattern(q.q))) : undefined,
        q.missing === "exclude" ? isNull(resources.missingSince) : undefined,
        q.missing === "only" ? isNotNull(resources.missingSince) : undefined,
        q.failing === "true" ? sql`${failingCount} > 0` : undefined,
        q.failingTest
          ? sql`EXISTS (SELECT 1 FROM ${testStatusIntervals} f WHERE f.resource_id = ${resources.id}
                AND f.organization_id = ${organizationId}::uuid AND f.test_id = ${q.failingTest}
                AND f.ended_at IS NULL AND f.status IN ('fail', 'error'))`
          : undefined,
      ) as SQL;
      const [{ total }] = (await db.select({ total: count() }).from(resources).where(where)) as [{ total: number }];
      const rows = await db
        .select(summaryColumns)
        .from(resources)
        .innerJoin(connections, eq(connections.id, resources.connectionId))
        .where(where)
        .orderBy(asc(resources.type), asc(resources.name), asc(resources.id))
        .limit(q.pageSize)
        .offset(pageOffset(q));
      return {
        items: rows.map((r) => ({ ...r, failing: Number(r.failing) })),
        total: Number(total),
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    async get(organizationId: string, id: string) {
      const [row] = await db
        .select({ ...summaryColumns, attributes: resources.attributes })
        .from(resources)
        .innerJoin(connections, eq(connections.id, resources.connectionId))
        .where(and(eq(resources.id, id), eq(resources.organizationId, organizationId)));
      if (!row) throw notFound("The resource");
      const now = new Date();
      const open = await db
        .select()
        .from(testStatusIntervals)
        .where(
          and(
            eq(testStatusIntervals.organizationId, organizationId),
            eq(testStatusIntervals.resourceId, id),
            isNull(testStatusIntervals.endedAt),
          ),
        );
      const tests = new Map((await loadTests(db, organizationId)).map((t) => [t.id, t]));
      const find = exceptionIndex(
        open.length
          ? await exceptionsAt(
              db,
              organizationId,
              now,
              open.map((o) => o.testId),
            )
          : [],
      );
      const results = open
        .filter((o) => tests.has(o.testId))
        .map((o) => {
          const t = tests.get(o.testId)!;
          const exception = o.status === "fail" ? find(o.testId, id) : null;
          const sla = o.status === "fail" ? slaState(t.severity, o.startedAt, now, !!exception) : null;
          return {
            testId: o.testId,
            title: t.title,
            severity: t.severity,
            status: o.status as TestStatus,
            reason: o.reason,
            remediation: o.remediation,
            since: o.startedAt,
            excepted: !!exception,
            exception: exception
              ? { id: exception.id, expiresAt: exception.until, approvedBy: exception.approvedBy }
              : null,
            dueAt: sla?.dueAt ?? null,
            overdue: sla?.overdue ?? false,
          };
        })
        .sort((a, b) => a.testId.localeCompare(b.testId));
      return { ...row, failing: Number(row.failing), results };
    },
  };
}
