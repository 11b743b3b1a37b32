import { and, asc, eq, sql } from "drizzle-orm";
import { CATEGORY_IDS, loadContent } from "../../content/index.ts";
import { controlStatus, evidenceStateAt, type ManualStatus } from "../../core/control-status.ts";
import { newId } from "../../core/id.ts";
import {
  type CriterionReadiness,
  controlLevel,
  controlsByCriterion,
  criterionReadiness,
  headlineLevel,
  READINESS_LEVELS,
  rollUp,
} from "../../core/readiness.ts";
import { criteriaInScope } from "../../core/scoping.ts";
import type { Db } from "../../db/client.ts";
import {
  programControls,
  programs,
  readinessSnapshots,
  criterionReadiness as readinessTable,
} from "../../db/schema/index.ts";
import { notFound } from "../../platform/errors.ts";

type ControlRow = Pick<
  typeof programControls.$inferSelect,
  "key" | "applicable" | "notApplicableReason" | "status" | "statusReason" | "statusSetAt" | "criteria" | "signals"
>;

/** What the status rule says about a stored control at `now` (the one place rows become statuses). */
export const statusOfRow = (r: ControlRow, now: Date = new Date()) =>
  controlStatus({
    applicable: r.applicable,
    notApplicableReason: r.notApplicableReason,
    manual: { status: r.status as ManualStatus, reason: r.statusReason, setAt: r.statusSetAt },
    signals: r.signals,
    now,
  });

/** How far a stored control is proven at `now`: declared, evidenced or operating (null: none of them). */
export function levelOfRow(r: ControlRow, now: Date = new Date()) {
  const evidence = r.signals ? evidenceStateAt(r.signals.evidence, now) : "missing";
  const checks = r.signals?.checks ?? [];
  return controlLevel({
    status: statusOfRow(r, now).status,
    declared: r.status === "implemented" || r.status === "operating",
    // People routines met (policy accepted, training done) are evidence of operation in their own right.
    evidenceCurrent:
      evidence === "current" ||
      evidence === "due_soon" ||
      (checks.length > 0 && checks.every((k) => k.state === "met")),
  });
}

const controlColumns = {
  key: programControls.key,
  applicable: programControls.applicable,
  notApplicableReason: programControls.notApplicableReason,
  status: programControls.status,
  statusReason: programControls.statusReason,
  statusSetAt: programControls.statusSetAt,
  criteria: programControls.criteria,
  signals: programControls.signals,
};

export async function programCategories(db: Db, organizationId: string, programId: string): Promise<string[]> {
  const [p] = await db
    .select({ categories: programs.categories })
    .from(programs)
    .where(and(eq(programs.id, programId), eq(programs.organizationId, organizationId)));
  if (!p) throw notFound("The program");
  return p.categories;
}

/** Every criterion of the program with its scope (not-relevant ones carry their reason). */
export function scopedCriteria(categories: readonly string[]) {
  const content = loadContent();
  return criteriaInScope(content.criteria, categories, new Map(content.categories.map((c) => [c.id, c.name])));
}

/** Readiness of each target criterion from the controls mapped to it (pure: the stored rows must equal this). */
export function readinessOfCriteria(
  targets: ReturnType<typeof scopedCriteria>,
  rows: readonly ControlRow[],
  now = new Date(),
) {
  const index = controlsByCriterion(
    rows.map((r) => ({
      key: r.key,
      status: statusOfRow(r, now).status,
      level: levelOfRow(r, now),
      criteria: r.criteria,
    })),
  );
  return targets.map((c) => criterionReadiness(c, index.get(c.id) ?? []));
}

/**
 * Brings the stored readiness of `criterionIds` (all criteria when omitted) up to date. Call it in the
 * transaction of the change, with the criteria the change touched: a control edit recomputes only its criteria.
 */
