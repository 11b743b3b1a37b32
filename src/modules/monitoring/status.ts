/**
 * Reading results: the status of tests at a moment (or now), from the status intervals, with exceptions in effect
 * at that moment laid over failures. One indexed range scan per question: intervals of the asked tests that
 * started before the moment, kept when they had not ended yet.
 */
import { type SQL, sql } from "drizzle-orm";
import type { TestStatus } from "../../core/intervals.ts";
import { type Db, queryRows } from "../../db/client.ts";
import { type ActiveException, exceptionIndex, exceptionsAt } from "./store.ts";

export interface TestAggregate {
  counts: Record<TestStatus, number>;
  /** The latest start among the intervals in effect (the last change). */
  lastStart: Date | null;
  /** Failing (fail or error) pairs with when they started failing. */
  failing: { resourceId: string | null; status: TestStatus; startedAt: Date }[];
}

export interface ClassifiedTest {
  testId: string;
  pass: number;
  notApplicable: number;
  /** Failures no exception covers, errors included. */
  failing: number;
  excepted: number;
  errors: number;
  lastStart: Date | null;
  failures: {
    resourceId: string | null;
    status: TestStatus;
    startedAt: Date;
    exception: ActiveException | null;
  }[];
}

export interface ResultFilter {
  testIds?: readonly string[];
  resourceId?: string;
}

const inEffect = (at: Date | null) =>
  at
    ? sql`started_at <= ${at.toISOString()}::timestamptz AND (ended_at IS NULL OR ended_at > ${at.toISOString()}::timestamptz)`
    : sql`ended_at IS NULL`;

function filterSql(f: ResultFilter): SQL {
  const parts: SQL[] = [];
  if (f.testIds)
    parts.push(
      sql`test_id IN (${sql.join(
        f.testIds.map((t) => sql`${t}`),
        sql`, `,
      )})`,
    );
  if (f.resourceId) parts.push(sql`resource_id = ${f.resourceId}::uuid`);
  return parts.length ? sql`AND ${sql.join(parts, sql` AND `)}` : sql``;
}

/** Per test: how many pairs are in each status at `at` (null: now), and which ones fail since when. */
export async function aggregateAt(
  db: Db,
  organizationId: string,
  at: Date | null,
  filter: ResultFilter = {},
): Promise<Map<string, TestAggregate>> {
  const out = new Map<string, TestAggregate>();
  if (filter.testIds && filter.testIds.length === 0) return out;
  // One group per test, counted in one pass over the index (filtered aggregates rather than a group per status).
  const rows = await queryRows<{
    test_id: string;
    pass: number | string;
    fail: number | string;
    not_applicable: number | string;
    error: number | string;
    last_start: Date | string;
    failing: [string | null, TestStatus, string][] | string | null;
  }>(
    db,
    sql`SELECT test_id,
               count(*) FILTER (WHERE status = 'pass') AS pass,
               count(*) FILTER (WHERE status = 'fail') AS fail,
               count(*) FILTER (WHERE status = 'not_applicable') AS not_applicable,
               count(*) FILTER (WHERE status = 'error') AS error,
               max(started_at) AS last_start,
               json_agg(json_build_array(resource_id, status, started_at)) FILTER (WHERE status IN ('fail', 'error')) AS failing
          FROM test_status_intervals
         WHERE organization_id = ${organizationId}::uuid AND ${inEffect(at)} ${filterSql(filter)}
         GROUP BY test_id`,
  );
  for (const r of rows) {
    const failing =
      typeof r.failing === "string" ? (JSON.parse(r.failing) as [string | null, TestStatus, string][]) : r.failing;
    out.set(r.test_id, {
      counts: {
        pass: Number(r.pass),
        fail: Number(r.fail),
        not_applicable: Number(r.not_applicable),
        error: Number(r.error),
      },
      lastStart: new Date(r.last_start),
      failing: (failing ?? []).map(([resourceId, status, started]) => ({
        resourceId,
        status,
        startedAt: new Date(started),
      })),
    });
  }
  return out;
}

/** Lays the exceptions in effect at `at` over the failures. */
export async function classifiedAt(
  db: Db,
  organizationId: string,
  at: Date | null,
  filter: ResultFilter = {},
): Promise<Map<string, ClassifiedTest>> {
  const moment = at ?? new Date();
  const aggregates = await aggregateAt(db, organizationId, at, filter);
  const failingTests = [...aggregates].filter(([, a]) => a.failing.length).map(([id]) => id);
  const find = exceptionIndex(failingTests.length ? await exceptionsAt(db, organizationId, moment, failingTests) : []);
  const out = new Map<string, ClassifiedTest>();
  for (const [testId, a] of aggregates) {
    const c: ClassifiedTest = {
      testId,
      pass: a.counts.pass,
      notApplicable: a.counts.not_applicable,
      failing: 0,
      excepted: 0,
      errors: a.counts.error,
      lastStart: a.lastStart,
      failures: [],
    };
    for (const f of a.failing) {
      // Exceptions accept failures; an error (the test could not run) is never excepted.
      const exception = f.status === "fail" ? find(testId, f.resourceId) : null;
      if (exception) c.excepted++;
      else c.failing++;
      c.failures.push({ ...f, exception });
    }
    out.set(testId, c);
  }
  return out;
}

/** A date (YYYY-MM-DD) means the end of that UTC day; a moment is taken as given. */
export function parseMoment(value: string | undefined): Date {
  if (!value) return new Date();
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T23:59:59.999Z`);
  return new Date(value);
}
