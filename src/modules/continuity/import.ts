/**
 * Importing continuity records from a CSV or XLSX — recovery objectives per system (a row for a system that has
 * them replaces them) and test records (through kernel/http/import.ts): restore tests, failover drills
 * and exercises run before Assay, with the systems they covered named as in the asset inventory. Each system takes
 * the objectives it has now (the import cannot know older ones). All rows in one change, one ledger entry, or none.
 */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import {
  CONTINUITY_CONTROL_KEYS,
  TEST_KINDS,
  TEST_RESULTS,
  type TestKind,
  type TestResult,
} from "../../core/continuity.ts";
import { utcDay } from "../../core/dates.ts";
import { newId } from "../../core/id.ts";
import { TEXT_LIMITS } from "../../core/text-limits.ts";
import type { Db } from "../../db/client.ts";
import { continuityTestSystems, continuityTests, recoveryObjectives } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import type { Review } from "../../kernel/http/import.ts";
import {
  type Aliases,
  type CheckedTable,
  cell,
  type RowError,
  rowError,
  type TableSpec,
} from "../../platform/tabular/index.ts";
import { assetsByName } from "../assets/public.ts";
import { controlInputsChanged } from "../programs/events.ts";
import { objectivesImported, testsImported } from "./events.ts";

export interface TestRow {
  performedOn: string;
  kind: TestKind;
  scenario: string;
  result: TestResult;
  systems: string[];
  recoveryMinutes: number | null;
  dataLossMinutes: number | null;
  findings: string | null;
}
type Field = Exclude<keyof TestRow, never>;

export const TEST_COLUMNS: Aliases<Field> = {
  performedOn: ["date", "performed on", "tested on", "day"],
  kind: ["kind", "type", "test type"],
  scenario: ["scenario", "what was tested", "description"],
  result: ["result", "outcome", "status"],
  systems: ["systems", "systems covered", "assets", "system"],
  recoveryMinutes: ["recovery time", "recovery", "rto achieved", "time to recover"],
  dataLossMinutes: ["data loss", "data lost", "rpo achieved"],
  findings: ["findings", "notes", "lessons"],
};

const KINDS = {
  restoretest: "restore_test",
  restore: "restore_test",
  backuprestore: "restore_test",
  failoverdrill: "failover_drill",
  failover: "failover_drill",
  drill: "failover_drill",
  continuityexercise: "continuity_exercise",
  exercise: "continuity_exercise",
  tabletop: "continuity_exercise",
} as const satisfies Record<string, TestKind>;
const RESULTS = {
  pass: "pass",
  passed: "pass",
  ok: "pass",
  partial: "partial",
  fail: "fail",
  failed: "fail",
} as const satisfies Record<string, TestResult>;

/** "90", "90 min", "1.5 h", "2 hours" → minutes. */
const duration = z.string().transform((v, ctx) => {
  const m = /^(\d+(?:\.\d+)?)\s*(h|hrs?|hours?|m|mins?|minutes?)?$/i.exec(v.trim());
  const minutes = m ? Math.round(Number(m[1]) * (m[2]?.toLowerCase().startsWith("h") ? 60 : 1)) : Number.NaN;
  if (m && minutes > 0 && minutes <= 100_000 * 60) return minutes;
  ctx.addIssue({ code: "custom", input: v, message: `'${v}' is not a duration (use minutes, or e.g. “2 h”).` });
  return z.NEVER;
});

