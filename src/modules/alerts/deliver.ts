/**
 * The outbox sender (`alerts.deliver`, every minute and shortly after new rows): claims due rows, sends each email
 * or webhook message, and records the outcome on the row (and on the webhook). A failed send is retried with
 * exponential backoff up to MAX_ATTEMPTS, then the row is `failed` with its last error; problems retrying cannot
 * fix (no SMTP configured, the person left, the receiver refused the message) fail the row at once.
 */
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { errorMessageForPeople } from "../../db/errors.ts";
import { alertDeliveries, alertWebhooks, memberships, organizations, users } from "../../db/schema/index.ts";
import { retryDelaySeconds } from "../../jobs/queue.ts";
import type { AppContext } from "../../kernel/context.ts";
import { type OutboundPolicy, OutboundRefused, outboundPolicy } from "../../platform/net-guard.ts";
import { outboundFetch } from "../../platform/outbound-http.ts";
import type { AlertPayload } from "./outbox.ts";
import { alertEmail, slackMessage } from "./render.ts";

export type DeliveryCtx = Pick<AppContext, "db" | "mailer" | "config" | "keys" | "log">;
export type DeliveryRow = typeof alertDeliveries.$inferSelect;

export const MAX_ATTEMPTS = 5;
/** 1 min, 2, 4, 8 (with jitter): about a quarter of an hour before a message is given up. */
export const RETRY_BACKOFF = { baseSeconds: 60, maxSeconds: 3600 };
/** A claimed row is left alone this long; a worker that dies mid-send leaves it to be retried after. */
export const LEASE_SECONDS = 120;
const WEBHOOK_TIMEOUT_MS = 10_000;

class SendError extends Error {
  readonly permanent: boolean;
  readonly status: number | null;
  constructor(message: string, permanent: boolean, status: number | null = null) {
    super(message);
    this.permanent = permanent;
    this.status = status;
  }
}

export const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return "the receiver";
  }
};

/**
 * POSTs a JSON message to a webhook. Errors name only the host: the URL (Slack's carries its secret in the path)
 * never reaches a message, a log line or the database. The connection goes through the network guard
 * (ASSAY_OUTBOUND_ALLOW), pinned to the addresses it checked; a redirect is not followed.
 */
export async function postWebhook(url: string, body: unknown, policy: OutboundPolicy, timeoutMs = WEBHOOK_TIMEOUT_MS) {
  const host = hostOf(url);
  let res: Response;
  try {
    res = await outboundFetch(policy)(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    // Refused before any connection: the same answer whether anything listens there or not.
    if (cause instanceof OutboundRefused) throw new SendError(`Not sent: ${cause.message} ${cause.guidance}`, true);
    const why =
      (err as Error).name === "TimeoutError"
        ? `no answer within ${timeoutMs / 1000} s`
        : (cause?.code ?? cause?.message ?? (err as Error).message);
    throw new SendError(`Could not reach ${host}: ${why.split(url).join(host)}`, false);
  }
  const text = (await res.text().catch(() => "")).slice(0, 200).trim();
  if (res.status >= 200 && res.status < 300) return { status: res.status };
  // A 4xx (other than timeouts and throttling) says the message or the URL is wrong: resending cannot help.
  const permanent = res.status >= 300 && res.status < 500 && res.status !== 408 && res.status !== 429;
  const redirect = res.status >= 300 && res.status < 400 ? " (redirects are not followed: use the final URL)" : "";
  throw new SendError(
    `${host} answered HTTP ${res.status}${redirect}${text ? `: ${text.split(url).join(host)}` : ""}`,
    permanent,
    res.status,
  );
}

async function organizationName(db: Db, organizationId: string) {
  const [o] = await db
    .select({ name: organizations.name })
    .from(organizations)
    .where(eq(organizations.id, organizationId));
  return o?.name ?? "Assay";
}

async function send(ctx: DeliveryCtx, row: DeliveryRow): Promise<{ status: number | null }> {
  const payload = row.payload as AlertPayload;
  if (row.channel === "email") {
    const [to] = row.userId
      ? await ctx.db
          .select({ email: users.email, name: users.name, organization: organizations.name })
          .from(users)
          .innerJoin(
            memberships,
            and(eq(memberships.userId, users.id), eq(memberships.organizationId, row.organizationId)),
          )
          .innerJoin(organizations, eq(organizations.id, row.organizationId))
          .where(eq(users.id, row.userId))
      : [];
    if (!to) throw new SendError("Not sent: the person is no longer a member of the organization.", true);
    if (!ctx.config.SMTP_URL)
      throw new SendError(
        "Not sent: SMTP is not configured on this server (set SMTP_URL and SMTP_FROM). New alerts are emailed once it is.",
        true,
      );
    try {
      await ctx.mailer.send({
        to: to.email,
        ...alertEmail(payload, { publicUrl: ctx.config.publicUrl, organization: to.organization }, to.name),
      });
    } catch (err) {
      throw new SendError(`The mail server refused or failed: ${(err as Error).message}`.slice(0, 1000), false);
    }
    return { status: null };
  }
  if (row.channel === "webhook") {
    const [w] = row.webhookId
      ? await ctx.db
          .select()
          .from(alertWebhooks)
          .where(and(eq(alertWebhooks.id, row.webhookId), eq(alertWebhooks.organizationId, row.organizationId)))
      : [];
    if (!w || w.deletedAt) throw new SendError("Not sent: the webhook was removed.", true);
    if (!w.enabled && row.kind !== TEST_KIND) throw new SendError("Not sent: the webhook is turned off.", true);
    let url: string;
    try {
      url = ctx.keys.decrypt(w.urlSealed);
    } catch {
      throw new SendError(
        "Not sent: the webhook URL cannot be decrypted with this server's keys (ASSAY_ENCRYPTION_KEY changed?). Enter the URL again.",
        true,
      );
    }
    const organization = await organizationName(ctx.db, row.organizationId);
    return postWebhook(
      url,
      slackMessage(payload, { publicUrl: ctx.config.publicUrl, organization }, row.kind),
      outboundPolicy(ctx.config.ASSAY_OUTBOUND_ALLOW),
    );
  }
  throw new SendError(`Not sent: "${row.channel}" rows are not sent on their own.`, true);
}

/** The kind of the message `POST /alerts/webhooks/:id/test` sends. */
export const TEST_KIND = "alerts.test";

export interface AttemptResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  /** Not retried any more. */
  final: boolean;
}

