/**
 * Tests as people see them: the list with current counts, one test with its failing resources (remediation SLA,
 * exceptions), the history of results, turning tests on and off, and dry runs.
 */

import { and, count, desc, eq, gte, inArray, isNull, lte, or, type SQL } from "drizzle-orm";
import type { OrgActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import type { TestStatus } from "../../core/intervals.ts";
import { slaState } from "../../core/sla.ts";
import type { Db } from "../../db/client.ts";
import { customTests, resources, testSettings, testStatusIntervals } from "../../db/schema/index.ts";
import { loadTests, type TestDefinition } from "../../integrations/definitions.ts";
import { change } from "../../kernel/change.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { currentStatuses, evaluateAll, reevaluate, resourcesFor } from "./evaluation.ts";
import { testDisabled, testEnabled, testResultsMoved } from "./events.ts";
import type { StatusCounts } from "./schema.ts";
import { type ClassifiedTest, classifiedAt } from "./status.ts";
import { customTestRow, findTest } from "./store.ts";
import { closeOpenIntervals } from "./sync/results.ts";

const countsOf = (c: ClassifiedTest | undefined): StatusCounts => ({
  pass: c?.pass ?? 0,
  fail: c ? c.failing - c.errors : 0,
  excepted: c?.excepted ?? 0,
  not_applicable: c?.notApplicable ?? 0,
  error: c?.errors ?? 0,
});

function summary(t: TestDefinition, c: ClassifiedTest | undefined, now: Date) {
  const overdue = (c?.failures ?? []).filter(
    (f) => !f.exception && f.status === "fail" && slaState(t.severity, f.startedAt, now).overdue,
  ).length;
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    source: t.source,
    connectorType: t.connectorType,
    resourceType: t.resourceType,
    severity: t.severity,
    controls: t.controls,
    remediation: t.remediation,
    enabled: t.enabled,
    counts: countsOf(c),
    overdue,
  };
}

