/** Reading continuity: plans, objectives with their last restore test, tests with their outcome per system. */
import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import { type ObjectiveOutcome, objectiveOutcome } from "../../core/continuity.ts";
import { utcDay } from "../../core/dates.ts";
import type { Db } from "../../db/client.ts";
import {
  assets,
  continuityPlans,
  continuityTestSystems,
  continuityTests,
  recoveryObjectives,
  users,
} from "../../db/schema/index.ts";
import { likePattern } from "../../db/sql.ts";
import { pageOffset } from "../../kernel/http/schemas.ts";
import { notFound } from "../../platform/errors.ts";
import type { TestQuery } from "./schema.ts";

const planColumns = {
  id: continuityPlans.id,
  name: continuityPlans.name,
  kind: continuityPlans.kind,
  description: continuityPlans.description,
  ownerUserId: continuityPlans.ownerUserId,
  ownerName: users.name,
  documentUrl: continuityPlans.documentUrl,
  evidenceId: continuityPlans.evidenceId,
  lastReviewedOn: continuityPlans.lastReviewedOn,
  nextReviewOn: continuityPlans.nextReviewOn,
  createdAt: continuityPlans.createdAt,
  updatedAt: continuityPlans.updatedAt,
};
const planView = <P extends { nextReviewOn: string | null }>(p: P, today: string) => ({
  ...p,
  reviewOverdue: !!p.nextReviewOn && p.nextReviewOn < today,
});

export async function listPlans(db: Db, organizationId: string, now = new Date()) {
  const rows = await db
    .select(planColumns)
    .from(continuityPlans)
    .leftJoin(users, eq(users.id, continuityPlans.ownerUserId))
    .where(eq(continuityPlans.organizationId, organizationId))
    .orderBy(asc(sql`lower(${continuityPlans.name})`));
  return { items: rows.map((p) => planView(p, utcDay(now))) };
}

export async function loadPlan(db: Db, organizationId: string, id: string, now = new Date()) {
  const [row] = await db
    .select(planColumns)
    .from(continuityPlans)
    .leftJoin(users, eq(users.id, continuityPlans.ownerUserId))
    .where(and(eq(continuityPlans.organizationId, organizationId), eq(continuityPlans.id, id)));
  if (!row) throw notFound("The plan");
  return planView(row, utcDay(now));
}

export async function planExists(db: Db, organizationId: string, id: string) {
  const [row] = await db
    .select({ id: continuityPlans.id })
    .from(continuityPlans)
    .where(and(eq(continuityPlans.organizationId, organizationId), eq(continuityPlans.id, id)));
  return !!row;
}

/** Each covered system of these tests with its objectives then, and how the test did against them. */
async function systemsOf(
  db: Db,
  organizationId: string,
  tests: readonly { id: string; recoveryMinutes: number | null; dataLossMinutes: number | null }[],
) {
  const out = new Map<
    string,
    {
      assetId: string;
      name: string;
      kind: (typeof assets.$inferSelect)["kind"];
      rtoMinutes: number | null;
      rpoMinutes: number | null;
      rto: ObjectiveOutcome;
      rpo: ObjectiveOutcome;
      outcome: ObjectiveOutcome;
    }[]
  >(tests.map((t) => [t.id, []]));
  if (!tests.length) return out;
  const rows = await db
    .select({
      testId: continuityTestSystems.testId,
      assetId: continuityTestSystems.assetId,
      name: assets.name,
      kind: assets.kind,
      rtoMinutes: continuityTestSystems.rtoMinutes,
      rpoMinutes: continuityTestSystems.rpoMinutes,
    })
    .from(continuityTestSystems)
    .innerJoin(assets, eq(assets.id, continuityTestSystems.assetId))
    .where(
      and(
        eq(continuityTestSystems.organizationId, organizationId),
        inArray(
          continuityTestSystems.testId,
          tests.map((t) => t.id),
        ),
      ),
    )
    .orderBy(asc(sql`lower(${assets.name})`));
  const byId = new Map(tests.map((t) => [t.id, t]));
  for (const r of rows) {
    const t = byId.get(r.testId)!;
    const o = objectiveOutcome(r, t);
    out.get(r.testId)!.push({
      assetId: r.assetId,
      name: r.name,
      kind: r.kind,
      rtoMinutes: r.rtoMinutes,
      rpoMinutes: r.rpoMinutes,
      ...o,
      outcome: o.overall,
    });
  }
  return out;
}

