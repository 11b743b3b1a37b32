/** The incident register: every write is one event with a ledger entry (incident or tabletop exercise). */
import { defineEvent } from "../../kernel/events.ts";

export const ENTITY_TYPE = "incident";
export const TABLETOP_ENTITY_TYPE = "tabletop_exercise";

type Recorded = { id: string; before?: unknown; after?: unknown };
const incident = (p: Recorded) => ({ entityType: ENTITY_TYPE, entityId: p.id, before: p.before, after: p.after });
const tabletop = (p: Recorded) => ({
  entityType: TABLETOP_ENTITY_TYPE,
  entityId: p.id,
  before: p.before,
  after: p.after,
});

/** An incident logged (after: number, title, severity, status, detectedAt, ownerUserId). */
export const incidentCreated = defineEvent<Recorded>()("incidents.created", { ledger: incident });
/** Fields of an incident changed (only the changed fields; after.number names it). */
export const incidentUpdated = defineEvent<Recorded>()("incidents.updated", { ledger: incident });
/** A lifecycle move (before: status; after: number, status, at, skipped, reason). */
export const incidentTransitioned = defineEvent<Recorded>()("incidents.transitioned", { ledger: incident });
/** A timeline entry added (after: number, entryId, at, text). */
export const incidentTimelineAdded = defineEvent<Recorded>()("incidents.timeline_added", { ledger: incident });
/** A timeline entry deleted by its author or an owner/admin (before: number, entryId, at, text, authorUserId). */
export const incidentTimelineDeleted = defineEvent<Recorded>()("incidents.timeline_deleted", { ledger: incident });
/** An incident logged by mistake deleted while still detected (before: number, ref, title, severity). */
export const incidentDeleted = defineEvent<Recorded>()("incidents.deleted", { ledger: incident });
/** A notification obligation added (after: number, obligationId, audience, recipient, hours, deadlineAt). */
export const incidentObligationAdded = defineEvent<Recorded>()("incidents.obligation_added", { ledger: incident });
/** An obligation changed, e.g. marked notified (before/after: the changed fields, with number and audience). */
export const incidentObligationUpdated = defineEvent<Recorded>()("incidents.obligation_updated", { ledger: incident });
/** An obligation removed (before: what it was). */
export const incidentObligationRemoved = defineEvent<Recorded>()("incidents.obligation_removed", { ledger: incident });
/** The owner told that an obligation is due soon or overdue (after: number, obligationId, stage). */
export const incidentObligationReminded = defineEvent<Recorded>()("incidents.obligation_reminded", {
  ledger: incident,
});
/** The linked remediation items changed (before/after: number, items as refs; created: refs made from the incident). */
export const incidentRemediationLinked = defineEvent<Recorded>()("incidents.remediation_linked", { ledger: incident });
/** Past incidents imported from a CSV/XLSX (entity: the organization; after: count, numbers). */
export const incidentsImported = defineEvent<Recorded>()("incidents.imported", {
  ledger: (p: Recorded) => ({ entityType: "incident_import", entityId: p.id, after: p.after }),
});
/** A tabletop exercise recorded, changed or deleted. */
export const tabletopRecorded = defineEvent<Recorded>()("incidents.tabletop_recorded", { ledger: tabletop });
export const tabletopUpdated = defineEvent<Recorded>()("incidents.tabletop_updated", { ledger: tabletop });
export const tabletopDeleted = defineEvent<Recorded>()("incidents.tabletop_deleted", { ledger: tabletop });
