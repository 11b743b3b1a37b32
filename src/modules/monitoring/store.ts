/** Lookups the monitoring services share: tests by id, exceptions in effect at a moment. */
import { and, eq, gt, inArray, isNull, lte, or } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { customTests, testExceptions, users } from "../../db/schema/index.ts";
import { CUSTOM_PREFIX, loadTests, type TestDefinition } from "../../integrations/definitions.ts";
import { notFound } from "../../platform/errors.ts";
import type { ExceptionState } from "./schema.ts";

/** One test of the organization by id (catalogue or custom), or 404. */
export async function findTest(db: Db, organizationId: string, testId: string): Promise<TestDefinition> {
  const t = (await loadTests(db, organizationId)).find((x) => x.id === testId);
  if (!t) throw notFound(`The test ${testId}`);
  return t;
}

/** The stored custom test behind a `custom.<key>` id (null for catalogue ids). */
export async function customTestRow(db: Db, organizationId: string, testId: string) {
  if (!testId.startsWith(CUSTOM_PREFIX)) return null;
  const [row] = await db
    .select()
    .from(customTests)
    .where(
      and(
        eq(customTests.organizationId, organizationId),
        eq(customTests.key, testId.slice(CUSTOM_PREFIX.length)),
        isNull(customTests.deletedAt),
      ),
    );
  return row ?? null;
}

type ExceptionRow = typeof testExceptions.$inferSelect;

export function exceptionState(e: ExceptionRow, now: Date = new Date()): ExceptionState {
  if (e.decision === "rejected") return "rejected";
  if (e.revokedAt && e.revokedAt <= now) return "revoked";
  if (e.expiresAt <= now) return "expired";
  return e.decision === "approved" ? "active" : "pending";
}

export interface ActiveException {
  id: string;
  testId: string;
  resourceId: string | null;
  /** When it took effect (approval). */
  from: Date;
  /** When it stops (expiry, or an earlier revocation). */
  until: Date;
  approvedBy: string;
}

/** Exceptions in effect at `at`: approved before it, not yet expired or revoked. */
export async function exceptionsAt(
  db: Db,
  organizationId: string,
  at: Date,
  testIds?: readonly string[],
): Promise<ActiveException[]> {
  const rows = await db
    .select({ e: testExceptions, approver: users.name })
    .from(testExceptions)
    .innerJoin(users, eq(users.id, testExceptions.approverUserId))
    .where(
      and(
        eq(testExceptions.organizationId, organizationId),
        eq(testExceptions.decision, "approved"),
        lte(testExceptions.decidedAt, at),
        gt(testExceptions.expiresAt, at),
        or(isNull(testExceptions.revokedAt), gt(testExceptions.revokedAt, at)),
        testIds ? inArray(testExceptions.testId, [...testIds]) : undefined,
      ),
    );
  return rows.map(({ e, approver }) => ({
    id: e.id,
    testId: e.testId,
    resourceId: e.resourceId,
    from: e.decidedAt!,
    until: e.revokedAt && e.revokedAt < e.expiresAt ? e.revokedAt : e.expiresAt,
    approvedBy: approver,
  }));
}

/** Finds the exception covering a test on a resource (one for the resource itself wins over a whole-test one). */
export function exceptionIndex(list: readonly ActiveException[]) {
  const byKey = new Map<string, ActiveException>();
  for (const e of list) {
    const key = `${e.testId}|${e.resourceId ?? "*"}`;
    const prev = byKey.get(key);
    if (!prev || prev.until < e.until) byKey.set(key, e);
  }
  return (testId: string, resourceId: string | null): ActiveException | null =>
    (resourceId ? byKey.get(`${testId}|${resourceId}`) : undefined) ?? byKey.get(`${testId}|*`) ?? null;
}