const overall = (systems: readonly { outcome: ObjectiveOutcome }[]): ObjectiveOutcome =>
  systems.some((s) => s.outcome === "missed")
    ? "missed"
    : systems.some((s) => s.outcome === "met")
      ? "met"
      : "not_measured";

const testColumns = {
  id: continuityTests.id,
  kind: continuityTests.kind,
  performedOn: continuityTests.performedOn,
  scenario: continuityTests.scenario,
  result: continuityTests.result,
  recoveryMinutes: continuityTests.recoveryMinutes,
  dataLossMinutes: continuityTests.dataLossMinutes,
  findings: continuityTests.findings,
  planId: continuityTests.planId,
  planName: continuityPlans.name,
  evidenceId: continuityTests.evidenceId,
  remediationItemId: continuityTests.remediationItemId,
  createdBy: continuityTests.createdBy,
  createdAt: continuityTests.createdAt,
};

function testFilter(organizationId: string, q: Omit<TestQuery, "page" | "pageSize">): SQL {
  const where: (SQL | undefined)[] = [eq(continuityTests.organizationId, organizationId)];
  if (q.kind) where.push(eq(continuityTests.kind, q.kind));
  if (q.result) where.push(eq(continuityTests.result, q.result));
  if (q.assetId)
    where.push(
      sql`exists (select 1 from ${continuityTestSystems} s where s.test_id = ${continuityTests.id} and s.asset_id = ${q.assetId} and s.organization_id = ${organizationId})`,
    );
  if (q.q) {
    const p = likePattern(q.q);
    where.push(or(ilike(continuityTests.scenario, p), ilike(continuityTests.findings, p)));
  }
  return and(...where)!;
}

async function withSystems<T extends { id: string; recoveryMinutes: number | null; dataLossMinutes: number | null }>(
  db: Db,
  organizationId: string,
  rows: T[],
) {
  const systems = await systemsOf(db, organizationId, rows);
  return rows.map((t) => {
    const s = systems.get(t.id) ?? [];
    return { ...t, systems: s, outcome: overall(s) };
  });
}

function selectTests(db: Db) {
  return db
    .select(testColumns)
    .from(continuityTests)
    .leftJoin(continuityPlans, eq(continuityPlans.id, continuityTests.planId));
}

