/**
 * The vendor register's events: one ledger entry per decision (a vendor added or changed, a report recorded or
 * reviewed, a questionnaire sent or answered). Never the questionnaire link's secret: only who it went to and when
 * it expires.
 */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; after: Record<string, unknown> };
type Changed = { id: string; before: Record<string, unknown>; after: Record<string, unknown> };

const vendor = (p: Recorded) => ({ entityType: "vendor", entityId: p.id, after: p.after });

export const vendorCreated = defineEvent<Recorded>()("vendors.created", { ledger: vendor });
export const vendorUpdated = defineEvent<Changed>()("vendors.updated", {
  ledger: (p) => ({ entityType: "vendor", entityId: p.id, before: p.before, after: p.after }),
});
export const vendorReviewed = defineEvent<Recorded>()("vendors.reviewed", { ledger: vendor });
export const vendorsImported = defineEvent<Recorded>()("vendors.imported", {
  ledger: (p) => ({ entityType: "vendor_import", entityId: p.id, after: p.after }),
});
export const subprocessorsDeclared = defineEvent<Recorded>()("vendors.subprocessors_declared", {
  ledger: (p) => ({ entityType: "vendor_settings", entityId: p.id, after: p.after }),
});

const report = (p: Recorded) => ({ entityType: "vendor_report", entityId: p.id, after: p.after });
export const reportRecorded = defineEvent<Recorded>()("vendors.report_recorded", { ledger: report });
export const reportUpdated = defineEvent<Changed>()("vendors.report_updated", {
  ledger: (p) => ({ entityType: "vendor_report", entityId: p.id, before: p.before, after: p.after }),
});
export const reportReviewed = defineEvent<Recorded>()("vendors.report_reviewed", { ledger: report });
export const bridgeLetterAdded = defineEvent<Recorded>()("vendors.bridge_letter_added", { ledger: report });

const questionnaire = (p: Recorded) => ({ entityType: "vendor_questionnaire", entityId: p.id, after: p.after });
export const templateCreated = defineEvent<Recorded>()("vendors.questionnaire_template_created", {
  ledger: (p) => ({ entityType: "vendor_questionnaire_template", entityId: p.id, after: p.after }),
});
export const templateUpdated = defineEvent<Changed>()("vendors.questionnaire_template_updated", {
  ledger: (p) => ({ entityType: "vendor_questionnaire_template", entityId: p.id, before: p.before, after: p.after }),
});
export const questionnaireSent = defineEvent<Recorded>()("vendors.questionnaire_sent", { ledger: questionnaire });
export const questionnaireAnswered = defineEvent<Recorded>()("vendors.questionnaire_answered", {
  ledger: questionnaire,
});
export const questionnaireReviewed = defineEvent<Recorded>()("vendors.questionnaire_reviewed", {
  ledger: questionnaire,
});
