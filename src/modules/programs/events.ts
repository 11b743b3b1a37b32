/**
 * The program module's events. Ledgered events keep the entries the ledger has always had; the two derived ones
 * (no ledger) drive control signals and readiness, which the module's subscribers keep current.
 */
import type { ControlScope } from "../../core/control-scope.ts";
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; before?: unknown; after?: unknown };
const program = (p: Recorded) => ({ entityType: "program", entityId: p.id, before: p.before, after: p.after });
const control = (p: Recorded) => ({ entityType: "program_control", entityId: p.id, before: p.before, after: p.after });

export const programCreated = defineEvent<Recorded>()("program.created", { ledger: program });
export const programUpdated = defineEvent<Recorded & { categoriesChanged: boolean }>()("program.updated", {
  ledger: program,
});
export const programArchived = defineEvent<Recorded>()("program.archived", { ledger: program });
export const programRestored = defineEvent<Recorded>()("program.restored", { ledger: program });
export const controlsAdopted = defineEvent<Recorded & { keys: string[] }>()("program.controls_adopted", {
  ledger: program,
});
export const controlCreated = defineEvent<Recorded & { programId: string; key: string }>()("control.created", {
  ledger: control,
});
export const controlUpdated = defineEvent<Recorded & { programId: string; key: string }>()("control.updated", {
  ledger: control,
});
export const controlDeleted = defineEvent<Recorded & { programId: string; key: string }>()("control.deleted", {
  ledger: control,
});
export const assessmentAnswered = defineEvent<Recorded>()("assessment.answered", { ledger: program });
export const assessmentImported = defineEvent<Recorded>()("assessment.imported", { ledger: program });
export const codeImported = defineEvent<Recorded>()("program.code_imported", { ledger: program });

/**
 * A control's definition, applicability or status may have moved: readiness of every criterion it maps to (before
 * and after) is recomputed once per change. `criteria` omitted: the whole program.
 */
export const controlsChanged = defineEvent<{ programId: string; criteria?: readonly string[] }>()(
  "programs.controls_changed",
  { ledger: null },
);

/** What the controls' evidence or tests say may have moved: their stored signals are refreshed once per change. */
export const controlInputsChanged = defineEvent<ControlScope>()("programs.control_inputs_changed", { ledger: null });
