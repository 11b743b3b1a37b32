/** The remediation plan: items created (by people or the self-assessment), edited, moved through their states. */
import { defineEvent } from "../../kernel/events.ts";

export const ENTITY_TYPE = "remediation_item";

type Recorded = { id: string; before?: unknown; after?: unknown };
const item = (p: Recorded) => ({ entityType: ENTITY_TYPE, entityId: p.id, before: p.before, after: p.after });

export const remediationCreated = defineEvent<Recorded>()("remediation.created", { ledger: item });
export const remediationUpdated = defineEvent<Recorded>()("remediation.updated", { ledger: item });
/** Started or completed (`remediation.reopened` when a done or verified item goes back to work). */
export const remediationStatusChanged = defineEvent<Recorded>()("remediation.status_changed", { ledger: item });
export const remediationReopened = defineEvent<Recorded>()("remediation.reopened", { ledger: item });
export const remediationVerified = defineEvent<Recorded>()("remediation.verified", { ledger: item });
/** The item's steps were added, removed, reordered or changed (before/after: the whole ordered list). */
export const remediationStepsChanged = defineEvent<Recorded>()("remediation.steps_changed", { ledger: item });
/** Someone commented on the item (after: the comment, with the ids of the members it mentions). */
export const remediationCommented = defineEvent<Recorded>()("remediation.commented", { ledger: item });
