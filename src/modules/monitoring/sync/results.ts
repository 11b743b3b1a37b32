/**
 * Writing test results as status intervals: evaluate tests on stored resources, diff against the open
 * intervals (src/core/intervals.ts) and write only the changes.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { newId } from "../../../core/id.ts";
import { diffIntervals, type Observation, type OpenInterval, type TestStatus } from "../../../core/intervals.ts";
import type { WriteTx } from "../../../db/client.ts";
import { testStatusIntervals } from "../../../db/schema/index.ts";
import { evaluateSafely, type TestDefinition } from "../../../integrations/definitions.ts";

export interface StoredResource {
  id: string;
  type: string;
  externalId: string;
  name: string;
  attributes: Record<string, unknown>;
}

export interface ResultObservation extends Observation {
  testId: string;
  resourceId: string;
  remediation: string;
}

const keyOf = (testId: string, resourceId: string) => `${testId}|${resourceId}`;

/** Tests that apply to a resource of this connection: the connector's own catalogue tests and custom tests. */
export function testsFor(tests: readonly TestDefinition[], connectorType: string): Map<string, TestDefinition[]> {
  const byType = new Map<string, TestDefinition[]>();
  for (const t of tests) {
    if (!t.enabled || (t.connectorType !== null && t.connectorType !== connectorType)) continue;
    byType.set(t.resourceType, [...(byType.get(t.resourceType) ?? []), t]);
  }
  return byType;
}

/** Evaluates the applicable tests on each resource. */
export function evaluate(
  byType: ReadonlyMap<string, TestDefinition[]>,
  resources: readonly StoredResource[],
  config: Record<string, unknown>,
): ResultObservation[] {
  const out: ResultObservation[] = [];
  for (const r of resources)
    for (const t of byType.get(r.type) ?? []) {
      const e = evaluateSafely(t, r, { config });
      out.push({
        key: keyOf(t.id, r.id),
        testId: t.id,
        resourceId: r.id,
        status: e.status,
        reason: e.reason.slice(0, 2000),
        remediation: e.status === "fail" || e.status === "error" ? (e.remediation ?? t.remediation).slice(0, 4000) : "",
      });
    }
  return out;
}

export interface RecordCounts {
  opened: Partial<Record<TestStatus, number>>;
  closed: number;
  unchanged: number;
  /** Status changes (capped list, for the ledger). */
  changes: { testId: string; resourceId: string; from: TestStatus | null; to: TestStatus }[];
}

/**
 * Writes the observations of a run over `resourceIds` (and, when given, only `testIds`): intervals whose status
 * changed are closed and new ones opened at `at`. Within that scope everything was evaluated, so an open
 * interval nobody observed any more (a test turned off, no longer applicable) is closed. Runs in the transaction
 * of a change, whose organization lock serializes the result writers of an organization (a sync and a test being
 * turned on at once).
 */
export async function recordResults(
  tx: WriteTx,
  organizationId: string,
  scope: { resourceIds: readonly string[]; testIds?: readonly string[] },
  observations: readonly ResultObservation[],
  at: Date,
): Promise<RecordCounts> {
  const counts: RecordCounts = { opened: {}, closed: 0, unchanged: 0, changes: [] };
  if (!scope.resourceIds.length) return counts;
  const openRows = await tx
    .select({
      id: testStatusIntervals.id,
      testId: testStatusIntervals.testId,
      resourceId: testStatusIntervals.resourceId,
      status: testStatusIntervals.status,
      startedAt: testStatusIntervals.startedAt,
    })
    .from(testStatusIntervals)
    .where(
      and(
        eq(testStatusIntervals.organizationId, organizationId),
        isNull(testStatusIntervals.endedAt),
        inArray(testStatusIntervals.resourceId, [...scope.resourceIds]),
        scope.testIds ? inArray(testStatusIntervals.testId, [...scope.testIds]) : undefined,
      ),
    );
  const current = new Map<string, OpenInterval>();
  const idByKey = new Map<string, string>();
  for (const r of openRows) {
    const key = keyOf(r.testId, r.resourceId!);
    current.set(key, { status: r.status as TestStatus, since: r.startedAt });
    idByKey.set(key, r.id);
  }
  const diff = diffIntervals(current, observations, { complete: true });
  counts.unchanged = diff.unchanged;
  if (diff.close.length) {
    const ids = diff.close.map((k) => idByKey.get(k)!);
    for (let i = 0; i < ids.length; i += 1000)
      await tx
        .update(testStatusIntervals)
        .set({ endedAt: at })
        .where(
          and(
            eq(testStatusIntervals.organizationId, organizationId),
            inArray(testStatusIntervals.id, ids.slice(i, i + 1000)),
          ),
        );
    counts.closed = ids.length;
  }
  if (diff.open.length) {
    const rows = (diff.open as ResultObservation[]).map((o) => ({
      id: newId(at.getTime()),
      organizationId,
      testId: o.testId,
      resourceId: o.resourceId,
      status: o.status,
      reason: o.reason,
      remediation: o.remediation,
      startedAt: at,
      endedAt: null,
    }));
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(testStatusIntervals).values(rows.slice(i, i + 1000));
    for (const o of diff.open as ResultObservation[]) {
      counts.opened[o.status] = (counts.opened[o.status] ?? 0) + 1;
      if (counts.changes.length < 100)
        counts.changes.push({
          testId: o.testId,
          resourceId: o.resourceId,
          from: current.get(o.key)?.status ?? null,
          to: o.status,
        });
    }
  }
  // Keys closed without a successor (subject gone from scope) are changes too.
  const reopened = new Set(diff.open.map((o) => o.key));
  for (const k of diff.close)
    if (!reopened.has(k) && counts.changes.length < 100) {
      const [testId, resourceId] = k.split("|") as [string, string];
      counts.changes.push({ testId, resourceId, from: current.get(k)!.status, to: "not_applicable" });
    }
  return counts;
}

/**
 * Closes every open interval of the given resources, or of the given tests (a resource gone, a test turned off), in
 * the transaction of a change.
 */
export async function closeOpenIntervals(
  tx: WriteTx,
  organizationId: string,
  where: { resourceIds?: readonly string[]; testIds?: readonly string[] },
  at: Date,
): Promise<number> {
  if (where.resourceIds?.length === 0 || where.testIds?.length === 0) return 0;
  const rows = await tx
    .update(testStatusIntervals)
    .set({ endedAt: at })
    .where(
      and(
        eq(testStatusIntervals.organizationId, organizationId),
        isNull(testStatusIntervals.endedAt),
        where.resourceIds ? inArray(testStatusIntervals.resourceId, [...where.resourceIds]) : undefined,
        where.testIds ? inArray(testStatusIntervals.testId, [...where.testIds]) : undefined,
      ),
    )
    .returning({ id: testStatusIntervals.id });
  return rows.length;
}
