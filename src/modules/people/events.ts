/** The people directory: a person added (by hand, an import or a connector), changed, or linked to an account. */
import { defineEvent } from "../../kernel/events.ts";

export const ENTITY_TYPE = "person";

type Recorded = { id: string; before?: unknown; after?: unknown };
const person = (p: Recorded) => ({ entityType: ENTITY_TYPE, entityId: p.id, before: p.before, after: p.after });

export const personCreated = defineEvent<Recorded>()("people.created", { ledger: person });
/** Fields changed (before/after: only the fields that changed). A status of `left` is an offboarding. */
export const personUpdated = defineEvent<Recorded>()("people.updated", { ledger: person });

export const CHECKLIST_ITEM_ENTITY = "person_checklist_item";

/** An onboarding or offboarding checklist was opened for a person (after: checklist, fullName, items). */
export const checklistStarted = defineEvent<Recorded>()("people.checklist_started", { ledger: person });
/** A checklist item was completed (after: title, checklist, fullName, system, revokedAt, lateMinutes). */
export const checklistItemCompleted = defineEvent<Recorded>()("people.checklist_item_completed", {
  ledger: (p) => ({ entityType: CHECKLIST_ITEM_ENTITY, entityId: p.id, before: p.before, after: p.after }),
});
/** A background check was recorded for a person (after: fullName, checkedOn, provider, outcome, nextDue). */
export const backgroundCheckRecorded = defineEvent<Recorded>()("people.background_check_recorded", { ledger: person });
/** The organization's people settings changed (SLA, systems, background checks, templates). */
export const peopleSettingsChanged = defineEvent<Recorded>()("people.settings_changed", {
  ledger: (p) => ({ entityType: "people_settings", entityId: p.id, before: p.before, after: p.after }),
});
