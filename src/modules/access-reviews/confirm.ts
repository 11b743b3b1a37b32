/**
 * A finished sync proves decisions carried out: a revoked account that is gone (or disabled, suspended) and a role
 * change whose account now shows the new role are "confirmed by sync". A subscriber to monitoring's
 * `sync_finished`, in the sync's own transaction: monitoring never calls this module.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { type AccessDecision, syncConfirms } from "../../core/access-review.ts";
import { accessReviewAccounts, accessReviewCampaigns, resources } from "../../db/schema/index.ts";
import type { Change } from "../../kernel/change.ts";
import type { Subscriber } from "../../kernel/subscribers.ts";
import { type SyncOutcome, syncFinished } from "../monitoring/events.ts";
import { accessConfirmed } from "./events.ts";
import { accountLedger } from "./store.ts";

export async function confirmBySync(c: Change, organizationId: string, connectionId: string, syncId: string) {
  const waiting = await c.tx
    .select({ account: accessReviewAccounts })
    .from(accessReviewAccounts)
    .innerJoin(accessReviewCampaigns, eq(accessReviewCampaigns.id, accessReviewAccounts.campaignId))
    .where(
      and(
        eq(accessReviewAccounts.organizationId, organizationId),
        eq(accessReviewCampaigns.connectionId, connectionId),
        inArray(accessReviewAccounts.decision, ["revoke", "change_role"]),
        isNull(accessReviewAccounts.confirmedAt),
      ),
    );
  if (!waiting.length) return 0;
  const found = await c.tx
    .select()
    .from(resources)
    .where(
      and(
        eq(resources.connectionId, connectionId),
        inArray(resources.externalId, [...new Set(waiting.map((w) => w.account.externalId))]),
      ),
    );
  const byKey = new Map(found.map((r) => [`${r.type}|${r.externalId}`, r]));
  let confirmed = 0;
  for (const { account: before } of waiting) {
    const r = byKey.get(`${before.kind}|${before.externalId}`);
    const current = r ? { type: r.type, attributes: r.attributes, missing: r.missingSince !== null } : null;
    if (!syncConfirms(before.decision as AccessDecision, before.newRole, current)) continue;
    const [after] = await c.tx
      .update(accessReviewAccounts)
      .set({ confirmedAt: c.now, confirmedSyncId: syncId })
      .where(eq(accessReviewAccounts.id, before.id))
      .returning();
    await c.emit(accessConfirmed, {
      id: before.id,
      before: accountLedger(before),
      after: { ...accountLedger(after!), syncId },
    });
    confirmed++;
  }
  return confirmed;
}

export const syncConfirmationSubscriber: Subscriber = {
  name: "access_reviews.sync_confirmation",
  on: [syncFinished],
  async handle(c, events) {
    if (!c.organizationId) return;
    for (const e of events) {
      const p = e.payload as SyncOutcome;
      await confirmBySync(c, c.organizationId, p.connection.id, p.syncId);
    }
  },
};
