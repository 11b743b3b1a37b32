/**
 * Emitting an alert: each recipient is notified according to their preferences (inbox, email now, digest), and
 * each enabled webhook of the organization that subscribes to the kind gets one message. A command: it runs in the
 * change that reports the event; sending happens later from the outbox.
 */
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Role } from "../../core/roles.ts";
import type { Db } from "../../db/client.ts";
import { alertWebhooks, memberships, programControls, programs } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import { notify } from "../notifications/public.ts";
import type { AlertKindId } from "./kinds.ts";
import { queueDelivery } from "./outbox.ts";
import { preferenceFor } from "./preferences.ts";

export interface AlertEvent {
  organizationId: string;
  kind: AlertKindId;
  title: string;
  body: string;
  link: string | null;
  /** User ids; the emitters pass only current members. */
  recipients: readonly string[];
}

/**
 * One person, as they chose for this kind: in the inbox (unless turned off), and an email now or in the daily
 * digest (outbox rows, sent by the `alerts.deliver` and `alerts.digest` jobs).
 */
async function notifyPerson(c: Change, e: AlertEvent, userId: string) {
  const pref = await preferenceFor(c.tx, e.organizationId, userId, e.kind);
  const title = e.title.slice(0, 500);
  const body = e.body.slice(0, 4000);
  const link = e.link ?? null;
  const id = pref.inApp
    ? (await notify(c, { organizationId: e.organizationId, userId, kind: e.kind, title, body, link })).id
    : null;
  if (pref.email !== "off")
    await queueDelivery(c, {
      organizationId: e.organizationId,
      channel: pref.email === "immediate" ? "email" : "digest",
      userId,
      notificationId: id,
      kind: e.kind,
      payload: { title, body, link },
    });
}

export async function emitAlert(c: Change, e: AlertEvent): Promise<{ people: number; webhooks: number }> {
  for (const userId of e.recipients) await notifyPerson(c, e, userId);
  const hooks = await c.tx
    .select({ id: alertWebhooks.id })
    .from(alertWebhooks)
    .where(
      and(
        eq(alertWebhooks.organizationId, e.organizationId),
        eq(alertWebhooks.enabled, true),
        isNull(alertWebhooks.deletedAt),
        sql`${alertWebhooks.kinds} @> ${JSON.stringify([e.kind])}::jsonb`,
      ),
    );
  for (const h of hooks)
    await queueDelivery(c, {
      organizationId: e.organizationId,
      channel: "webhook",
      webhookId: h.id,
      kind: e.kind,
      payload: { title: e.title.slice(0, 500), body: e.body.slice(0, 4000), link: e.link },
    });
  return { people: e.recipients.length, webhooks: hooks.length };
}

/** Members with one of these roles. */
export async function membersWithRoles(tx: Db, organizationId: string, roles: readonly Role[]): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.role, [...roles])))
    .orderBy(memberships.userId);
  return rows.map((r) => r.userId);
}

/** Which of these people are still members (a former member is not alerted). */
export async function stillMembers(tx: Db, organizationId: string, userIds: readonly (string | null)[]) {
  const ids = userIds.filter((x): x is string => !!x);
  if (!ids.length) return [];
  const rows = await tx
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, ids)));
  const present = new Set(rows.map((r) => r.userId));
  return ids.filter((id) => present.has(id));
}

/**
 * Owners (still members) of the program controls in active programs whose key or library id is one of
 * `controlIds` — the ids tests name.
 */
export async function controlOwners(tx: Db, organizationId: string, controlIds: readonly string[]): Promise<string[]> {
  if (!controlIds.length) return [];
  const ids = [...controlIds];
  const rows = await tx
    .selectDistinct({ userId: memberships.userId })
    .from(programControls)
    .innerJoin(programs, eq(programs.id, programControls.programId))
    .innerJoin(
      memberships,
      and(
        eq(memberships.organizationId, programControls.organizationId),
        eq(memberships.userId, programControls.ownerUserId),
      ),
    )
    .where(
      and(
        eq(programControls.organizationId, organizationId),
        isNull(programs.archivedAt),
        sql`(${inArray(programControls.key, ids)} OR ${inArray(programControls.libraryId, ids)})`,
      ),
    )
    .orderBy(memberships.userId);
  return rows.map((r) => r.userId);
}
