import { newId } from "../../core/id.ts";
import type { Db } from "../../db/client.ts";
import { notifications } from "../../db/schema/index.ts";

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
 * Puts a notification in one person's inbox for one organization. Call it inside the transaction of the change it
 * reports, so a rolled-back change never leaves a notification behind.
 */
export async function notify(tx: Db, n: NewNotification): Promise<{ id: string }> {
  const id = newId();
  await tx.insert(notifications).values({
    id,
    organizationId: n.organizationId,
    userId: n.userId,
    kind: n.kind,
    title: n.title.slice(0, 500),
    body: (n.body ?? "").slice(0, 4000),
    link: n.link ?? null,
  });
  return { id };
}
