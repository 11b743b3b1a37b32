/**
 * Slack-compatible incoming webhooks of an organization (admins). The URL is a secret — whoever has it can post
 * to the channel — so it is sealed with the installation's key, never returned, logged or put in the ledger:
 * people see its host.
 */
import { isIP } from "node:net";
import { and, eq, isNull } from "drizzle-orm";
import type { OrgActor } from "../../core/actor.ts";
import { newId } from "../../core/id.ts";
import { alertDeliveries, alertWebhooks } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { badRequest, notFound } from "../../platform/errors.ts";
import {
  classifyAddress,
  type OutboundPolicy,
  OutboundRefused,
  outboundPolicy,
  resolveDestination,
} from "../../platform/net-guard.ts";
import { type AttemptResult, attemptDelivery, type DeliveryCtx, LEASE_SECONDS, TEST_KIND } from "./deliver.ts";
import { webhookCreated, webhookDeleted, webhookUpdated } from "./domain-events.ts";
import { WEBHOOK_KINDS } from "./kinds.ts";
import type { CreateWebhook, UpdateWebhook, WebhookView } from "./schema.ts";

type Row = typeof alertWebhooks.$inferSelect;

/** localhost, loopback, private-network and other non-public addresses (where a plain-http test receiver may live). */
export function isLocalHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  return isIP(h) !== 0 && classifyAddress(h) !== "public";
}

/**
 * A webhook URL must be https. Plain http is accepted only for a local or private address, and only where
 * `allowPrivateHttp` says so (ASSAY_WEBHOOK_ALLOW_PRIVATE_HTTP) — elsewhere the secret would cross the network in clear.
 */
export function checkWebhookUrl(raw: string, opts: { allowPrivateHttp: boolean }): { url: string; host: string } {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw badRequest("invalid_webhook_url", "The webhook URL is not a URL. Paste the whole https://… address.");
  }
  if (u.username || u.password)
    throw badRequest("invalid_webhook_url", "The webhook URL must not contain a user name or password.");
  if (u.protocol === "http:") {
    if (!isLocalHost(u.hostname) || !opts.allowPrivateHttp)
      throw badRequest(
        "invalid_webhook_url",
        "The webhook URL must start with https:// (plain http is only accepted for local test receivers on test servers).",
      );
  } else if (u.protocol !== "https:")
    throw badRequest("invalid_webhook_url", "The webhook URL must start with https://.");
  return { url: u.toString(), host: u.host };
}

/**
 * Refuses a URL whose host this server may not contact (ASSAY_OUTBOUND_ALLOW), so the mistake shows when the webhook
 * is saved. A host that does not resolve yet is accepted: each delivery checks again, on the addresses it connects to.
 */
async function checkWebhookDestination(url: string, policy: OutboundPolicy): Promise<void> {
  try {
    await resolveDestination(policy, new URL(url).hostname);
  } catch (err) {
    if (err instanceof OutboundRefused)
      throw badRequest("webhook_destination_refused", `${err.message} ${err.guidance}`);
  }
}

const toView = (r: Row): WebhookView => ({
  id: r.id,
  name: r.name,
  host: r.urlHost,
  kinds: r.kinds,
  enabled: r.enabled,
  lastDeliveryAt: r.lastDeliveryAt,
  lastError: r.lastError,
  createdAt: r.createdAt,
});
/** What the ledger keeps: the host, never the URL. */
const ledgerView = (r: Row) => ({ name: r.name, host: r.urlHost, kinds: r.kinds, enabled: r.enabled });

export const KIND_CHOICES = WEBHOOK_KINDS.map((k) => ({ kind: k.kind, label: k.label, description: k.description }));