export async function listTests(db: Db, organizationId: string, q: TestQuery) {
  const where = testFilter(organizationId, q);
  const [rows, [total]] = await Promise.all([
    selectTests(db)
      .where(where)
      .orderBy(desc(continuityTests.performedOn), desc(continuityTests.createdAt), desc(continuityTests.id))
      .limit(q.pageSize)
      .offset(pageOffset(q)),
    db.select({ n: count() }).from(continuityTests).where(where),
  ]);
  return {
    items: await withSystems(db, organizationId, rows),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function allTests(db: Db, organizationId: string, q: Omit<TestQuery, "page" | "pageSize">) {
  const rows = await selectTests(db)
    .where(testFilter(organizationId, q))
    .orderBy(desc(continuityTests.performedOn), desc(continuityTests.createdAt), desc(continuityTests.id));
  return withSystems(db, organizationId, rows);
}

export async function loadTest(db: Db, organizationId: string, id: string) {
  const rows = await selectTests(db).where(
    and(eq(continuityTests.organizationId, organizationId), eq(continuityTests.id, id)),
  );
  if (!rows.length) throw notFound("The test");
  return (await withSystems(db, organizationId, rows))[0]!;
}

export async function testExists(db: Db, organizationId: string, id: string) {
  const [row] = await db
    .select({ id: continuityTests.id })
    .from(continuityTests)
    .where(and(eq(continuityTests.organizationId, organizationId), eq(continuityTests.id, id)));
  return !!row;
}

const objectiveColumns = {
  id: recoveryObjectives.id,
  assetId: recoveryObjectives.assetId,
  assetName: assets.name,
  assetKind: assets.kind,
  rtoMinutes: recoveryObjectives.rtoMinutes,
  rpoMinutes: recoveryObjectives.rpoMinutes,
  notes: recoveryObjectives.notes,
  updatedAt: recoveryObjectives.updatedAt,
};

/** The objectives, each with the last restore test that covered its system and how that test did. */
export async function listObjectives(db: Db, organizationId: string) {
  const rows = await db
    .select(objectiveColumns)
    .from(recoveryObjectives)
    .innerJoin(assets, eq(assets.id, recoveryObjectives.assetId))
    .where(eq(recoveryObjectives.organizationId, organizationId))
    .orderBy(asc(sql`lower(${assets.name})`));
  const last = await coveredSystems(db, organizationId);
  return {
    items: rows.map((o) => {
      const restore = last.filter((t) => t.assetId === o.assetId && t.kind === "restore_test")[0];
      return { ...o, lastRestoreTestOn: restore?.performedOn ?? null, lastOutcome: restore?.outcome ?? null };
    }),
  };
}

export async function loadObjective(db: Db, organizationId: string, id: string) {
  const { items } = await listObjectives(db, organizationId);
  const found = items.find((o) => o.id === id);
  if (!found) throw notFound("The recovery objective");
  return found;
}

export async function objectiveExists(db: Db, organizationId: string, id: string) {
  const [row] = await db
    .select({ id: recoveryObjectives.id })
    .from(recoveryObjectives)
    .where(and(eq(recoveryObjectives.organizationId, organizationId), eq(recoveryObjectives.id, id)));
  return !!row;
}

/** Every (test, system) pair, newest test first, with the test's outcome for that system: what AVL-03 judges. */
export async function coveredSystems(db: Db, organizationId: string) {
  const rows = await db
    .select({
      assetId: continuityTestSystems.assetId,
      kind: continuityTests.kind,
      performedOn: continuityTests.performedOn,
      result: continuityTests.result,
      recoveryMinutes: continuityTests.recoveryMinutes,
      dataLossMinutes: continuityTests.dataLossMinutes,
      rtoMinutes: continuityTestSystems.rtoMinutes,
      rpoMinutes: continuityTestSystems.rpoMinutes,
    })
    .from(continuityTestSystems)
    .innerJoin(continuityTests, eq(continuityTests.id, continuityTestSystems.testId))
    .where(eq(continuityTestSystems.organizationId, organizationId))
    .orderBy(desc(continuityTests.performedOn), desc(continuityTests.createdAt));
  return rows.map((r) => ({
    assetId: r.assetId,
    kind: r.kind,
    performedOn: r.performedOn,
    result: r.result,
    outcome: objectiveOutcome(r, r).overall,
  }));
}
/** Every test's kind and day: what AVL-05 judges. */
export async function allTestDays(db: Db, organizationId: string) {
  return db
    .select({ kind: continuityTests.kind, performedOn: continuityTests.performedOn })
    .from(continuityTests)
    .where(eq(continuityTests.organizationId, organizationId));
}

/**
 * What continuity says about one asset (the asset's page): its recovery objectives, and the last restore test that
 * covered it with its result and how it did against the objectives the asset had then. 404 for another's asset.
 */
export async function recoveryOf(db: Db, organizationId: string, assetId: string) {
  const [asset] = await db
    .select({ id: assets.id })
    .from(assets)
    .where(and(eq(assets.organizationId, organizationId), eq(assets.id, assetId)));
  if (!asset) throw notFound("The asset");
  const [objective] = await db
    .select({
      id: recoveryObjectives.id,
      rtoMinutes: recoveryObjectives.rtoMinutes,
      rpoMinutes: recoveryObjectives.rpoMinutes,
      notes: recoveryObjectives.notes,
    })
    .from(recoveryObjectives)
    .where(and(eq(recoveryObjectives.organizationId, organizationId), eq(recoveryObjectives.assetId, assetId)));
  const [last] = await db
    .select({
      id: continuityTests.id,
      performedOn: continuityTests.performedOn,
      result: continuityTests.result,
      recoveryMinutes: continuityTests.recoveryMinutes,
      dataLossMinutes: continuityTests.dataLossMinutes,
      rtoMinutes: continuityTestSystems.rtoMinutes,
      rpoMinutes: continuityTestSystems.rpoMinutes,
    })
    .from(continuityTestSystems)
    .innerJoin(continuityTests, eq(continuityTests.id, continuityTestSystems.testId))
    .where(
      and(
        eq(continuityTestSystems.organizationId, organizationId),
        eq(continuityTestSystems.assetId, assetId),
        eq(continuityTests.kind, "restore_test"),
      ),
    )
    .orderBy(desc(continuityTests.performedOn), desc(continuityTests.createdAt))
    .limit(1);
  return {
    objective: objective ?? null,
    lastRestoreTest: last
      ? {
          id: last.id,
          performedOn: last.performedOn,
          result: last.result,
          recoveryMinutes: last.recoveryMinutes,
          dataLossMinutes: last.dataLossMinutes,
          outcome: objectiveOutcome(last, last).overall,
        }
      : null,
  };
}
