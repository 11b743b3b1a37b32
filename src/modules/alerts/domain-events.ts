/**
 * The alerts module's events (its ledger entries, unchanged). (`events.ts` next door holds the monitoring
 * emitters: the code that decides whom to alert about what.)
 */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; before?: unknown; after?: unknown };

const webhook = (p: Recorded) => ({ entityType: "alert_webhook", entityId: p.id, before: p.before, after: p.after });
/**
 * A webhook URL is a secret (whoever has it can post to the channel): entries carry its host only. Should the URL
 * or its sealed form ever reach one under these names, it is redacted.
 */
const WEBHOOK_SECRETS = ["url", "urlSealed"];

export const preferencesUpdated = defineEvent<Recorded>()("alerts.preferences_updated", {
  ledger: (p) => ({ entityType: "user", entityId: p.id, before: p.before, after: p.after }),
});

export const webhookCreated = defineEvent<Recorded>()("alerts.webhook_created", {
  ledger: webhook,
  secretFields: WEBHOOK_SECRETS,
});
export const webhookUpdated = defineEvent<Recorded>()("alerts.webhook_updated", {
  ledger: webhook,
  secretFields: WEBHOOK_SECRETS,
});
export const webhookDeleted = defineEvent<Recorded>()("alerts.webhook_deleted", {
  ledger: webhook,
  secretFields: WEBHOOK_SECRETS,
});

/**
 * An exception was reported as expiring or expired. The entry is also the record that it was: each exception is
 * reported once per notice, however often the job runs.
 */
const notice = (p: Recorded) => ({ entityType: "test_exception", entityId: p.id, after: p.after });
export const exceptionExpiringReported = defineEvent<Recorded>()("alerts.exception_expiring", { ledger: notice });
export const exceptionExpiredReported = defineEvent<Recorded>()("alerts.exception_expired", { ledger: notice });
