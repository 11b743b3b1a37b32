/** What other modules may use of alerts: raising an alert in their change (docs/alerts.md). */
export { type AlertEvent, emitAlert } from "./emit.ts";
