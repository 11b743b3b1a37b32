/**
 * The change register: a change recorded, edited, removed or approved after the fact; one entry per sync and per
 * import, with what it did (never one per change it touched).
 */
import { defineEvent } from "../../kernel/events.ts";

export const ENTITY_TYPE = "change_record";

type Recorded = { id: string; before?: unknown; after?: unknown };
const record = (p: Recorded) => ({ entityType: ENTITY_TYPE, entityId: p.id, before: p.before, after: p.after });

export const changeCreated = defineEvent<Recorded>()("changes.created", { ledger: record });
export const changeUpdated = defineEvent<Recorded>()("changes.updated", { ledger: record });
export const changeDeleted = defineEvent<Recorded>()("changes.deleted", { ledger: record });
/** An emergency change approved after the fact (after: who, when, why). */
export const changeEmergencyApproved = defineEvent<Recorded>()("changes.emergency_approved", { ledger: record });
/** A sync from a connection (id: the connection; after: its range and counts). */
export const changesSynced = defineEvent<Recorded>()("changes.synced", {
  ledger: (p) => ({ entityType: "connection", entityId: p.id, after: p.after }),
});
/** A CSV/XLSX import (after: its counts). */
export const changesImported = defineEvent<{ after: unknown }>()("changes.imported", {
  ledger: (p) => ({ entityType: "change_import", entityId: null, after: p.after }),
});
/** The organization's change settings changed (id: the organization; before/after: emergencyApprovalDays). */
export const changeSettingsChanged = defineEvent<Recorded>()("changes.settings_changed", {
  ledger: (p) => ({ entityType: "change_settings", entityId: p.id, before: p.before, after: p.after }),
});
