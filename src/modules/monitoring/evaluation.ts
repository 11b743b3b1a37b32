/**
 * Evaluating one test outside a sync, on the resources already stored: when a test is turned on or its rule
 * changes (results are written), and for a dry run (nothing is written).
 */
import { and, eq, isNull } from "drizzle-orm";
import type { TestStatus } from "../../core/intervals.ts";
import type { Db, WriteTx } from "../../db/client.ts";
import { connections, resources, testStatusIntervals } from "../../db/schema/index.ts";
import { evaluateSafely, type TestDefinition } from "../../integrations/definitions.ts";
import { type RecordCounts, recordResults, type StoredResource } from "./sync/results.ts";

export interface ResourceWithConfig extends StoredResource {
  config: Record<string, unknown>;
}

/** The resources a test applies to now: of its type, still present, from a live connection (of its connector). */
export async function resourcesFor(
  db: Db,
  organizationId: string,
  test: TestDefinition,
): Promise<ResourceWithConfig[]> {
  const rows = await db
    .select({
      id: resources.id,
      type: resources.type,
      externalId: resources.externalId,
      name: resources.name,
      attributes: resources.attributes,
      config: connections.config,
    })
    .from(resources)
    .innerJoin(connections, eq(connections.id, resources.connectionId))
    .where(
      and(
        eq(resources.organizationId, organizationId),
        eq(resources.type, test.resourceType),
        isNull(resources.missingSince),
        isNull(connections.deletedAt),
        test.connectorType ? eq(connections.type, test.connectorType) : undefined,
      ),
    )
    .orderBy(resources.name, resources.id);
  return rows;
}

export interface DryRunRow {
  resourceId: string;
  name: string;
  status: TestStatus;
  reason: string;
  remediation: string;
}

export function evaluateAll(test: TestDefinition, list: readonly ResourceWithConfig[]): DryRunRow[] {
  return list.map((r) => {
    const e = evaluateSafely(test, r, { config: r.config });
    return {
      resourceId: r.id,
      name: r.name,
      status: e.status,
      reason: e.reason.slice(0, 2000),
      remediation:
        e.status === "fail" || e.status === "error" ? (e.remediation ?? test.remediation).slice(0, 4000) : "",
    };
  });
}

/** The open results of a test, by resource. */
export async function currentStatuses(db: Db, organizationId: string, testId: string) {
  const rows = await db
    .select({ resourceId: testStatusIntervals.resourceId, status: testStatusIntervals.status })
    .from(testStatusIntervals)
    .where(
      and(
        eq(testStatusIntervals.organizationId, organizationId),
        eq(testStatusIntervals.testId, testId),
        isNull(testStatusIntervals.endedAt),
      ),
    );
  return new Map(rows.map((r) => [r.resourceId ?? "", r.status as TestStatus]));
}

/** Evaluates the test on its current resources and writes the changes (in the transaction of the caller's change). */
export async function reevaluate(
  tx: WriteTx,
  organizationId: string,
  test: TestDefinition,
  at: Date,
): Promise<RecordCounts> {
  const list = await resourcesFor(tx, organizationId, test);
  const results = evaluateAll(test, list);
  const total: RecordCounts = { opened: {}, closed: 0, unchanged: 0, changes: [] };
  for (let i = 0; i < results.length; i += 500) {
    const chunk = results.slice(i, i + 500);
    const c = await recordResults(
      tx,
      organizationId,
      { resourceIds: chunk.map((r) => r.resourceId), testIds: [test.id] },
      chunk.map((r) => ({
        key: `${test.id}|${r.resourceId}`,
        testId: test.id,
        resourceId: r.resourceId,
        status: r.status,
        reason: r.reason,
        remediation: r.remediation,
      })),
      at,
    );
    for (const [k, v] of Object.entries(c.opened))
      total.opened[k as TestStatus] = (total.opened[k as TestStatus] ?? 0) + (v ?? 0);
    total.closed += c.closed;
    total.unchanged += c.unchanged;
    total.changes.push(...c.changes.slice(0, 100 - total.changes.length));
  }
  return total;
}
