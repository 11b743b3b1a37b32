/**
 * Keeps each program control's `signals` (what its evidence and monitoring tests say) current, and with them the
 * derived status and its history; the controls whose status moved are announced (`controlsChanged`) so readiness
 * follows. It runs as a subscriber in the transaction of every change whose events may move those inputs, and in
 * the hourly `programs.signals` job, because evidence goes stale and exceptions expire with time alone.
 */
import { and, desc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import type { ControlCheck, ControlSignals } from "../../core/control-status.ts";
import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { controlStatusEvents, programControls, programs } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { collectControlChecks } from "../../kernel/routines.ts";
import { type ControlFreshness, evidenceFreshness } from "../evidence/public.ts";
import { type ControlTestStatus, testStatusByControl } from "../monitoring/public.ts";
import { controlsChanged } from "./events.ts";
import { statusOfRow } from "./readiness.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toSignals(
  evidence: ControlFreshness | undefined,
  tests: ControlTestStatus | undefined,
  checks: readonly ControlCheck[] = [],
): ControlSignals {
  return {
    evidence: {
      state: evidence?.state ?? "missing",
      count: evidence?.count ?? 0,
      latestCollectedAt: iso(evidence?.latestCollectedAt ?? null),
      staleAt: iso(evidence?.staleAt ?? null),
      reason: evidence?.reason ?? "No evidence has been linked to this control yet.",
    },
    tests: {
      failing: tests?.failing ?? 0,
      passing: tests?.passing ?? 0,
      excepted: tests?.excepted ?? 0,
      since: iso(tests?.since ?? null),
      failingTests: tests?.failingTests ?? [],
    },
    checks: [...checks],
  };
}

export interface RefreshScope {
  /** Only this program (default: every program of the organization that is not archived). */
  programId?: string;
  /** Only these control keys. */
  controlKeys?: readonly string[];
  now?: Date;
}

/** The status each control's history last recorded (controls without history started as "not started"). */
async function lastRecordedStatus(db: Db, organizationId: string, programId: string) {
  const rows = await db
    .selectDistinctOn([controlStatusEvents.controlId], {
      controlId: controlStatusEvents.controlId,
      status: controlStatusEvents.status,
    })
    .from(controlStatusEvents)
    .where(and(eq(controlStatusEvents.organizationId, organizationId), eq(controlStatusEvents.programId, programId)))
    .orderBy(controlStatusEvents.controlId, desc(controlStatusEvents.at), desc(controlStatusEvents.id));
  return new Map(rows.map((r) => [r.controlId, r.status]));
}

/** Returns how many controls changed status. Runs in the change's transaction (its ledger lock orders refreshes). */
export async function refreshControlSignals(c: Change, scope: RefreshScope = {}): Promise<number> {
  const db = c.tx;
  const organizationId = c.organizationId!;
  const now = scope.now ?? c.now;
  const programWhere: SQL[] = [eq(programs.organizationId, organizationId), isNull(programs.archivedAt)];
  if (scope.programId) programWhere.push(eq(programs.id, scope.programId));
  const list = await db
    .select({ id: programs.id })
    .from(programs)
    .where(and(...programWhere));
  if (!list.length) return 0;
  // Tests name library ids, which are the keys of library controls, or the keys of custom controls.
  const tests = await testStatusByControl(db, organizationId, scope.controlKeys, now);
  const checks = await collectControlChecks(db, organizationId, now, scope.controlKeys);
  let changed = 0;
  for (const p of list) {
    const where: SQL[] = [eq(programControls.organizationId, organizationId), eq(programControls.programId, p.id)];
    if (scope.controlKeys) where.push(inArray(programControls.key, [...scope.controlKeys]));
    const rows = await db
      .select()
      .from(programControls)
      .where(and(...where));
    if (!rows.length) continue;
    const fresh = await evidenceFreshness(db, organizationId, p.id, scope.controlKeys, now);
    const updates = rows
      .map((row) => {
        const signals = toSignals(
          fresh.get(row.key),
          tests.get(row.key) ?? (row.libraryId ? tests.get(row.libraryId) : undefined),
          checks.get(row.key) ?? (row.libraryId ? checks.get(row.libraryId) : undefined),
        );
        return { row, signals };
      })
      .filter(({ row, signals }) => JSON.stringify(row.signals) !== JSON.stringify(signals));
    if (!updates.length) continue;
    const recorded = await lastRecordedStatus(db, organizationId, p.id);
    const criteria = new Set<string>();
    for (const { row, signals } of updates) {
      await db.update(programControls).set({ signals }).where(eq(programControls.id, row.id));
      const after = statusOfRow({ ...row, signals }, now);
      // Readiness levels follow evidence even when the status stays (a failing control gaining current evidence).
      if (row.signals?.evidence.state !== signals.evidence.state) for (const id of row.criteria) criteria.add(id);
      if ((recorded.get(row.id) ?? "not_started") === after.status) continue;
      changed++;
      for (const id of row.criteria) criteria.add(id);
      await db.insert(controlStatusEvents).values({
        id: newId(),
        organizationId,
        programId: p.id,
        controlId: row.id,
        status: after.status,
        reason: after.reason,
        source: after.source,
        actorId: null,
        at: now,
      });
    }
    if (criteria.size) await c.emit(controlsChanged, { programId: p.id, criteria: [...criteria] });
  }
  return changed;
}
