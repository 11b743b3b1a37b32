import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, dbKind, type TestContext } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { startSmtpCatcher } from "../../../test/smtp.ts";
import { systemActor } from "../../core/actor.ts";
import { alertDeliveries, alertWebhooks, jobs, notifications } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import type { ApiApp } from "../../kernel/http/api-app.ts";
import { createMailer } from "../../platform/mailer.ts";
import { buildApp } from "../../server/app.ts";
import { deliverDue, MAX_ATTEMPTS } from "./deliver.ts";
import { emitAlert } from "./emit.ts";
import { DELIVER_JOB } from "./outbox.ts";
import { startWebhookReceiver } from "./testing.ts";

let ctx: TestContext;
let app: ApiApp;
let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  receiver = await startWebhookReceiver();
  ctx = await createTestContext({
    config: {
      SMTP_URL: smtp.url,
      ASSAY_PUBLIC_URL: "https://assay.example.test",
      ASSAY_WEBHOOK_ALLOW_PRIVATE_HTTP: true,
      // The test receivers listen on loopback, which an installation must allow explicitly.
      ASSAY_OUTBOUND_ALLOW: "127.0.0.1",
    },
  });
  ctx.mailer = createMailer(ctx.config, ctx.log);
  app = await buildApp(ctx, { logger: false });
});
afterAll(async () => {
  await app.close();
  await ctx.close();
  await smtp.close();
  await receiver.close();
});

const decoded = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
const rowsOf = (organizationId: string) =>
  ctx.db.select().from(alertDeliveries).where(eq(alertDeliveries.organizationId, organizationId));
const alert = (organizationId: string, recipients: string[], kind: "sync.failed" | "evidence.stale" = "sync.failed") =>
  change(ctx.db, systemActor(organizationId, "test"), (c) =>
    emitAlert(c, {
      organizationId,
      kind,
      title: "The sync of HR export failed",
      body: "The CSV file is missing.\nWhat to do: upload it again.",
      link: "/monitoring/integrations",
      recipients,
    }),
  );

describe(`alert email delivery on ${dbKind}`, () => {
  it("emails an immediate alert through SMTP with links to the page and to the preferences", async () => {
    const { org, user } = await orgWithOwner(app, ctx.db, "Mail Co");
    await alert(org.id, [user.id]);
    const [row] = await rowsOf(org.id);
    expect(row).toMatchObject({ channel: "email", status: "pending", userId: user.id, kind: "sync.failed" });
    const [inbox] = await ctx.db.select().from(notifications).where(eq(notifications.userId, user.id));
    expect(row!.notificationId).toBe(inbox!.id);
    // The deliver job was asked to run soon.
    expect((await ctx.db.select().from(jobs).where(eq(jobs.name, DELIVER_JOB))).length).toBeGreaterThan(0);

    expect(await deliverDue(ctx)).toMatchObject({ sent: 1, failed: 0 });
    const mail = await smtp.waitFor(user.email);
    expect(mail.raw).toContain("Subject: [Mail Co] The sync of HR export failed");
    const text = decoded(mail.raw);
    expect(text).toContain("The CSV file is missing.");
    expect(text).toContain("https://assay.example.test/monitoring/integrations");
    expect(text).toContain("https://assay.example.test/settings/notifications");
    const [sent] = await rowsOf(org.id);
    expect(sent).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(await deliverDue(ctx)).toMatchObject({ sent: 0 });
    expect(smtp.messages.filter((m) => m.to.includes(user.email))).toHaveLength(1);
  });

  it("honours each person's preference: inbox only, digest, or nothing", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const quiet = await member(app, ctx.db, org.id, "admin");
    await quiet.client.put("/api/v1/alerts/preferences", {
      preferences: [{ kind: "sync.failed", inApp: false, email: "off" }],
    });
    await client.put("/api/v1/alerts/preferences", {
      preferences: [{ kind: "sync.failed", inApp: true, email: "digest" }],
    });
    await alert(org.id, [user.id, quiet.user.id]);
    expect(await ctx.db.select().from(notifications).where(eq(notifications.userId, quiet.user.id))).toEqual([]);
    expect((await rowsOf(org.id)).map((r) => [r.channel, r.userId])).toEqual([["digest", user.id]]);
    expect(await deliverDue(ctx)).toMatchObject({ sent: 0 });
  });

  it("says so in the delivery row when SMTP is not configured, instead of retrying forever", async () => {
    const { org, user } = await orgWithOwner(app, ctx.db);
    await alert(org.id, [user.id]);
    const noSmtp = { ...ctx, config: { ...ctx.config, SMTP_URL: undefined } };
    expect(await deliverDue(noSmtp)).toMatchObject({ failed: 1 });
    const [row] = await rowsOf(org.id);
    expect(row).toMatchObject({ status: "failed", attempts: 1 });
    expect(row!.lastError).toContain("SMTP is not configured");
  });
});

