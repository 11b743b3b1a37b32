import { and, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import { priorityOf } from "../../core/priority.ts";
import type { Db } from "../../db/client.ts";
import {
  assessmentAnswers,
  controlStatusEvents,
  programControls,
  programs,
  remediationItems,
} from "../../db/schema/index.ts";
import { appendLedger } from "../../ledger/append.ts";
import { conflict } from "../../platform/errors.ts";
import { controlLedgerView } from "../programs/controls.ts";
import { recomputeReadiness, statusOfRow } from "../programs/readiness.ts";
import { actorUserId, ENTITY_TYPE, ledgerView as itemLedgerView, notifyAssigned } from "../remediation/store.ts";
import type { ImportDiff } from "./diff.ts";
import type { ControlModel, ControlRow, Current, ItemModel, ItemRow, ProgramModel, ProgramRow } from "./model.ts";

/**
 * Writes an import in the caller's transaction: the program (created or updated), controls added, changed and
 * removed, remediation items added and changed, self-assessment answers, each with its ledger entry; then one
 * `program.code_imported` summary entry and a full readiness recompute.
 */

export interface ApplyInput {
  organizationId: string;
  current: Current | null;
  next: ProgramModel;
  diff: ImportDiff;
  /** Lower-cased email → user id, for every owner named in `next`. */
  owners: ReadonlyMap<string, string>;
  /** SHA-256 of the imported files, recorded in the summary entry. */
  digest: string;
  files: number;
}

/** A query failed on a foreign key (PostgreSQL 23503), on pg and PGlite, wrapped by drizzle or not. */
function isForeignKeyViolation(err: unknown): boolean {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (e.code === "23503") return true;
  return false;
}

const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));

const programLedgerView = (p: ProgramRow) => ({
  name: p.name,
  reportType: p.reportType,
  asOfDate: p.asOfDate,
  windowStart: p.windowStart,
  windowEnd: p.windowEnd,
  categories: p.categories,
  scope: p.scope,
  scopedAt: p.scopedAt,
});

