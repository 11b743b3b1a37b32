import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { alertWebhooks, ledgerEntries, notificationPreferences } from "../../db/schema/index.ts";
import { ALERT_KIND_IDS, WEBHOOK_KIND_IDS } from "./kinds.ts";
import { startWebhookReceiver } from "./testing.ts";

// The test receivers listen on loopback, which an installation must allow explicitly.
const { ctx, app } = withTestApp({
  config: { ASSAY_WEBHOOK_ALLOW_PRIVATE_HTTP: true, ASSAY_OUTBOUND_ALLOW: "127.0.0.1" },
});

const ledgerOf = (organizationId: string, action: string) =>
  ctx.db
    .select()
    .from(ledgerEntries)
    .where(and(eq(ledgerEntries.organizationId, organizationId), eq(ledgerEntries.action, action)));

describe(`alert preferences on ${dbKind}`, () => {
  it("shows every kind with its default, and saves my choices only for me in this organization", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const colleague = await member(app, ctx.db, org.id, "employee");
    const first = await client.get("/api/v1/alerts/preferences");
    expect(first.statusCode).toBe(200);
    const items = first.json().items as { kind: string; inApp: boolean; email: string; customized: boolean }[];
    expect(items.map((i) => i.kind)).toEqual(ALERT_KIND_IDS);
    expect(items.find((i) => i.kind === "test.failing")).toMatchObject({
      inApp: true,
      email: "immediate",
      customized: false,
    });
    expect(items.find((i) => i.kind === "evidence.stale")).toMatchObject({ inApp: true, email: "digest" });

    const put = await client.put("/api/v1/alerts/preferences", {
      preferences: [
        { kind: "test.failing", inApp: false, email: "digest" },
        { kind: "evidence.stale", inApp: true, email: "off" },
      ],
    });
    expect(put.statusCode).toBe(200);
    const after = put.json().items as typeof items;
    expect(after.find((i) => i.kind === "test.failing")).toMatchObject({
      inApp: false,
      email: "digest",
      customized: true,
    });
    expect(after.find((i) => i.kind === "evidence.stale")).toMatchObject({ email: "off", customized: true });
    expect(after.find((i) => i.kind === "sync.failed")).toMatchObject({ email: "immediate", customized: false });
    // Again with another value: updated, not duplicated.
    await client.put("/api/v1/alerts/preferences", {
      preferences: [{ kind: "evidence.stale", inApp: false, email: "immediate" }],
    });
    const rows = await ctx.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, user.id));
    expect(rows.map((r) => [r.kind, r.inApp, r.email]).sort()).toEqual([
      ["evidence.stale", false, "immediate"],
      ["test.failing", false, "digest"],
    ]);
    const colleagues = (await colleague.client.get("/api/v1/alerts/preferences")).json().items as typeof items;
    expect(colleagues.every((i) => !i.customized)).toBe(true);
    const [entry] = await ledgerOf(org.id, "alerts.preferences_updated");
    expect(entry).toMatchObject({ entityId: user.id, actorId: user.id });
  });

  it("refuses bad input with a clear error and writes nothing", async () => {
    const { org, user, client } = await orgWithOwner(app, ctx.db);
    const bad = [
      { preferences: [] },
      { preferences: [{ kind: "nope.kind", inApp: true, email: "off" }] },
      { preferences: [{ kind: "sync.failed", inApp: true, email: "weekly" }] },
      { preferences: [{ kind: "sync.failed", inApp: "yes", email: "off" }] },
      {
        preferences: [
          { kind: "sync.failed", inApp: true, email: "off" },
          { kind: "sync.failed", inApp: false, email: "off" },
        ],
      },
      { preferences: [{ kind: "sync.failed", inApp: true, email: "off", extra: 1 }] },
    ];
    for (const body of bad) {
      const res = await client.put("/api/v1/alerts/preferences", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().detail).toBeTruthy();
    }
    const res = await client.put("/api/v1/alerts/preferences", {
      preferences: [{ kind: "nope.kind", inApp: true, email: "off" }],
    });
    expect(JSON.stringify(res.json())).toContain("Use one of the alert kinds");
    expect(
      await ctx.db.select().from(notificationPreferences).where(eq(notificationPreferences.userId, user.id)),
    ).toEqual([]);
    expect(await ledgerOf(org.id, "alerts.preferences_updated")).toEqual([]);
  });
});

