/**
 * Alerts raised by what other modules announce, in the transaction of their change (a rolled-back change alerts
 * nobody; sending happens later from the outbox): tests that newly fail, found by a sync or an agent report, and a
 * failed sync that starts a failure streak (docs/alerts.md).
 */
import { type EventType, payloadsOf } from "../../kernel/events.ts";
import type { Subscriber } from "../../kernel/subscribers.ts";
import { reportReceived } from "../agent/events.ts";
import { syncFailed, syncFinished } from "../monitoring/events.ts";
import { emitNewFailures, emitSyncAlerts } from "./events.ts";

export const monitoringAlertsSubscriber: Subscriber = {
  name: "alerts.monitoring",
  on: [syncFinished, syncFailed, reportReceived] as EventType<never>[],
  async handle(c, events) {
    const organizationId = c.organizationId!;
    for (const s of [...payloadsOf(events, syncFinished), ...payloadsOf(events, syncFailed)])
      await emitSyncAlerts(c, {
        organizationId,
        syncId: s.syncId,
        connection: s.connection,
        status: s.status,
        error: s.error,
        guidance: s.guidance,
      });
    for (const r of payloadsOf(events, reportReceived))
      await emitNewFailures(c, {
        organizationId,
        connectionId: r.connectionId,
        runId: r.reportId,
        since: r.receivedAt,
        foundBy: `the agent on ${r.hostname}`,
      });
  },
};