describe(`alert webhook delivery on ${dbKind}`, () => {
  it("posts Slack-formatted JSON to the subscribed webhooks only", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db, "Hook Co");
    await client.put("/api/v1/alerts/preferences", {
      preferences: [{ kind: "sync.failed", inApp: true, email: "off" }],
    });
    const subscribed = (
      await client.post("/api/v1/alerts/webhooks", { name: "Ops", url: receiver.url, kinds: ["sync.failed"] })
    ).json().id as string;
    await client.post("/api/v1/alerts/webhooks", { name: "Evidence", url: receiver.url, kinds: ["evidence.stale"] });
    const off = (
      await client.post("/api/v1/alerts/webhooks", {
        name: "Off",
        url: receiver.url,
        kinds: ["sync.failed"],
        enabled: false,
      })
    ).json().id as string;
    expect(off).toBeTruthy();
    receiver.received.length = 0;
    await alert(org.id, [user.id]);
    expect((await rowsOf(org.id)).map((r) => [r.channel, r.webhookId])).toEqual([["webhook", subscribed]]);

    expect(await deliverDue(ctx)).toMatchObject({ sent: 1 });
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0]!;
    expect(got.path).toBe("/services/T0001/B0001/s3cr3t-path-token");
    expect(got.contentType).toBe("application/json");
    expect(got.body).toMatchObject({
      text: "[Hook Co] The sync of HR export failed https://assay.example.test/monitoring/integrations",
      blocks: [
        {
          type: "section",
          text: {
            type: "mrkdwn",
            text: "*<https://assay.example.test/monitoring/integrations|The sync of HR export failed>*\nThe CSV file is missing.\nWhat to do: upload it again.",
          },
        },
        { type: "context" },
      ],
    });
    const [hook] = await ctx.db.select().from(alertWebhooks).where(eq(alertWebhooks.id, subscribed));
    expect(hook!.lastDeliveryAt).toBeInstanceOf(Date);
    expect(hook!.lastError).toBeNull();
  });

  it("retries a receiver answering 500 with backoff, then gives up with the last error", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    await client.put("/api/v1/alerts/preferences", {
      preferences: [{ kind: "sync.failed", inApp: true, email: "off" }],
    });
    const id = (
      await client.post("/api/v1/alerts/webhooks", { name: "Broken", url: receiver.url, kinds: ["sync.failed"] })
    ).json().id as string;
    receiver.state.status = 500;
    receiver.received.length = 0;
    try {
      await alert(org.id, [user.id]);
      let now = new Date();
      const first = await deliverDue(ctx, now);
      expect(first).toMatchObject({ sent: 0, retrying: 1, failed: 0 });
      let [row] = await rowsOf(org.id);
      expect(row).toMatchObject({ status: "pending", attempts: 1 });
      expect(row!.lastError).toBe(`${receiver.host} answered HTTP 500: internal_error`);
      const wait = row!.nextAttemptAt.getTime() - now.getTime();
      expect(wait).toBeGreaterThanOrEqual(30_000);
      expect(wait).toBeLessThanOrEqual(60_000);
      // Not due yet: nothing is sent.
      expect(await deliverDue(ctx, now)).toMatchObject({ sent: 0, retrying: 0, failed: 0 });
      for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
        now = new Date(row!.nextAttemptAt.getTime() + 1000);
        await deliverDue(ctx, now);
        [row] = await rowsOf(org.id);
        expect(row!.attempts).toBe(attempt);
      }
      expect(row).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
      expect(row!.lastError).toContain("answered HTTP 500");
      expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
      expect(await deliverDue(ctx, new Date(now.getTime() + 86_400_000))).toMatchObject({ sent: 0, failed: 0 });
      const [hook] = await ctx.db.select().from(alertWebhooks).where(eq(alertWebhooks.id, id));
      expect(hook!.lastError).toContain("answered HTTP 500");
      expect(hook!.lastError).not.toContain("s3cr3t");
    } finally {
      receiver.state.status = 200;
    }
  });

  it("sends a test message on request and reports the receiver's answer", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const id = (
      await client.post("/api/v1/alerts/webhooks", { name: "Team", url: receiver.url, kinds: ["test.failing"] })
    ).json().id as string;
    receiver.received.length = 0;
    const ok = await client.post(`/api/v1/alerts/webhooks/${id}/test`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ ok: true, status: 200, error: null });
    expect(receiver.received).toHaveLength(1);
    expect(JSON.stringify(receiver.received[0]!.body)).toContain("Test message from Assay for “Team”");

    receiver.state.status = 500;
    try {
      const bad = await client.post(`/api/v1/alerts/webhooks/${id}/test`);
      expect(bad.json()).toEqual({
        ok: false,
        status: 500,
        error: `${receiver.host} answered HTTP 500: internal_error`,
      });
    } finally {
      receiver.state.status = 200;
    }
    const listed = (await client.get("/api/v1/alerts/webhooks")).json().items[0];
    expect(listed.lastError).toContain("answered HTTP 500");
    const rows = await ctx.db
      .select()
      .from(alertDeliveries)
      .where(and(eq(alertDeliveries.organizationId, org.id), eq(alertDeliveries.webhookId, id)))
      .orderBy(alertDeliveries.createdAt);
    expect(rows.map((r) => r.status)).toEqual(["sent", "failed"]);

    // An unreachable receiver: the error names the host only.
    const gone = (
      await client.post("/api/v1/alerts/webhooks", {
        name: "Gone",
        url: "http://127.0.0.1:9/services/secret-x",
        kinds: ["test.failing"],
      })
    ).json().id as string;
    const down = (await client.post(`/api/v1/alerts/webhooks/${gone}/test`)).json();
    expect(down).toMatchObject({ ok: false, status: null });
    expect(down.error).toMatch(/^Could not reach 127\.0\.0\.1:9: /);
    expect(down.error).not.toContain("secret-x");
  });
});