describe(`alert webhooks on ${dbKind}`, () => {
  it("creates, lists, changes and removes webhooks, never returning or recording the URL", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const secretUrl = "https://hooks.slack.test/services/T123/B456/very-secret-token";
    const created = await client.post("/api/v1/alerts/webhooks", {
      name: "Compliance channel",
      url: secretUrl,
      kinds: ["test.failing", "sync.failed"],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: "Compliance channel",
      host: "hooks.slack.test",
      kinds: ["test.failing", "sync.failed"],
      enabled: true,
      lastError: null,
    });
    const id = created.json().id as string;
    const list = await client.get("/api/v1/alerts/webhooks");
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((w: { id: string }) => w.id)).toEqual([id]);
    expect(list.json().kinds.map((k: { kind: string }) => k.kind)).toEqual(WEBHOOK_KIND_IDS);
    expect(list.body).not.toContain("very-secret-token");
    const [row] = await ctx.db.select().from(alertWebhooks).where(eq(alertWebhooks.id, id));
    expect(row!.urlSealed).not.toContain("very-secret-token");
    expect(ctx.keys.decrypt(row!.urlSealed)).toBe(secretUrl);

    const patched = await client.patch(`/api/v1/alerts/webhooks/${id}`, {
      kinds: ["exception.expiring"],
      url: "https://chat.example.test/hooks/other-secret",
      enabled: false,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ kinds: ["exception.expiring"], host: "chat.example.test", enabled: false });
    expect(patched.body).not.toContain("other-secret");

    expect((await client.delete(`/api/v1/alerts/webhooks/${id}`)).statusCode).toBe(204);
    expect((await client.get("/api/v1/alerts/webhooks")).json().items).toEqual([]);
    expect((await client.delete(`/api/v1/alerts/webhooks/${id}`)).statusCode).toBe(404);

    const entries = await ctx.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.organizationId, org.id))
      .orderBy(ledgerEntries.seq);
    expect(entries.map((e) => e.action).filter((a) => a.startsWith("alerts."))).toEqual([
      "alerts.webhook_created",
      "alerts.webhook_updated",
      "alerts.webhook_deleted",
    ]);
    const text = JSON.stringify(entries);
    expect(text).toContain("hooks.slack.test");
    expect(text).not.toContain("secret");
  });

  it("refuses bad URLs and input with a clear error and writes nothing", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const cases: [unknown, string][] = [
      [{ name: "x", url: "not a url", kinds: ["sync.failed"] }, "is not a URL"],
      [{ name: "x", url: "http://hooks.example.test/x", kinds: ["sync.failed"] }, "must start with https://"],
      [{ name: "x", url: "ftp://hooks.example.test/x", kinds: ["sync.failed"] }, "must start with https://"],
      [{ name: "x", url: "https://user:pw@hooks.example.test/x", kinds: ["sync.failed"] }, "user name or password"],
      [{ name: "x", url: "https://hooks.example.test/x", kinds: [] }, "at least one kind"],
      [{ name: "x", url: "https://hooks.example.test/x", kinds: ["nope"] }, "alert kinds"],
      [{ name: " ", url: "https://hooks.example.test/x", kinds: ["sync.failed"] }, "name"],
      [{ name: "x", url: "https://hooks.example.test/x", kinds: ["sync.failed"], secret: 1 }, ""],
    ];
    for (const [body, message] of cases) {
      const res = await client.post("/api/v1/alerts/webhooks", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json())).toContain(message);
    }
    // A local http receiver is fine where ASSAY_WEBHOOK_ALLOW_PRIVATE_HTTP says so.
    expect(
      (
        await client.post("/api/v1/alerts/webhooks", {
          name: "local",
          url: "http://127.0.0.1:9/x",
          kinds: ["sync.failed"],
        })
      ).statusCode,
    ).toBe(201);
    const { id } = (await client.get("/api/v1/alerts/webhooks")).json().items[0];
    expect((await client.patch(`/api/v1/alerts/webhooks/${id}`, {})).statusCode).toBe(400);
    expect((await client.patch(`/api/v1/alerts/webhooks/${id}`, { url: "http://example.test/x" })).statusCode).toBe(
      400,
    );
    expect((await client.get("/api/v1/alerts/webhooks")).json().items).toHaveLength(1);
    expect(await ctx.db.select().from(alertWebhooks).where(eq(alertWebhooks.organizationId, org.id))).toHaveLength(1);
  });

  it("is for administrators only, and one organization never reaches another's webhooks", async () => {
    const a = await orgWithOwner(app, ctx.db);
    const b = await orgWithOwner(app, ctx.db);
    const manager = await member(app, ctx.db, a.org.id, "compliance_manager");
    const receiver = await startWebhookReceiver();
    try {
      const id = (
        await a.client.post("/api/v1/alerts/webhooks", { name: "A", url: receiver.url, kinds: ["sync.failed"] })
      ).json().id as string;
      expect((await manager.client.get("/api/v1/alerts/webhooks")).statusCode).toBe(403);
      expect((await manager.client.post(`/api/v1/alerts/webhooks/${id}/test`)).statusCode).toBe(403);
      expect((await b.client.get("/api/v1/alerts/webhooks")).json().items).toEqual([]);
      expect((await b.client.patch(`/api/v1/alerts/webhooks/${id}`, { name: "mine" })).statusCode).toBe(404);
      expect((await b.client.post(`/api/v1/alerts/webhooks/${id}/test`)).statusCode).toBe(404);
      expect((await b.client.delete(`/api/v1/alerts/webhooks/${id}`)).statusCode).toBe(404);
      expect(receiver.received).toEqual([]);
      expect((await a.client.get("/api/v1/alerts/webhooks")).json().items[0]).toMatchObject({ name: "A" });
    } finally {
      await receiver.close();
    }
  });
});
