/**
 * The monitoring module's events. Each ledgered one keeps the entry the action has always written. A change that
 * can move what tests say about controls also emits `testResultsMoved` (unledgered), so the programs module
 * refreshes those controls' signals, status and readiness in the same change.
 */
import type { ControlScope } from "../../core/control-scope.ts";
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; before?: unknown; after?: unknown };

/**
 * What monitoring tests say about controls may have moved: results written or ended (a sync, an agent report, a
 * connection or device gone), a test turned on, off or redefined, an exception taking or losing effect. The scope
 * is every control of the organization (`{}`): tests name library ids and custom keys, and a program control may
 * carry either. Listed in CONTROL_INPUT_EVENTS (src/modules/programs/subscribers.ts).
 */
export const testResultsMoved = defineEvent<{ controls: ControlScope }>()("monitoring.test_results_moved", {
  ledger: null,
});

const connection = (p: Recorded) => ({ entityType: "connection", entityId: p.id, before: p.before, after: p.after });
const customTest = (p: Recorded) => ({ entityType: "custom_test", entityId: p.id, before: p.before, after: p.after });
const exception = (p: Recorded) => ({ entityType: "test_exception", entityId: p.id, before: p.before, after: p.after });

/**
 * A connection's secrets are sealed and never part of an entry (only which fields are set: `secretFields`, their
 * names). Should a value ever reach one under these names, it is redacted.
 */
const CONNECTION_SECRETS = ["secrets", "secretsSealed"];

export const connectionCreated = defineEvent<Recorded>()("monitoring.connection_created", {
  ledger: connection,
  secretFields: CONNECTION_SECRETS,
});
export const connectionUpdated = defineEvent<Recorded>()("monitoring.connection_updated", {
  ledger: connection,
  secretFields: CONNECTION_SECRETS,
});
/** Its resources are retired and their open results end. */
export const connectionDeleted = defineEvent<Recorded>()("monitoring.connection_deleted", {
  ledger: connection,
  secretFields: CONNECTION_SECRETS,
});
export const syncRequested = defineEvent<{ id: string; jobId: string }>()("monitoring.sync_requested", {
  ledger: (p) => ({ entityType: "connection", entityId: p.id, after: { jobId: p.jobId } }),
});

/** How a sync ended; the alerts module reports new failures and failed syncs from it. */
export interface SyncOutcome {
  syncId: string;
  connection: { id: string; name: string; createdBy: string | null };
  status: "succeeded" | "partial" | "failed";
  /** What the sync did (SyncCounts of src/integrations/sync-batch.ts). */
  counts: Record<string, number>;
  warnings: number;
  error: string | null;
  guidance: string | null;
}
const syncEnded = (p: SyncOutcome) => ({
  entityType: "connection",
  entityId: p.connection.id,
  after: { syncId: p.syncId, status: p.status, counts: p.counts, warnings: p.warnings, error: p.error },
});
/** A sync that succeeded or was partial. */
export const syncFinished = defineEvent<SyncOutcome>()("monitoring.sync_finished", { ledger: syncEnded });
/** A failed sync may have written some batches before it stopped. */
export const syncFailed = defineEvent<SyncOutcome>()("monitoring.sync_failed", { ledger: syncEnded });

/**
 * One batch of a sync (or an agent report) wrote resources and status changes. It moves control inputs, but the
 * sync's end (or the report) announces that once for all its batches.
 */
export const resultsRecorded = defineEvent<{ syncId: string; after: unknown }>()("monitoring.results_recorded", {
  ledger: (p) => ({ entityType: "connection_sync", entityId: p.syncId, after: p.after }),
});

type TestToggle = { testId: string; before: unknown; after: unknown };
const test = (p: TestToggle) => ({ entityType: "test", entityId: null, before: p.before, after: p.after });
export const testEnabled = defineEvent<TestToggle>()("monitoring.test_enabled", { ledger: test });
export const testDisabled = defineEvent<TestToggle>()("monitoring.test_disabled", { ledger: test });

export const customTestCreated = defineEvent<Recorded>()("monitoring.custom_test_created", {
  ledger: customTest,
});
export const customTestUpdated = defineEvent<Recorded>()("monitoring.custom_test_updated", {
  ledger: customTest,
});
export const customTestDeleted = defineEvent<Recorded>()("monitoring.custom_test_deleted", {
  ledger: customTest,
});

/** A pending exception accepts nothing yet. */
export const exceptionRequested = defineEvent<Recorded>()("monitoring.exception_requested", { ledger: exception });
/** The failures it covers are excepted from now on. */
export const exceptionApproved = defineEvent<Recorded>()("monitoring.exception_approved", {
  ledger: exception,
});
export const exceptionRejected = defineEvent<Recorded>()("monitoring.exception_rejected", { ledger: exception });
/** The failures it covered count again from now on. */
export const exceptionRevoked = defineEvent<Recorded>()("monitoring.exception_revoked", {
  ledger: exception,
});