export function createWebhooksService(ctx: DeliveryCtx, opts: { allowPrivateHttp: boolean }) {
  const { db, keys } = ctx;
  const outbound = outboundPolicy(ctx.config.ASSAY_OUTBOUND_ALLOW);

  async function load(organizationId: string, id: string): Promise<Row> {
    const [row] = await db
      .select()
      .from(alertWebhooks)
      .where(
        and(
          eq(alertWebhooks.id, id),
          eq(alertWebhooks.organizationId, organizationId),
          isNull(alertWebhooks.deletedAt),
        ),
      );
    if (!row) throw notFound("The webhook");
    return row;
  }

  return {
    async list(organizationId: string) {
      const rows = await db
        .select()
        .from(alertWebhooks)
        .where(and(eq(alertWebhooks.organizationId, organizationId), isNull(alertWebhooks.deletedAt)))
        .orderBy(alertWebhooks.name, alertWebhooks.id);
      return { items: rows.map(toView), kinds: KIND_CHOICES };
    },

    async create(actor: OrgActor, input: CreateWebhook) {
      const { url, host } = checkWebhookUrl(input.url, opts);
      await checkWebhookDestination(url, outbound);
      const row: Row = {
        id: newId(),
        organizationId: actor.organizationId,
        name: input.name,
        urlSealed: keys.encrypt(url),
        urlHost: host,
        kinds: input.kinds,
        enabled: input.enabled,
        lastDeliveryAt: null,
        lastError: null,
        createdBy: actor.userId,
        createdAt: new Date(),
        deletedAt: null,
      };
      await change(db, actor, async ({ tx, emit }) => {
        await tx.insert(alertWebhooks).values(row);
        await emit(webhookCreated, { id: row.id, after: ledgerView(row) });
      });
      return toView(row);
    },

    async update(actor: OrgActor, id: string, input: UpdateWebhook) {
      const before = await load(actor.organizationId, id);
      const patch: Partial<Row> = {};
      if (input.name !== undefined) patch.name = input.name;
      if (input.kinds !== undefined) patch.kinds = input.kinds;
      if (input.enabled !== undefined) patch.enabled = input.enabled;
      if (input.url !== undefined) {
        const { url, host } = checkWebhookUrl(input.url, opts);
        await checkWebhookDestination(url, outbound);
        Object.assign(patch, { urlSealed: keys.encrypt(url), urlHost: host, lastError: null });
      }
      const after = await change(db, actor, async ({ tx, emit }) => {
        const [row] = await tx
          .update(alertWebhooks)
          .set(patch)
          .where(and(eq(alertWebhooks.id, id), eq(alertWebhooks.organizationId, actor.organizationId)))
          .returning();
        await emit(webhookUpdated, {
          id,
          before: ledgerView(before),
          after: { ...ledgerView(row!), urlChanged: input.url !== undefined },
        });
        return row!;
      });
      return toView(after);
    },

    /** Removes it (kept for the outbox history); messages still waiting for it are not sent. */
    async remove(actor: OrgActor, id: string) {
      const before = await load(actor.organizationId, id);
      await change(db, actor, async ({ tx, emit, now }) => {
        await tx.update(alertWebhooks).set({ deletedAt: now }).where(eq(alertWebhooks.id, id));
        await tx
          .update(alertDeliveries)
          .set({ status: "failed", lastError: "Not sent: the webhook was removed." })
          .where(and(eq(alertDeliveries.webhookId, id), eq(alertDeliveries.status, "pending")));
        await emit(webhookDeleted, { id, before: ledgerView(before) });
      });
    },

    /**
     * Sends a test message now (once, no retries) through the outbox and reports what the receiver said. The row is
     * written in a change of its own (no ledger entry: nothing about the organization changes); it is sent after.
     */
    async test(actor: OrgActor, id: string): Promise<AttemptResult> {
      const hook = await load(actor.organizationId, id);
      const now = new Date();
      const [row] = await change(db, actor, ({ tx }) =>
        tx
          .insert(alertDeliveries)
          .values({
            id: newId(),
            organizationId: actor.organizationId,
            channel: "webhook",
            webhookId: hook.id,
            kind: TEST_KIND,
            payload: {
              title: `Test message from Assay for “${hook.name}”`,
              body: `${actor.name} sent this to check the webhook. Alerts of the kinds it subscribes to will arrive here.`,
              link: "/settings/webhooks",
            },
            attempts: 1,
            nextAttemptAt: new Date(now.getTime() + LEASE_SECONDS * 1000),
          })
          .returning(),
      );
      return attemptDelivery(ctx, row!, now, 1);
    },
  };
}