/** Sends one claimed row (its attempts already counted) and records the outcome. */
export async function attemptDelivery(
  ctx: DeliveryCtx,
  row: DeliveryRow,
  now = new Date(),
  maxAttempts = MAX_ATTEMPTS,
): Promise<AttemptResult> {
  try {
    const { status } = await send(ctx, row);
    await ctx.db
      .update(alertDeliveries)
      .set({ status: "sent", sentAt: now, lastError: null })
      .where(eq(alertDeliveries.id, row.id));
    if (row.webhookId)
      await ctx.db
        .update(alertWebhooks)
        .set({ lastDeliveryAt: now, lastError: null })
        .where(eq(alertWebhooks.id, row.webhookId));
    return { ok: true, status, error: null, final: true };
  } catch (err) {
    // Shown on the webhook and the delivery: an error of Assay's database becomes a generic message (SQL: the log).
    const e = err instanceof SendError ? err : new SendError(errorMessageForPeople(err, `delivery ${row.id}`), false);
    const final = e.permanent || row.attempts >= maxAttempts;
    const message = e.message.slice(0, 2000);
    await ctx.db
      .update(alertDeliveries)
      .set({
        status: final ? "failed" : "pending",
        lastError: message,
        ...(final
          ? {}
          : { nextAttemptAt: new Date(now.getTime() + retryDelaySeconds(row.attempts, RETRY_BACKOFF) * 1000) }),
      })
      .where(eq(alertDeliveries.id, row.id));
    if (row.webhookId)
      await ctx.db.update(alertWebhooks).set({ lastError: message }).where(eq(alertWebhooks.id, row.webhookId));
    ctx.log.warn(
      {
        deliveryId: row.id,
        channel: row.channel,
        attempt: row.attempts,
        final,
        error: message,
        ...(e === err ? {} : { err }),
      },
      "alert not sent",
    );
    return { ok: false, status: e.status, error: message, final };
  }
}

/** Claims due rows: SKIP LOCKED keeps two workers apart; the lease keeps a row from being sent twice meanwhile. */
async function claimDue(db: Db, now: Date, limit: number): Promise<DeliveryRow[]> {
  const due = db
    .select({ id: alertDeliveries.id })
    .from(alertDeliveries)
    .where(
      and(
        eq(alertDeliveries.status, "pending"),
        inArray(alertDeliveries.channel, ["email", "webhook"]),
        lte(alertDeliveries.nextAttemptAt, now),
      ),
    )
    .orderBy(asc(alertDeliveries.nextAttemptAt))
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(alertDeliveries)
    .set({
      attempts: sql`${alertDeliveries.attempts} + 1`,
      nextAttemptAt: new Date(now.getTime() + LEASE_SECONDS * 1000),
    })
    .where(inArray(alertDeliveries.id, due))
    .returning();
}

export interface DeliverRun {
  sent: number;
  retrying: number;
  failed: number;
}

export async function deliverDue(ctx: DeliveryCtx, now = new Date(), batch = 50): Promise<DeliverRun> {
  const run: DeliverRun = { sent: 0, retrying: 0, failed: 0 };
  for (;;) {
    const rows = await claimDue(ctx.db, now, batch);
    for (const row of rows) {
      const r = await attemptDelivery(ctx, row, now);
      if (r.ok) run.sent++;
      else if (r.final) run.failed++;
      else run.retrying++;
    }
    if (rows.length < batch) return run;
  }
}
