/** Organization policies: adopted, edited, moved through review and publication, accepted by people. */
import { defineEvent } from "../../kernel/events.ts";

export const ENTITY_TYPE = "policy";

type Recorded = { id: string; before?: unknown; after?: unknown };
const policy = (p: Recorded) => ({ entityType: ENTITY_TYPE, entityId: p.id, before: p.before, after: p.after });

/** A policy created: adopted from a template (after: title, templateId, templateVersion) or imported. */
export const policyCreated = defineEvent<Recorded>()("policies.created", { ledger: policy });
/** Title, owner, review cadence or audience changed (only the changed fields). */
export const policyUpdated = defineEvent<Recorded>()("policies.updated", { ledger: policy });
/** A draft version saved (after: number, changeSummary, significance). */
export const policyDraftSaved = defineEvent<Recorded>()("policies.draft_saved", { ledger: policy });
/** A version submitted for review (after: number, approvers). */
export const policySubmitted = defineEvent<Recorded>()("policies.submitted", { ledger: policy });
/** An approver approved a version (after: number, approved: whether every approver has now). */
export const policyApproved = defineEvent<Recorded>()("policies.approved", { ledger: policy });
/** An approver sent a version back to draft (after: number, comment). */
export const policyChangesRequested = defineEvent<Recorded>()("policies.changes_requested", { ledger: policy });
/** A version published (after: number, significance, requested: acceptance requests created). */
export const policyPublished = defineEvent<Recorded>()("policies.published", { ledger: policy });
/** The owner reviewed the policy without changing it (after: nextReviewDate). */
export const policyReviewed = defineEvent<Recorded>()("policies.reviewed", { ledger: policy });
/** A person accepted a version (after: personId, version, ip, userAgent). */
export const policyAccepted = defineEvent<Recorded>()("policies.accepted", { ledger: policy });
/** Acceptance requests created for people who joined the audience after publication (after: count, people). */
export const policyRequested = defineEvent<Recorded>()("policies.requested", { ledger: policy });
/** The policy settings changed (entity: the organization's settings; only the changed fields). */
export const policySettingsUpdated = defineEvent<Recorded>()("policies.settings_updated", {
  ledger: (p: Recorded) => ({ entityType: "policy_settings", entityId: p.id, before: p.before, after: p.after }),
});
