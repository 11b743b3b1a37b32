/**
 * Notices about someone's own work (docs/notifications.md): assignments, approvals and verifications waiting for
 * them, deadlines. They go through the alerts module, so each person's choice for the kind applies (in the app, plus
 * email right away or in the daily digest) and the email leaves after commit from its outbox.
 */
import type { Actor } from "../../core/actor.ts";
import type { Change } from "../../kernel/change.ts";
import { type AlertKindId, emitAlert, stillMembers } from "../alerts/public.ts";

export interface WorkNotice {
  kind: AlertKindId;
  /** Who the work is for; null or undefined: nobody (an unowned record). */
  to: string | null | undefined;
  title: string;
  body: string;
  /** The record's page in the web app. */
  link: string;
}

const actorId = (actor: Actor) => (actor.kind === "system" ? null : actor.userId);
export const actorName = (actor: Actor) => (actor.kind === "system" ? "Assay" : actor.name);

/**
 * Sends each notice to its person in the change's organization, except to whoever made the change (nobody is told
 * about their own action) and to people no longer members. The same notice twice in one change goes once.
 */
export async function notifyWork(c: Change, notices: readonly WorkNotice[]): Promise<number> {
  const organizationId = c.organizationId;
  if (!organizationId) return 0;
  const me = actorId(c.actor);
  const wanted = notices.filter((n) => n.to && n.to !== me);
  if (!wanted.length) return 0;
  const members = new Set(await stillMembers(c.tx, organizationId, [...new Set(wanted.map((n) => n.to!))]));
  const seen = new Set<string>();
  let sent = 0;
  for (const n of wanted) {
    const key = `${n.to}|${n.kind}|${n.link}|${n.title}`;
    if (!members.has(n.to!) || seen.has(key)) continue;
    seen.add(key);
    await emitAlert(c, {
      organizationId,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      recipients: [n.to!],
    });
    sent++;
  }
  return sent;
}

export const remediationLink = (programId: string, itemId: string) => `/programs/${programId}/remediation/${itemId}`;
export const controlLink = (programId: string, key: string) =>
  `/programs/${programId}/controls/${encodeURIComponent(key)}`;
export const exceptionLink = (id: string) => `/monitoring/exceptions?state=pending&exception=${id}`;
