/** The risk register: a ledger entry per risk created, changed or deleted, per import, per assessment step. */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; after: unknown };
type Changed = { id: string; before: unknown; after: unknown };

export const riskCreated = defineEvent<Recorded>()("risks.created", {
  ledger: (p) => ({ entityType: "risk", entityId: p.id, after: p.after }),
});
export const riskUpdated = defineEvent<Changed>()("risks.updated", {
  ledger: (p) => ({ entityType: "risk", entityId: p.id, before: p.before, after: p.after }),
});
export const riskDeleted = defineEvent<{ id: string; before: unknown }>()("risks.deleted", {
  ledger: (p) => ({ entityType: "risk", entityId: p.id, before: p.before }),
});
/** One entry per imported file (not one per row): how many risks it created, their ids and first titles. */
export const risksImported = defineEvent<{ organizationId: string; after: unknown }>()("risks.imported", {
  ledger: (p) => ({ entityType: "risk_import", entityId: p.organizationId, after: p.after }),
});
export const riskScalesChanged = defineEvent<Changed>()("risks.scales_changed", {
  ledger: (p) => ({ entityType: "risk_settings", entityId: p.id, before: p.before, after: p.after }),
});
export const riskAssessmentStarted = defineEvent<Recorded>()("risks.assessment_started", {
  ledger: (p) => ({ entityType: "risk_assessment", entityId: p.id, after: p.after }),
});
export const riskAssessmentUpdated = defineEvent<Changed>()("risks.assessment_updated", {
  ledger: (p) => ({ entityType: "risk_assessment", entityId: p.id, before: p.before, after: p.after }),
});
export const riskAssessmentCompleted = defineEvent<Recorded>()("risks.assessment_completed", {
  ledger: (p) => ({ entityType: "risk_assessment", entityId: p.id, after: p.after }),
});
export const riskAssessmentSignedOff = defineEvent<Recorded>()("risks.assessment_signed_off", {
  ledger: (p) => ({ entityType: "risk_assessment", entityId: p.id, after: p.after }),
});
