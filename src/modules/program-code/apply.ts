import type { Actor } from "../../core/actor.ts";
import type { Change } from "../../kernel/change.ts";
import { AppError, conflict } from "../../platform/errors.ts";
import { codeImported } from "../programs/events.ts";
import {
  type ControlChanges,
  createControl,
  createProgram,
  deleteControl,
  importAnswers,
  type NewControl,
  type NewProgram,
  updateControl,
  updateProgram,
} from "../programs/public.ts";
import { addRemediationItem, type ItemFields, updateRemediationItem } from "../remediation/public.ts";
import type { ImportDiff } from "./diff.ts";
import type { ControlModel, Current, ItemModel, ItemRow, ProgramModel } from "./model.ts";

/**
 * Applies an import in the caller's change through the same commands as the UI and API: the program (created or
 * updated), controls removed, added and changed, remediation items added and changed, the self-assessment answers,
 * each with its own ledger entry; then one `program.code_imported` summary entry. The commands' events bring the
 * imported controls' signals, status and the readiness of their criteria up to date in the same transaction.
 */

export interface ApplyInput {
  current: Current | null;
  next: ProgramModel;
  diff: ImportDiff;
  /** Lower-cased email → user id, for every owner named in `next`. */
  owners: ReadonlyMap<string, string>;
  /** SHA-256 of the imported files, recorded in the summary entry. */
  digest: string;
  files: number;
}

const userOf = (actor: Actor) => (actor.kind === "system" ? null : actor.userId);

export async function applyImport(c: Change, input: ApplyInput): Promise<string> {
  const { current, next, diff } = input;
  const owner = (email: string | null) => (email ? input.owners.get(email)! : null);

  // The program.
  const { framework: _framework, categories, ...rest } = next.program;
  const fields = { ...rest, categories: categories as NewProgram["categories"] };
  let programId: string;
  if (!current) programId = (await createProgram(c, { ...fields, scope: next.scope, adoptLibrary: false })).id;
  else {
    programId = current.row.id;
    if (diff.program.changes.length || diff.scope.length)
      await updateProgram(c, programId, { ...fields, scope: next.scope });
  }

  // Controls: removed first (a removed key may come back as a new control), then added, then changed.
  const nextControls = new Map(next.controls.map((m) => [m.key, m]));
  for (const r of diff.controls.removed)
    try {
      await deleteControl(c, programId, r.id);
    } catch (err) {
      if (err instanceof AppError && err.code === "control_in_use")
        throw conflict(
          "control_in_use",
          `${r.id} cannot be removed: other records (evidence, reminders) refer to it. Keep controls/${r.id}.md, with applicable: false if it no longer applies.`,
        );
      throw err;
    }
  for (const a of diff.controls.added)
    await createControl(c, programId, newControl(nextControls.get(a.id)!, owner), { source: "import" });
  for (const ch of diff.controls.changed) {
    const m = nextControls.get(ch.id)!;
    const changes: Record<string, unknown> = {};
    for (const { field } of ch.changes)
      if (field === "owner") changes.ownerUserId = owner(m.owner);
      else changes[field] = m[field as keyof ControlModel];
    // A new status without a reason clears the old reason (as in the UI): give the folder's when it has one.
    if ("status" in changes && m.statusReason) changes.statusReason = m.statusReason;
    await updateControl(c, programId, ch.id, changes as ControlChanges, { source: "import" });
  }

  // Remediation items (never removed: the service refuses such imports), with the refs of the folder.
  const itemRows = new Map((current?.items ?? []).map((r) => [r.ref, r]));
  const nextItems = new Map(next.remediation.map((r) => [r.ref, r]));
  const itemFields = (r: ItemModel, before: ItemRow | null): ItemFields => {
    const done = r.status === "done" || r.status === "verified";
    const verified = r.status === "verified";
    return {
      title: r.title,
      gap: r.gap,
      rootCause: r.rootCause,
      likelihood: r.likelihood,
      impact: r.impact,
      action: r.action,
      ownerUserId: owner(r.owner),
      dueDate: r.dueDate,
      monitoring: r.monitoring,
      status: r.status,
      source: r.source,
      criteria: r.criteria,
      controls: r.controls,
      evidence: r.evidence,
      completedAt: done ? (before?.completedAt ?? c.now) : null,
      verifiedAt: verified ? (before?.verifiedAt ?? c.now) : null,
      verifiedBy: verified ? (before?.verifiedAt ? before.verifiedBy : userOf(c.actor)) : null,
    };
  };
  for (const a of diff.remediation.added)
    await addRemediationItem(c, programId, { ref: a.id, ...itemFields(nextItems.get(a.id)!, null) });
  for (const ch of diff.remediation.changed) {
    const before = itemRows.get(ch.id)!;
    await updateRemediationItem(c, programId, before.id, itemFields(nextItems.get(ch.id)!, before));
  }

  // Self-assessment answers.
  const a = diff.assessment;
  if (a.added.length || a.changed.length || a.removed.length) {
    const answers = new Map(next.assessment.map((x) => [x.criterion, x]));
    await importAnswers(c, programId, {
      answers: [...a.added, ...a.changed].map((x) => {
        const m = answers.get(x.id)!;
        return { criterionId: m.criterion, answer: m.answer, notes: m.notes };
      }),
      removed: a.removed.map((r) => r.id),
    });
  }

  const count = (s: ImportDiff["controls"]) => ({
    added: s.added.length,
    changed: s.changed.length,
    removed: s.removed.length,
  });
  await c.emit(codeImported, {
    id: programId,
    after: {
      created: diff.program.create,
      files: input.files,
      sha256: input.digest,
      program: diff.program.changes.map((x) => x.field),
      scope: diff.scope.map((x) => x.field),
      controls: count(diff.controls),
      remediation: count(diff.remediation),
      assessment: count(diff.assessment),
    },
  });
  return programId;
}

/** A control of the folder as the create command takes it. */
function newControl(m: ControlModel, owner: (email: string | null) => string | null): NewControl {
  return {
    key: m.key,
    libraryId: m.libraryId,
    name: m.name,
    description: m.description,
    ownerRole: m.ownerRole as NewControl["ownerRole"],
    ownerUserId: owner(m.owner),
    frequency: m.frequency as NewControl["frequency"],
    natureType: m.natureType as NewControl["natureType"],
    natureMode: m.natureMode as NewControl["natureMode"],
    evidence: m.evidence,
    guidance: m.guidance,
    policies: m.policies,
    criteria: m.criteria,
    narrative: m.narrative,
    applicable: m.applicable,
    notApplicableReason: m.notApplicableReason,
    status: m.status as NewControl["status"],
    statusReason: m.statusReason,
  };
}
