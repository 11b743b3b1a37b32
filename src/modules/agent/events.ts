/**
 * The endpoint agent's events, each keeping the ledger entry the action has always written. A report and a
 * revocation move what the device's checks say about controls: their changes also emit monitoring's
 * `testResultsMoved`, so control signals, status and readiness follow in the same change (programs subscribers);
 * a report's new failures alert people (alerts subscriber).
 */
import { defineEvent } from "../../kernel/events.ts";

type Recorded = { id: string; before?: unknown; after?: unknown };

const token = (p: Recorded) => ({
  entityType: "agent_enrollment_token",
  entityId: p.id,
  before: p.before,
  after: p.after,
});
const device = (p: Recorded) => ({ entityType: "device", entityId: p.id, before: p.before, after: p.after });
/** Tokens are shown once and kept as a hash; neither is ever part of an entry (only the display prefix). */
const TOKEN_SECRETS = ["token", "tokenHash", "deviceToken"];

export const enrollmentTokenCreated = defineEvent<Recorded>()("agent.enrollment_token_created", {
  ledger: token,
  secretFields: TOKEN_SECRETS,
});
export const enrollmentTokenRevoked = defineEvent<Recorded>()("agent.enrollment_token_revoked", {
  ledger: token,
  secretFields: TOKEN_SECRETS,
});
export const deviceEnrolled = defineEvent<Recorded>()("agent.device_enrolled", {
  ledger: device,
  secretFields: TOKEN_SECRETS,
});
/** An admin gave the device to a person (or to nobody). */
export const deviceAssigned = defineEvent<Recorded>()("agent.device_assigned", {
  ledger: device,
  secretFields: TOKEN_SECRETS,
});
/** The device's results end now (`resourceId`: the resource its reports kept current, so assets follow). */
export const deviceRevoked = defineEvent<Recorded & { resourceId?: string | null }>()("agent.device_revoked", {
  ledger: device,
  secretFields: TOKEN_SECRETS,
});

/** A device's report, evaluated: `reportId` is the run its resource carries as last sync id. */
export interface ReportReceived {
  /** The device. */
  id: string;
  after: unknown;
  connectionId: string;
  reportId: string;
  hostname: string;
  receivedAt: Date;
}
export const reportReceived = defineEvent<ReportReceived>()("agent.report_received", {
  ledger: device,
  secretFields: TOKEN_SECRETS,
});
