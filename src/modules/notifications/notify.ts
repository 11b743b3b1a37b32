import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { notifications } from "../../db/schema/index.ts";
import { queueDelivery } from "../alerts/outbox.ts";
import { preferenceFor } from "../alerts/preferences.ts";

export interface NewNotification {
  organizationId: string;
  userId: string;
  /** What happened, dotted like ledger actions: `remediation.assigned`, `remediation.overdue`. */
  kind: string;
  title: string;
  body?: string;
  /** A path inside the web app (`/programs/…`), not an absolute URL. */
  link?: string | null;
}

/**
 * Tells one person in one organization about something. For alert kinds (src/modules/alerts/kinds.ts) the
 * person's preference decides: the inbox (unless turned off), and an email now or in the daily digest (as outbox
 * rows, sent by the `alerts.deliver` and `alerts.digest` jobs). Other kinds only go to the inbox. Call it inside
 * the transaction of the change it reports, so a rolled-back change never leaves a notification or email behind.
 * Returns the inbox notification's id, or null when the person turned the inbox off for this kind.
 */
export async function notify(tx: Db, n: NewNotification): Promise<{ id: string | null }> {
  const pref = await preferenceFor(tx, n.organizationId, n.userId, n.kind);
  const title = n.title.slice(0, 500);
  const body = (n.body ?? "").slice(0, 4000);
  const link = n.link ?? null;
  let id: string | null = null;
  if (pref.inApp) {
    id = newId();
    await tx.insert(notifications).values({
      id,
      organizationId: n.organizationId,
      userId: n.userId,
      kind: n.kind,
      title,
      body,
      link,
    });
  }
  if (pref.email !== "off")
    await queueDelivery(tx, {
      organizationId: n.organizationId,
      channel: pref.email === "immediate" ? "email" : "digest",
      userId: n.userId,
      notificationId: id,
      kind: n.kind,
      payload: { title, body, link },
    });
  return { id };
}
