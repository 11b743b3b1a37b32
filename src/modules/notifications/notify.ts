import { newId } from "../../core/id.ts";
import { notifications } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";

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
 * Puts a notification in one person's inbox in one organization. A command: it is written in the change it reports,
 * so a rolled-back change never leaves a notification behind. Alerts people can tune (src/modules/alerts/kinds.ts:
 * inbox on/off, email now or in the digest) go through the alerts module's `emitAlert`, which calls this when the
 * person wants them in the inbox.
 */
export async function notify(c: Change, n: NewNotification): Promise<{ id: string }> {
  const id = newId();
  await c.tx.insert(notifications).values({
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
