/**
 * The daily digest (`alerts.digest`): alerts a person chose to get "in the digest" wait in the outbox as `digest`
 * rows; once a day each person with such rows gets one email listing them (queued as an email row, so it is
 * retried like any other), the rows are marked sent and alert_digests records when. Nothing waiting → no email.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import { systemActor } from "../../core/actor.ts";
import type { Db } from "../../db/client.ts";
import { alertDeliveries, alertDigests, notificationPreferences } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { AppContext } from "../../kernel/context.ts";
import { defaultPreference, PREFERENCES_PATH } from "./kinds.ts";
import { type AlertPayload, queueDelivery } from "./outbox.ts";

export const DIGEST_KIND = "alerts.digest";
/** A person gets at most one digest in this time, however often the job runs. */
const MIN_GAP_MS = 20 * 3600_000;

export interface DigestRun {
  emails: number;
  items: number;
}

async function digestKinds(tx: Db, organizationId: string, userId: string, kinds: string[]) {
  const rows = await tx
    .select({ kind: notificationPreferences.kind, email: notificationPreferences.email })
    .from(notificationPreferences)
    .where(
      and(
        eq(notificationPreferences.organizationId, organizationId),
        eq(notificationPreferences.userId, userId),
        inArray(notificationPreferences.kind, kinds),
      ),
    );
  const chosen = new Map(rows.map((r) => [r.kind, r.email]));
  return new Set(kinds.filter((k) => (chosen.get(k) ?? defaultPreference(k).email) === "digest"));
}

export async function sendDigests(ctx: Pick<AppContext, "db">, now = new Date()): Promise<DigestRun> {
  const run: DigestRun = { emails: 0, items: 0 };
  const people = await ctx.db
    .selectDistinct({ organizationId: alertDeliveries.organizationId, userId: alertDeliveries.userId })
    .from(alertDeliveries)
    .where(and(eq(alertDeliveries.channel, "digest"), eq(alertDeliveries.status, "pending")));
  for (const { organizationId, userId } of people) {
    if (!userId) continue;
    // One digest per person at a time: the change holds the organization's lock, so a concurrent run waits, then
    // finds the rows sent.
    const items = await change(ctx.db, systemActor(organizationId, "alerts.digest"), async (c) => {
      const { tx } = c;
      const [last] = await tx
        .select({ at: alertDigests.lastSentAt })
        .from(alertDigests)
        .where(and(eq(alertDigests.organizationId, organizationId), eq(alertDigests.userId, userId)));
      if (last && now.getTime() - last.at.getTime() < MIN_GAP_MS) return 0;
      const rows = await tx
        .select()
        .from(alertDeliveries)
        .where(
          and(
            eq(alertDeliveries.organizationId, organizationId),
            eq(alertDeliveries.userId, userId),
            eq(alertDeliveries.channel, "digest"),
            eq(alertDeliveries.status, "pending"),
          ),
        )
        .orderBy(asc(alertDeliveries.createdAt), asc(alertDeliveries.id));
      if (!rows.length) return 0;
      // A kind switched away from "digest" since the alert was queued is left out, as the person now wants.
      const wanted = await digestKinds(tx, organizationId, userId, [...new Set(rows.map((r) => r.kind))]);
      const included = rows.filter((r) => wanted.has(r.kind));
      const dropped = rows.filter((r) => !wanted.has(r.kind));
      if (dropped.length)
        await tx
          .update(alertDeliveries)
          .set({
            status: "failed",
            lastError: "Left out of the digest: the person no longer gets this kind in the digest.",
          })
          .where(
            inArray(
              alertDeliveries.id,
              dropped.map((r) => r.id),
            ),
          );
      if (!included.length) return 0;
      const list = included.map((r) => {
        const p = r.payload as AlertPayload;
        return { kind: r.kind, title: p.title, body: p.body, link: p.link, at: r.createdAt.toISOString() };
      });
      await queueDelivery(c, {
        organizationId,
        channel: "email",
        userId,
        kind: DIGEST_KIND,
        payload: { title: `Daily digest: ${list.length} alerts`, body: "", link: PREFERENCES_PATH, items: list },
      });
      await tx
        .update(alertDeliveries)
        .set({ status: "sent", sentAt: now, attempts: 1 })
        .where(
          inArray(
            alertDeliveries.id,
            included.map((r) => r.id),
          ),
        );
      await tx
        .insert(alertDigests)
        .values({ organizationId, userId, lastSentAt: now })
        .onConflictDoUpdate({ target: [alertDigests.organizationId, alertDigests.userId], set: { lastSentAt: now } });
      return included.length;
    });
    if (items) {
      run.emails++;
      run.items += items;
    }
  }
  return run;
}
