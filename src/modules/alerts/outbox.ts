/**
 * The outbox writer: an email or webhook message becomes an `alert_deliveries` row in the transaction of the event
 * it reports, so a rolled-back change sends nothing and a slow receiver never holds that transaction. The
 * `alerts.deliver` job sends the rows (src/modules/alerts/deliver.ts).
 */
import { newId } from "../../core/id.ts";
import { alertDeliveries } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";

export const DELIVER_JOB = "alerts.deliver";

/** What an alert says, rendered when the event happens; links are web paths made absolute when sent. */
export interface AlertPayload {
  title: string;
  body: string;
  /** A path in the web app (`/programs/…`), or null. */
  link: string | null;
  /** Digest emails: the items they list. */
  items?: { kind: string; title: string; body: string; link: string | null; at: string }[];
  [k: string]: unknown;
}

/** email: one person now · webhook: one webhook · digest: waits for the person's next daily digest */
export type Channel = "email" | "webhook" | "digest";

export interface NewDelivery {
  organizationId: string;
  channel: Channel;
  kind: string;
  payload: AlertPayload;
  userId?: string | null;
  webhookId?: string | null;
  notificationId?: string | null;
}

/** How soon after an event the deliver job is kicked (events close together share one run). */
const KICK_BUCKET_MS = 5_000;

/** A command: the row is written in the caller's change. */
export async function queueDelivery(c: Change, d: NewDelivery): Promise<string> {
  const id = newId();
  await c.tx.insert(alertDeliveries).values({
    id,
    organizationId: d.organizationId,
    channel: d.channel,
    kind: d.kind,
    payload: d.payload,
    userId: d.userId ?? null,
    webhookId: d.webhookId ?? null,
    notificationId: d.notificationId ?? null,
  });
  if (d.channel !== "digest") await kickDelivery(c);
  return id;
}

/**
 * Asks for a delivery run shortly instead of waiting for the minute schedule. The dedupe key is per 5-second
 * bucket, so a burst of alerts (a sync failing many tests) adds one job.
 */
export async function kickDelivery(c: Change, now = c.now.getTime()) {
  const bucket = Math.floor(now / KICK_BUCKET_MS) * KICK_BUCKET_MS;
  await c.enqueue({
    name: DELIVER_JOB,
    runAt: new Date(bucket + KICK_BUCKET_MS),
    dedupeKey: `${DELIVER_JOB}@kick:${new Date(bucket).toISOString()}`,
    maxAttempts: 1,
  });
}