export async function applyImport(tx: Db, actor: Actor, input: ApplyInput): Promise<string> {
  const { organizationId, current, next, diff } = input;
  const now = new Date();
  const userId = actorUserId(actor);
  const owner = (email: string | null) => (email ? input.owners.get(email)! : null);

  // The program.
  let program: ProgramRow;
  if (!current) {
    program = {
      id: newId(),
      organizationId,
      name: next.program.name,
      framework: next.program.framework,
      reportType: next.program.reportType,
      asOfDate: next.program.asOfDate,
      windowStart: next.program.windowStart,
      windowEnd: next.program.windowEnd,
      categories: next.program.categories,
      scope: next.scope as ProgramRow["scope"],
      scopedAt: next.program.scoped ? now : null,
      archivedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(programs).values(program);
    await appendLedger(tx, actor, {
      action: "program.created",
      entityType: "program",
      entityId: program.id,
      after: programLedgerView(program),
    });
  } else {
    program = current.row;
    if (diff.program.changes.length || diff.scope.length) {
      const before = current.row;
      const { scoped, framework: _f, ...fields } = next.program;
      program = {
        ...before,
        ...fields,
        scope: next.scope as ProgramRow["scope"],
        scopedAt: scoped ? (before.scopedAt ?? now) : null,
        updatedAt: now,
      };
      await tx
        .update(programs)
        .set({ ...program, id: undefined, organizationId: undefined, createdAt: undefined })
        .where(eq(programs.id, before.id));
      const changed = Object.keys(programLedgerView(before)).filter(
        (k) =>
          JSON.stringify(programLedgerView(before)[k as "name"]) !==
          JSON.stringify(programLedgerView(program)[k as "name"]),
      );
      await appendLedger(tx, actor, {
        action: "program.updated",
        entityType: "program",
        entityId: before.id,
        before: pick(programLedgerView(before), changed),
        after: pick(programLedgerView(program), changed),
      });
    }
  }
  const programId = program.id;

  // Controls.
  const controlRows = new Map((current?.controls ?? []).map((c) => [c.key, c]));
  const nextControls = new Map(next.controls.map((c) => [c.key, c]));
  const statusEvent = async (row: ControlRow) => {
    const verdict = statusOfRow(row);
    await tx.insert(controlStatusEvents).values({
      id: newId(),
      organizationId,
      programId,
      controlId: row.id,
      status: verdict.status,
      reason: verdict.reason,
      source: "import",
      actorId: userId,
      at: now,
    });
  };
  const columns = (c: ControlModel) => ({
    libraryId: c.libraryId,
    name: c.name,
    description: c.description,
    ownerRole: c.ownerRole,
    ownerUserId: owner(c.owner),
    frequency: c.frequency,
    natureType: c.natureType,
    natureMode: c.natureMode,
    evidence: c.evidence,
    guidance: c.guidance,
    policies: c.policies,
    criteria: c.criteria,
    narrative: c.narrative,
    applicable: c.applicable,
    notApplicableReason: c.notApplicableReason,
    status: c.status,
    statusReason: c.statusReason,
  });
  for (const r of diff.controls.removed) {
    const row = controlRows.get(r.id)!;
    try {
      await tx.delete(controlStatusEvents).where(eq(controlStatusEvents.controlId, row.id));
      await tx.delete(programControls).where(eq(programControls.id, row.id));
    } catch (err) {
      // Records of other modules that point at the control (the transaction is rolled back as a whole).
      if (isForeignKeyViolation(err))
        throw conflict(
          "control_in_use",
          `${row.key} cannot be removed: other records (evidence, reminders) refer to it. Keep controls/${row.key}.md, with applicable: false if it no longer applies.`,
        );
      throw err;
    }
    await appendLedger(tx, actor, {
      action: "control.deleted",
      entityType: "program_control",
      entityId: row.id,
      before: controlLedgerView(row),
    });
  }
  for (const a of diff.controls.added) {
    const c = nextControls.get(a.id)!;
    const set = c.status !== "not_started" || !c.applicable;
    const row: ControlRow = {
      id: newId(),
      organizationId,
      programId,
      key: c.key,
      ...columns(c),
      statusSetBy: set ? userId : null,
      statusSetAt: set ? now : null,
      signals: null,
      createdAt: now,
      updatedAt: now,
    };
    await tx.insert(programControls).values(row);
    await appendLedger(tx, actor, {
      action: "control.created",
      entityType: "program_control",
      entityId: row.id,
      after: controlLedgerView(row),
    });
    if (set) await statusEvent(row);
  }
  for (const ch of diff.controls.changed) {
    const before = controlRows.get(ch.id)!;
    const c = nextControls.get(ch.id)!;
    const statusChanged = before.status !== c.status || before.applicable !== c.applicable;
    const after: ControlRow = {
      ...before,
      ...columns(c),
      statusSetBy: statusChanged ? userId : before.statusSetBy,
      statusSetAt: statusChanged ? now : before.statusSetAt,
      updatedAt: now,
    };
    const changed = Object.keys(columns(c)).filter(
      (k) => JSON.stringify(before[k as keyof ControlRow]) !== JSON.stringify(after[k as keyof ControlRow]),
    );
    await tx
      .update(programControls)
      .set({ ...after, id: undefined, organizationId: undefined, programId: undefined, createdAt: undefined })
      .where(eq(programControls.id, before.id));
    await appendLedger(tx, actor, {
      action: "control.updated",
      entityType: "program_control",
      entityId: before.id,
      before: { key: before.key, ...pick(controlLedgerView(before), changed) },
      after: { key: before.key, ...pick(controlLedgerView(after), changed) },
    });
    if (statusChanged) await statusEvent(after);
  }

  // Remediation items (never removed: the service refuses such imports). Refs come from the folder, so take the
  // lock the ref allocator takes.
  if (diff.remediation.added.length || diff.remediation.changed.length)
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`remediation-ref:${programId}`}, 0))`);
  const itemRows = new Map((current?.items ?? []).map((r) => [r.ref, r]));
  const nextItems = new Map(next.remediation.map((r) => [r.ref, r]));
  const itemColumns = (r: ItemModel, before: ItemRow | null) => {
    const done = r.status === "done" || r.status === "verified";
    const verified = r.status === "verified";
    return {
      title: r.title,
      gap: r.gap,
      rootCause: r.rootCause,
      likelihood: r.likelihood,
      impact: r.impact,
      priority: priorityOf(r.likelihood, r.impact),
      action: r.action,
      ownerUserId: owner(r.owner),
      dueDate: r.dueDate,
      monitoring: r.monitoring,
      status: r.status,
      source: r.source,
      criteria: r.criteria,
      controls: r.controls,
      evidence: r.evidence,
      completedAt: done ? (before?.completedAt ?? now) : null,
      verifiedAt: verified ? (before?.verifiedAt ?? now) : null,
      verifiedBy: verified ? (before?.verifiedAt ? before.verifiedBy : userId) : null,
    };
  };
  for (const a of diff.remediation.added) {
    const r = nextItems.get(a.id)!;
    const [row] = await tx
      .insert(remediationItems)
      .values({
        id: newId(),
        organizationId,
        programId,
        ref: r.ref,
        ...itemColumns(r, null),
        createdBy: userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await appendLedger(tx, actor, {
      action: "remediation.created",
      entityType: ENTITY_TYPE,
      entityId: row!.id,
      after: itemLedgerView(row!),
    });
    await notifyAssigned(tx, actor, row!);
  }
  for (const ch of diff.remediation.changed) {
    const before = itemRows.get(ch.id)!;
    const set = itemColumns(nextItems.get(ch.id)!, before);
    const changed = (Object.keys(set) as (keyof typeof set)[]).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(set[k]),
    );
    const [after] = await tx
      .update(remediationItems)
      .set({ ...set, updatedAt: now })
      .where(eq(remediationItems.id, before.id))
      .returning();
    await appendLedger(tx, actor, {
      action: "remediation.updated",
      entityType: ENTITY_TYPE,
      entityId: before.id,
      before: { ref: before.ref, ...pick(before, changed) },
      after: { ref: before.ref, ...pick(after!, changed) },
    });
    if (changed.includes("ownerUserId")) await notifyAssigned(tx, actor, after!);
  }

  // Self-assessment answers.
  const a = diff.assessment;
  if (a.added.length || a.changed.length || a.removed.length) {
    const answers = new Map(next.assessment.map((x) => [x.criterion, x]));
    if (a.removed.length)
      await tx.delete(assessmentAnswers).where(
        and(
          eq(assessmentAnswers.programId, programId),
          inArray(
            assessmentAnswers.criterionId,
            a.removed.map((r) => r.id),
          ),
        ),
      );
    const upserts = [...a.added, ...a.changed].map((x) => answers.get(x.id)!);
    if (upserts.length)
      await tx
        .insert(assessmentAnswers)
        .values(
          upserts.map((x) => ({
            id: newId(),
            organizationId,
            programId,
            criterionId: x.criterion,
            answer: x.answer,
            notes: x.notes,
            answeredBy: userId,
            answeredAt: now,
          })),
        )
        .onConflictDoUpdate({
          target: [assessmentAnswers.programId, assessmentAnswers.criterionId],
          set: {
            answer: sql`excluded.answer`,
            notes: sql`excluded.notes`,
            answeredBy: sql`excluded.answered_by`,
            answeredAt: sql`excluded.answered_at`,
          },
        });
    await appendLedger(tx, actor, {
      action: "assessment.imported",
      entityType: "program",
      entityId: programId,
      after: {
        answered: upserts.map((x) => ({ criterionId: x.criterion, answer: x.answer })),
        removed: a.removed.map((r) => r.id),
      },
    });
  }

  const count = (s: ImportDiff["controls"]) => ({
    added: s.added.length,
    changed: s.changed.length,
    removed: s.removed.length,
  });
  await appendLedger(tx, actor, {
    action: "program.code_imported",
    entityType: "program",
    entityId: programId,
    after: {
      created: diff.program.create,
      files: input.files,
      sha256: input.digest,
      program: diff.program.changes.map((c) => c.field),
      scope: diff.scope.map((c) => c.field),
      controls: count(diff.controls),
      remediation: count(diff.remediation),
      assessment: count(diff.assessment),
    },
  });
  await recomputeReadiness(tx, organizationId, programId);
  return programId;
}
