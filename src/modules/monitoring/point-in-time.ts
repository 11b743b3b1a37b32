/** GET /monitoring/status-at: every test's results at a moment, with failures named and exceptions explained. */
import { and, eq, gt, inArray, isNull, lte, or } from "drizzle-orm";
import type { TestStatus } from "../../core/intervals.ts";
import type { Db } from "../../db/client.ts";
import { resources, testStatusIntervals } from "../../db/schema/index.ts";
import { allTests, testStatusByControl } from "./control-inputs.ts";
import { classifiedAt } from "./status.ts";

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function statusAt(
  db: Db,
  organizationId: string,
  at: Date,
  filter: { testId?: string; resourceId?: string; control?: string },
) {
  const tests = (await allTests(db, organizationId)).filter(
    (t) => (!filter.testId || t.id === filter.testId) && (!filter.control || t.controls.includes(filter.control)),
  );
  const testIds = tests.map((t) => t.id);
  const results = await classifiedAt(db, organizationId, at, { testIds, resourceId: filter.resourceId });
  const failingTests = [...results.values()].filter((r) => r.failures.length).map((r) => r.testId);
  const details = failingTests.length
    ? await db
        .select({
          testId: testStatusIntervals.testId,
          resourceId: testStatusIntervals.resourceId,
          reason: testStatusIntervals.reason,
          name: resources.name,
        })
        .from(testStatusIntervals)
        .leftJoin(resources, eq(resources.id, testStatusIntervals.resourceId))
        .where(
          and(
            eq(testStatusIntervals.organizationId, organizationId),
            inArray(testStatusIntervals.testId, failingTests),
            inArray(testStatusIntervals.status, ["fail", "error"]),
            lte(testStatusIntervals.startedAt, at),
            or(isNull(testStatusIntervals.endedAt), gt(testStatusIntervals.endedAt, at)),
            filter.resourceId ? eq(testStatusIntervals.resourceId, filter.resourceId) : undefined,
          ),
        )
    : [];
  const detail = new Map(details.map((d) => [`${d.testId}|${d.resourceId}`, d]));
  return {
    at,
    tests: tests
      .filter((t) => results.has(t.id))
      .map((t) => {
        const r = results.get(t.id)!;
        return {
          testId: t.id,
          title: t.title,
          severity: t.severity,
          controls: t.controls,
          counts: {
            pass: r.pass,
            fail: r.failing - r.errors,
            excepted: r.excepted,
            not_applicable: r.notApplicable,
            error: r.errors,
          },
          failing: r.failures.map((f) => {
            const d = detail.get(`${t.id}|${f.resourceId}`);
            const status = f.status as TestStatus;
            const summary = f.exception
              ? `Failing since ${day(f.startedAt)} but excepted until ${day(f.exception.until)} (approved by ${f.exception.approvedBy}).`
              : status === "error"
                ? `Could not be evaluated since ${day(f.startedAt)}.`
                : `Failing since ${day(f.startedAt)}.`;
            return {
              resourceId: f.resourceId,
              resourceName: d?.name ?? null,
              status,
              reason: d?.reason ?? "",
              since: f.startedAt,
              excepted: !!f.exception,
              exceptedUntil: f.exception?.until ?? null,
              summary,
            };
          }),
        };
      }),
  };
}

export async function controlStatusAt(db: Db, organizationId: string, at: Date, control?: string) {
  const map = await testStatusByControl(db, organizationId, control ? [control] : undefined, at);
  return {
    at,
    controls: [...map].sort(([a], [b]) => a.localeCompare(b)).map(([key, s]) => ({ control: key, ...s })),
  };
}