const testRow = z
  .object({
    performedOn: cell.date(),
    kind: cell.choice(KINDS, `one of ${TEST_KINDS.join(", ")}`),
    scenario: cell.text(TEXT_LIMITS.paragraph),
    result: cell.choice(RESULTS, TEST_RESULTS.join(", ")),
    systems: cell.text(TEXT_LIMITS.paragraph).optional(),
    recoveryMinutes: duration.optional(),
    dataLossMinutes: duration.optional(),
    findings: cell.text(TEXT_LIMITS.long).optional(),
  })
  .transform(
    (r): TestRow => ({
      performedOn: r.performedOn,
      kind: r.kind,
      scenario: r.scenario,
      result: r.result,
      systems: [
        ...new Set(
          (r.systems ?? "")
            .split(/[;\n]/)
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ],
      recoveryMinutes: r.recoveryMinutes ?? null,
      dataLossMinutes: r.dataLossMinutes ?? null,
      findings: r.findings ?? null,
    }),
  );

export const testTable: TableSpec<Field, TestRow> = {
  aliases: TEST_COLUMNS,
  required: ["performedOn", "kind", "scenario", "result"],
  schema: testRow,
};

export const testImportSummary = z.object({ create: z.number().int() });

export interface TestReview extends Review<Record<string, never>, z.infer<typeof testImportSummary>> {
  /** line → the asset ids its systems name. */
  systems: Map<number, string[]>;
}

const keyOf = (r: { performedOn: string; kind: string; scenario: string }) =>
  `${r.performedOn}|${r.kind}|${r.scenario.trim().toLowerCase()}`;

export async function reviewTestImport(
  db: Db,
  organizationId: string,
  checked: CheckedTable<Field, TestRow>,
): Promise<TestReview> {
  const byName = await assetsByName(db, organizationId);
  const existing = new Set(
    (
      await db
        .select({
          performedOn: continuityTests.performedOn,
          kind: continuityTests.kind,
          scenario: continuityTests.scenario,
        })
        .from(continuityTests)
        .where(eq(continuityTests.organizationId, organizationId))
    ).map(keyOf),
  );
  const column = (f: Field) => checked.byField[f] ?? TEST_COLUMNS[f][0];
  const today = utcDay(new Date());
  const errors: RowError[] = [];
  const systems = new Map<number, string[]>();
  const firstLine = new Map<string, number>();
  for (const r of checked.rows) {
    const row = r.value;
    if (!row) continue;
    const before = errors.length;
    const key = keyOf(row);
    const seen = firstLine.get(key);
    if (seen)
      errors.push(
        rowError(r.line, `the same test (date, kind, scenario) is also on line ${seen}.`, column("scenario")),
      );
    else firstLine.set(key, r.line);
    if (existing.has(key))
      errors.push(rowError(r.line, "this test (date, kind, scenario) is already recorded.", column("scenario")));
    if (row.performedOn > today)
      errors.push(
        rowError(r.line, `${row.performedOn} is in the future: record a test once it has run.`, column("performedOn")),
      );
    if (row.kind === "restore_test" && !row.systems.length)
      errors.push(rowError(r.line, "a restore test needs the systems it covered.", column("systems")));
    const ids: string[] = [];
    for (const name of row.systems) {
      const hit = byName.get(name.toLowerCase()) ?? [];
      if (hit.length === 1) ids.push(hit[0]!.id);
      else
        errors.push(
          rowError(
            r.line,
            hit.length
              ? `“${name}” names several assets of the inventory (of different kinds): rename one.`
              : `“${name}” is not in the asset inventory: add it there first.`,
            column("systems"),
          ),
        );
    }
    if (errors.length === before) systems.set(r.line, [...new Set(ids)]);
  }
  return { errors, rows: new Map(), summary: { create: systems.size }, systems };
}

export async function applyTestImport(c: Change, rows: { line: number; value: TestRow }[], review: TestReview) {
  if (!rows.length) return;
  const organizationId = c.organizationId!;
  const objectiveOf = new Map(
    (
      await c.tx
        .select()
        .from(recoveryObjectives)
        .where(and(eq(recoveryObjectives.organizationId, organizationId)))
    ).map((o) => [o.assetId, o]),
  );
  const tests = rows.map(({ line, value }) => ({ line, id: newId(), value }));
  const values = tests.map(({ id, value: { systems: _names, ...v } }) => ({
    id,
    organizationId,
    ...v,
    createdBy: c.actor.kind === "system" ? null : c.actor.userId,
    createdAt: c.now,
  }));
  for (let i = 0; i < values.length; i += 500) await c.tx.insert(continuityTests).values(values.slice(i, i + 500));
  const covered = tests.flatMap(({ line, id }) =>
    (review.systems.get(line) ?? []).map((assetId) => ({
      organizationId,
      testId: id,
      assetId,
      rtoMinutes: objectiveOf.get(assetId)?.rtoMinutes ?? null,
      rpoMinutes: objectiveOf.get(assetId)?.rpoMinutes ?? null,
    })),
  );
  for (let i = 0; i < covered.length; i += 1000)
    await c.tx.insert(continuityTestSystems).values(covered.slice(i, i + 1000));
  const days = rows.map((r) => r.value.performedOn).sort();
  await c.emit(testsImported, { id: organizationId, after: { count: rows.length, from: days[0], to: days.at(-1) } });
  await c.emit(controlInputsChanged, { keys: [...CONTINUITY_CONTROL_KEYS] });
}

// ---- recovery objectives ----

export interface ObjectiveRow {
  system: string;
  rtoMinutes: number | null;
  rpoMinutes: number | null;
  notes: string | null;
}
type ObjectiveField = keyof ObjectiveRow;

export const OBJECTIVE_COLUMNS: Aliases<ObjectiveField> = {
  system: ["system", "asset", "name", "system or data store"],
  rtoMinutes: ["rto", "recovery time objective"],
  rpoMinutes: ["rpo", "recovery point objective"],
  notes: ["notes", "comment"],
};

const objectiveRow = z
  .object({
    system: cell.text(TEXT_LIMITS.name),
    rtoMinutes: duration.optional(),
    rpoMinutes: duration.optional(),
    notes: cell.text(TEXT_LIMITS.long).optional(),
  })
  .transform(
    (r): ObjectiveRow => ({
      system: r.system.trim(),
      rtoMinutes: r.rtoMinutes ?? null,
      rpoMinutes: r.rpoMinutes ?? null,
      notes: r.notes ?? null,
    }),
  );

export const objectiveTable: TableSpec<ObjectiveField, ObjectiveRow> = {
  aliases: OBJECTIVE_COLUMNS,
  required: ["system"],
  schema: objectiveRow,
};

export const objectiveImportSummary = z.object({ create: z.number().int(), update: z.number().int() });

export interface ObjectiveReview extends Review<Record<string, never>, z.infer<typeof objectiveImportSummary>> {
  /** line → the asset it sets and the objective it replaces (null: a new one). */
  targets: Map<number, { assetId: string; objectiveId: string | null }>;
}

export async function reviewObjectiveImport(
  db: Db,
  organizationId: string,
  checked: CheckedTable<ObjectiveField, ObjectiveRow>,
): Promise<ObjectiveReview> {
  const byName = await assetsByName(db, organizationId);
  const existing = new Map(
    (
      await db
        .select({ id: recoveryObjectives.id, assetId: recoveryObjectives.assetId })
        .from(recoveryObjectives)
        .where(eq(recoveryObjectives.organizationId, organizationId))
    ).map((o) => [o.assetId, o.id]),
  );
  const column = (f: ObjectiveField) => checked.byField[f] ?? OBJECTIVE_COLUMNS[f][0];
  const errors: RowError[] = [];
  const targets = new Map<number, { assetId: string; objectiveId: string | null }>();
  const firstLine = new Map<string, number>();
  for (const r of checked.rows) {
    const row = r.value;
    if (!row) continue;
    const hits = (byName.get(row.system.toLowerCase()) ?? []).filter(
      (a) => a.kind === "system" || a.kind === "data_store",
    );
    const seen = firstLine.get(row.system.toLowerCase());
    if (seen) {
      errors.push(rowError(r.line, `“${row.system}” is also on line ${seen}: one row per system.`, column("system")));
      continue;
    }
    firstLine.set(row.system.toLowerCase(), r.line);
    if (hits.length !== 1) {
      errors.push(
        rowError(
          r.line,
          hits.length
            ? `“${row.system}” names a system and a data store: rename one.`
            : `“${row.system}” is not a system or data store of the asset inventory.`,
          column("system"),
        ),
      );
      continue;
    }
    if (row.rtoMinutes === null && row.rpoMinutes === null) {
      errors.push(rowError(r.line, "give an RTO, an RPO, or both.", column("rtoMinutes")));
      continue;
    }
    targets.set(r.line, { assetId: hits[0]!.id, objectiveId: existing.get(hits[0]!.id) ?? null });
  }
  const update = [...targets.values()].filter((t) => t.objectiveId).length;
  return { errors, rows: new Map(), summary: { create: targets.size - update, update }, targets };
}

export async function applyObjectiveImport(
  c: Change,
  rows: { line: number; value: ObjectiveRow }[],
  review: ObjectiveReview,
) {
  if (!rows.length) return;
  const organizationId = c.organizationId!;
  for (const { line, value } of rows) {
    const target = review.targets.get(line)!;
    const fields = { rtoMinutes: value.rtoMinutes, rpoMinutes: value.rpoMinutes, notes: value.notes, updatedAt: c.now };
    if (target.objectiveId)
      await c.tx
        .update(recoveryObjectives)
        .set(fields)
        .where(
          and(eq(recoveryObjectives.organizationId, organizationId), eq(recoveryObjectives.id, target.objectiveId)),
        );
    else
      await c.tx
        .insert(recoveryObjectives)
        .values({ id: newId(), organizationId, assetId: target.assetId, ...fields, createdAt: c.now });
  }
  await c.emit(objectivesImported, {
    id: organizationId,
    after: { ...review.summary, systems: rows.slice(0, 50).map((r) => r.value.system) },
  });
  await c.emit(controlInputsChanged, { keys: [...CONTINUITY_CONTROL_KEYS] });
}
