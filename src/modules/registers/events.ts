/** Links between register records and controls, and saved list views. */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; before?: unknown; after?: unknown };

/** A record's control links were replaced (before/after: the register and the keys). */
export const registerControlsLinked = defineEvent<Recorded>()("registers.controls_linked", {
  ledger: (p) => ({ entityType: "register_record", entityId: p.id, before: p.before, after: p.after }),
});

const view = (p: Recorded) => ({ entityType: "saved_view", entityId: p.id, before: p.before, after: p.after });
export const viewSaved = defineEvent<Recorded>()("registers.view_saved", { ledger: view });
export const viewDeleted = defineEvent<Recorded>()("registers.view_deleted", { ledger: view });