export function createChecksService({ db }: { db: Db }) {
  return {
    async list(
      organizationId: string,
      q: {
        source?: "catalogue" | "custom";
        status?: "failing" | "passing" | "disabled";
        control?: string;
        connectorType?: string;
      },
    ) {
      const now = new Date();
      const results = await classifiedAt(db, organizationId, null);
      const items = (await loadTests(db, organizationId))
        .filter((t) => !q.source || t.source === q.source)
        .filter((t) => !q.control || t.controls.includes(q.control))
        .filter((t) => !q.connectorType || t.connectorType === q.connectorType)
        .map((t) => summary(t, results.get(t.id), now))
        .filter((t) => {
          if (q.status === "disabled") return !t.enabled;
          if (q.status === "failing") return t.enabled && t.counts.fail + t.counts.error > 0;
          if (q.status === "passing") return t.enabled && t.counts.fail + t.counts.error === 0;
          return true;
        });
      return { items };
    },

    async detail(organizationId: string, testId: string) {
      const now = new Date();
      const t = await findTest(db, organizationId, testId);
      const c = (await classifiedAt(db, organizationId, null, { testIds: [t.id] })).get(t.id);
      const custom = await customTestRow(db, organizationId, t.id);
      const ids = (c?.failures ?? []).map((f) => f.resourceId).filter((x): x is string => !!x);
      const info = new Map(
        (ids.length
          ? await db
              .select({
                id: resources.id,
                name: resources.name,
                type: resources.type,
                connectionId: resources.connectionId,
              })
              .from(resources)
              .where(and(eq(resources.organizationId, organizationId), inArray(resources.id, ids)))
          : []
        ).map((r) => [r.id, r]),
      );
      const reasons = new Map(
        (ids.length
          ? await db
              .select({
                resourceId: testStatusIntervals.resourceId,
                reason: testStatusIntervals.reason,
                remediation: testStatusIntervals.remediation,
              })
              .from(testStatusIntervals)
              .where(
                and(
                  eq(testStatusIntervals.organizationId, organizationId),
                  eq(testStatusIntervals.testId, t.id),
                  isNull(testStatusIntervals.endedAt),
                  inArray(testStatusIntervals.resourceId, ids),
                ),
              )
          : []
        ).map((r) => [r.resourceId, r]),
      );
      const failing = (c?.failures ?? [])
        .filter((f) => f.resourceId && info.has(f.resourceId))
        .map((f) => {
          const r = info.get(f.resourceId!)!;
          const sla = f.status === "fail" ? slaState(t.severity, f.startedAt, now, !!f.exception) : null;
          return {
            resourceId: r.id,
            name: r.name,
            type: r.type,
            connectionId: r.connectionId,
            status: f.status,
            reason: reasons.get(r.id)?.reason ?? "",
            remediation: reasons.get(r.id)?.remediation ?? t.remediation,
            since: f.startedAt,
            excepted: !!f.exception,
            exception: f.exception
              ? { id: f.exception.id, expiresAt: f.exception.until, approvedBy: f.exception.approvedBy }
              : null,
            dueAt: sla?.dueAt ?? null,
            overdue: sla?.overdue ?? false,
          };
        })
        .sort((a, b) => Number(a.excepted) - Number(b.excepted) || a.since.getTime() - b.since.getTime());
      return {
        ...summary(t, c, now),
        rule: custom?.rule,
        appliesWhen: custom?.appliesWhen ?? undefined,
        customTestId: custom?.id ?? null,
        failing,
      };
    },

    /** The timeline: results of a test and/or a resource, newest first. */
    async history(
      organizationId: string,
      q: { testId?: string; resourceId?: string; from?: string; to?: string; page: number; pageSize: number },
    ) {
      const where = and(
        eq(testStatusIntervals.organizationId, organizationId),
        q.testId ? eq(testStatusIntervals.testId, q.testId) : undefined,
        q.resourceId ? eq(testStatusIntervals.resourceId, q.resourceId) : undefined,
        // Intervals overlapping [from, to].
        q.to ? lte(testStatusIntervals.startedAt, new Date(q.to)) : undefined,
        q.from
          ? or(isNull(testStatusIntervals.endedAt), gte(testStatusIntervals.endedAt, new Date(q.from)))
          : undefined,
      ) as SQL;
      const [{ total }] = (await db.select({ total: count() }).from(testStatusIntervals).where(where)) as [
        { total: number },
      ];
      const rows = await db
        .select({ i: testStatusIntervals, resourceName: resources.name })
        .from(testStatusIntervals)
        .leftJoin(resources, eq(resources.id, testStatusIntervals.resourceId))
        .where(where)
        .orderBy(desc(testStatusIntervals.startedAt), desc(testStatusIntervals.id))
        .limit(q.pageSize)
        .offset(pageOffset(q));
      return {
        items: rows.map(({ i, resourceName }) => ({
          id: i.id,
          testId: i.testId,
          resourceId: i.resourceId,
          resourceName,
          status: i.status as TestStatus,
          reason: i.reason,
          remediation: i.remediation,
          startedAt: i.startedAt,
          endedAt: i.endedAt,
        })),
        total: Number(total),
        page: q.page,
        pageSize: q.pageSize,
      };
    },

    /**
     * Turns a test on (it is evaluated on the current resources at once) or off (its open results end now: while
     * off it says nothing, and the history shows the gap).
     */
    async setEnabled(actor: OrgActor, testId: string, enabled: boolean) {
      const t = await findTest(db, actor.organizationId, testId);
      await change(db, actor, async ({ tx, emit, now: at }) => {
        if (t.source === "custom")
          await tx
            .update(customTests)
            .set({ enabled, updatedAt: at })
            .where(
              and(
                eq(customTests.organizationId, actor.organizationId),
                eq(customTests.key, t.id.slice("custom.".length)),
                isNull(customTests.deletedAt),
              ),
            );
        else
          await tx
            .insert(testSettings)
            .values({
              id: newId(),
              organizationId: actor.organizationId,
              testId: t.id,
              enabled,
              updatedBy: actor.userId,
            })
            .onConflictDoUpdate({
              target: [testSettings.organizationId, testSettings.testId],
              set: { enabled, updatedBy: actor.userId, updatedAt: at },
            });
        const effect = enabled
          ? await reevaluate(tx, actor.organizationId, { ...t, enabled: true }, at)
          : { closed: await closeOpenIntervals(tx, actor.organizationId, { testIds: [t.id] }, at) };
        await emit(enabled ? testEnabled : testDisabled, {
          testId: t.id,
          before: { testId: t.id, enabled: t.enabled },
          after: { testId: t.id, enabled, results: effect },
        });
        await emit(testResultsMoved, { controls: {} });
      });
      return this.detail(actor.organizationId, testId);
    },

    /** Evaluates a test on the current resources without writing anything. */
    async dryRun(organizationId: string, testId: string, limit: number) {
      const t = await findTest(db, organizationId, testId);
      return dryRunOf(db, organizationId, t, limit, await currentStatuses(db, organizationId, t.id));
    },
  };
}

/** The result of evaluating `test` on the current resources; `current` (stored results) counts the changes. */
export async function dryRunOf(
  db: Db,
  organizationId: string,
  test: TestDefinition,
  limit: number,
  current: Map<string, TestStatus> | null,
) {
  const results = evaluateAll(test, await resourcesFor(db, organizationId, test));
  const counts = { pass: 0, fail: 0, not_applicable: 0, error: 0 };
  let changes = 0;
  for (const r of results) {
    counts[r.status]++;
    if (current && current.get(r.resourceId) !== r.status) changes++;
  }
  const order: Record<TestStatus, number> = { fail: 0, error: 1, pass: 2, not_applicable: 3 };
  return {
    testId: current ? test.id : null,
    resourceType: test.resourceType,
    evaluated: results.length,
    counts,
    changes: current ? changes : null,
    results: results
      .sort((a, b) => order[a.status] - order[b.status] || a.name.localeCompare(b.name))
      .slice(0, limit)
      .map((r) => ({
        resourceId: r.resourceId,
        name: r.name,
        status: r.status,
        reason: r.reason,
        current: current?.get(r.resourceId) ?? null,
      })),
  };
}