export async function recomputeReadiness(
  tx: Db,
  organizationId: string,
  programId: string,
  criterionIds?: Iterable<string>,
): Promise<void> {
  const wanted = criterionIds ? new Set(criterionIds) : null;
  if (wanted?.size === 0) return;
  const scoped = scopedCriteria(await programCategories(tx, organizationId, programId));
  const targets = wanted ? scoped.filter((c) => wanted.has(c.id)) : scoped;
  const where = [eq(programControls.programId, programId), eq(programControls.organizationId, organizationId)];
  if (wanted)
    where.push(
      sql`${programControls.criteria} ?| array[${sql.join(
        [...wanted].map((id) => sql`${id}`),
        sql`, `,
      )}]::text[]`,
    );
  const rows = await tx
    .select(controlColumns)
    .from(programControls)
    .where(and(...where));
  const results = readinessOfCriteria(targets, rows);
  if (results.length === 0) return;
  const now = new Date();
  await tx
    .insert(readinessTable)
    .values(results.map((r) => ({ organizationId, programId, criterionId: r.id, ...toColumns(r), updatedAt: now })))
    .onConflictDoUpdate({
      target: [readinessTable.programId, readinessTable.criterionId],
      set: {
        category: sql`excluded.category`,
        state: sql`excluded.state`,
        score: sql`excluded.score`,
        applicable: sql`excluded.applicable`,
        done: sql`excluded.done`,
        notApplicable: sql`excluded.not_applicable`,
        pending: sql`excluded.pending`,
        reason: sql`excluded.reason`,
        levels: sql`excluded.levels`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

const toColumns = (r: CriterionReadiness) => ({
  category: r.category,
  state: r.state,
  score: r.score,
  applicable: r.applicable,
  done: r.done,
  notApplicable: r.notApplicable,
  pending: r.pending,
  reason: r.reason,
  levels: r.levels,
});

/**
 * The program's readiness: criteria (stored), categories and overall (rolled up on read, 61 rows), and the level
 * its headline counts at (Type II: operating, Type I: evidenced).
 */
export async function readReadiness(db: Db, organizationId: string, programId: string) {
  const [program] = await db
    .select({ reportType: programs.reportType })
    .from(programs)
    .where(and(eq(programs.id, programId), eq(programs.organizationId, organizationId)));
  if (!program) throw notFound("The program");
  const read = () =>
    db
      .select()
      .from(readinessTable)
      .where(and(eq(readinessTable.programId, programId), eq(readinessTable.organizationId, organizationId)))
      .orderBy(asc(readinessTable.criterionId));
  let rows = await read();
  if (rows.length === 0) {
    await recomputeReadiness(db, organizationId, programId);
    rows = await read();
  }
  const content = loadContent();
  const order = new Map(content.criteria.map((c, i) => [c.id, i]));
  const criteria: CriterionReadiness[] = rows
    .map((r) => ({
      id: r.criterionId,
      category: r.category,
      state: r.state as CriterionReadiness["state"],
      score: r.score,
      applicable: r.applicable,
      done: r.done,
      notApplicable: r.notApplicable,
      pending: r.pending,
      reason: r.reason,
      levels: r.levels,
    }))
    .sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return {
    headline: headlineLevel(program.reportType),
    criteria,
    ...rollUp(criteria, CATEGORY_IDS),
    updatedAt: rows.reduce((m, r) => (r.updatedAt > m ? r.updatedAt : m), new Date(0)),
  };
}

/** Records today's readiness for the trend chart (idempotent per program and day). */
export async function snapshotReadiness(db: Db, organizationId: string, programId: string, day: string) {
  const r = await readReadiness(db, organizationId, programId);
  const byCategory = Object.fromEntries(r.categories.filter((c) => c.inScope).map((c) => [c.id, c.score]));
  const inScope = r.categories.filter((c) => c.inScope);
  const levels = Object.fromEntries(
    READINESS_LEVELS.map((l) => [
      l,
      {
        overall: r.overall.levels[l].score,
        ready: r.overall.levels[l].ready,
        byCategory: Object.fromEntries(inScope.map((c) => [c.id, c.levels[l].score])),
      },
    ]),
  ) as NonNullable<typeof readinessSnapshots.$inferInsert.levels>;
  const values = {
    overall: r.overall.score,
    criteriaReady: r.overall.ready,
    criteriaTotal: r.overall.total,
    byCategory,
    levels,
  };
  await db
    .insert(readinessSnapshots)
    .values({ id: newId(), organizationId, programId, day, ...values })
    .onConflictDoUpdate({ target: [readinessSnapshots.programId, readinessSnapshots.day], set: values });
}
