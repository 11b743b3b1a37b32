import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { seedAgentConnection, seedDevice } from "../agent/testing.ts";

const { ctx, app } = withTestApp();
const M = "/api/v1/monitoring";

describe("push connections (the Linux agent)", () => {
  it("show the last device report instead of a schedule, and cannot be synced", async () => {
    const owner = await orgWithOwner(app, ctx.db);
    const agent = await seedAgentConnection(ctx.db, owner.org.id, owner.user.id);
    const reportedAt = new Date(Date.now() - 2 * 60_000);
    await seedDevice(ctx.db, owner.org.id, agent.id, { lastReportAt: new Date(Date.now() - 3_600_000) });
    await seedDevice(ctx.db, owner.org.id, agent.id, { lastReportAt: reportedAt });
    // A revoked machine's later report does not count.
    await seedDevice(ctx.db, owner.org.id, agent.id, { lastReportAt: new Date(), revokedAt: new Date() });

    const listed = (await owner.client.get(`${M}/connections`)).json().items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      push: true,
      lastReportAt: reportedAt.toISOString(),
      nextSyncAt: null,
      lastSync: null,
    });
    expect((await owner.client.get(`${M}/connections/${agent.id}`)).json().lastReportAt).toBe(reportedAt.toISOString());
    const catalogue = (await owner.client.get(`${M}/connectors`)).json().items;
    expect(catalogue.find((c: { type: string }) => c.type === "linux_agent").push).toBe(true);
    expect(catalogue.find((c: { type: string }) => c.type === "postgres").push).toBe(false);

    const sync = await owner.client.post(`${M}/connections/${agent.id}/sync`);
    expect(sync.statusCode).toBe(409);
    expect(sync.json()).toMatchObject({ code: "push_connection" });
    expect(sync.json().detail).toContain("its devices report themselves");
  });
});

describe("connector settings", () => {
  it("refuse an out-of-range port naming the value typed, never a clamped one", async () => {
    const owner = await orgWithOwner(app, ctx.db);
    for (const [url, body] of [
      [`${M}/test-connection`, { type: "postgres", config: { host: "127.0.0.1", port: 99999, user: "postgres" } }],
      [
        `${M}/connections`,
        { type: "postgres", name: "Prod", config: { host: "127.0.0.1", port: 99999, user: "postgres" } },
      ],
      [`${M}/test-connection`, { type: "postgres", config: { host: "127.0.0.1", port: "0", user: "postgres" } }],
    ] as const) {
      const res = await owner.client.post(url, body);
      expect(res.statusCode).toBe(400);
      const typed = String(body.config.port);
      expect(res.json().errors).toEqual([
        {
          path: "config.port",
          message: `Port ${typed} does not exist: use a whole number from 1 to 65535 (PostgreSQL listens on 5432 unless set otherwise).`,
        },
      ]);
      expect(res.body).not.toContain("65535 is");
    }
    expect((await owner.client.get(`${M}/connections`)).json().items).toEqual([]);
  });
});
