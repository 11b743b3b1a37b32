/** What other modules may use of alerts: raising an alert in their change (docs/alerts.md), a person's choice. */
export { type AlertEvent, emitAlert, stillMembers } from "./emit.ts";
export type { AlertKindId } from "./kinds.ts";
export { preferenceFor } from "./preferences.ts";
