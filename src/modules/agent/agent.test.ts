import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { TestClient } from "../../../test/client.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf, snapshotOrg } from "../../../test/snapshot.ts";
import type { AgentFacts } from "../../agent/facts.ts";
import {
  agentEnrollmentTokens,
  devices,
  notifications,
  resources,
  testStatusIntervals,
} from "../../db/schema/index.ts";
import { sha256Hex } from "../../platform/tokens.ts";
import { programWithImplemented } from "../monitoring/testing.ts";

const { ctx, app } = withTestApp({ config: { ASSAY_RATE_LIMIT_AUTH_PER_MINUTE: 1000 } });

const anon = () => new TestClient(app);
const bearer = (token: string) => Object.assign(new TestClient(app), { bearer: token });
const machine = (n: number) => n.toString(16).padStart(32, "a");

/** A Debian laptop: encrypted, firewall on, no SSH server, no desktop, but no automatic updates. */
function facts(machineId: string, over: Partial<AgentFacts> = {}): AgentFacts {
  const d = <T>(value: T) => ({ state: "detected" as const, method: "test", value });
  return {
    schema: 1,
    collected_at: new Date().toISOString(),
    agent_version: "0.1.0",
    hostname: "laptop-1",
    machine_id: machineId,
    kernel: "6.1.0-26-amd64",
    os: d({
      id: "debian",
      version_id: "12",
      name: "Debian GNU/Linux",
      pretty_name: "Debian GNU/Linux 12 (bookworm)",
      id_like: [],
      version_codename: "bookworm",
    }),
    disk_encryption: d({
      encrypted: true,
      volumes: [{ mountpoint: "/", device: "/dev/mapper/luks-1", encrypted: true, layers: ["sda", "sda3", "luks-1"] }],
    }),
    firewall: d({ active: true, tool: "ufw" as const, detail: "ufw status: active" }),
    automatic_updates: d({
      enabled: false,
      mechanism: "unattended-upgrades" as const,
      detail: "The unattended-upgrades package is not installed.",
    }),
    ssh: d({ installed: false, permit_root_login: null, password_authentication: null, source: "none" as const }),
    screen_lock: d({ desktop: false, lock_enabled: null, idle_delay_seconds: null }),
    ...over,
  };
}

async function setup() {
  const owner = await orgWithOwner(app, ctx.db);
  const created = await owner.client.post("/api/v1/agent/enrollment-tokens", { name: "Laptops", maxUses: 3 });
  expect(created.statusCode).toBe(201);
  return { ...owner, enrollment: created.json() };
}
async function enroll(token: string, machineId: string, extra: Record<string, unknown> = {}) {
  const res = await anon().post("/api/v1/agent/enroll", { token, hostname: "laptop-1", machineId, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { deviceId: string; deviceToken: string; replacedDeviceId: string | null };
}

describe("enrollment tokens", () => {
  it("creates the agent connection when there is none, shows the token once and stores only its hash", async () => {
    const { org, client, enrollment } = await setup();
    expect(enrollment).toMatchObject({
      name: "Laptops",
      usesLeft: 3,
      enrolled: 0,
      state: "active",
      connectionCreated: true,
    });
    expect(enrollment.token).toMatch(/^assay_enr_[A-Za-z0-9_-]{43}$/);
    expect(enrollment.prefix).toBe(enrollment.token.slice(0, 16));
    expect(enrollment.connection.name).toBe("Linux endpoints");
    const conns = (await client.get("/api/v1/monitoring/connections")).json().items;
    expect(conns).toEqual([expect.objectContaining({ type: "linux_agent", id: enrollment.connection.id })]);
    const second = (await client.post("/api/v1/agent/enrollment-tokens", { name: "Servers" })).json();
    expect(second).toMatchObject({
      connectionCreated: false,
      connection: { id: enrollment.connection.id },
      usesLeft: null,
    });

    const [row] = await ctx.db.select().from(agentEnrollmentTokens).where(eq(agentEnrollmentTokens.id, enrollment.id));
    expect(row!.tokenHash).toBe(sha256Hex(enrollment.token));
    const list = await client.get("/api/v1/agent/enrollment-tokens");
    expect(list.json().total).toBe(2);
    const everything = JSON.stringify(list.json()) + JSON.stringify(await ledgerOf(ctx.db, org.id));
    expect(everything).not.toContain(enrollment.token);
    expect(everything).not.toContain(row!.tokenHash);
  });

  it("refuses bad input and other roles, writing nothing", async () => {
    const { org, client } = await setup();
    const cm = await member(app, ctx.db, org.id, "compliance_manager");
    const before = await snapshotOrg(ctx.db, org.id);
    for (const body of [
      {},
      { name: "" },
      { name: "x", expiresInDays: 91 },
      { name: "x", maxUses: 0 },
      { name: "x", token: "mine" },
    ]) {
      const res = await client.post("/api/v1/agent/enrollment-tokens", body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const wrong = await client.post("/api/v1/agent/enrollment-tokens", {
      name: "x",
      connectionId: "0190a0a0-0000-7000-8000-000000000000",
    });
    expect(wrong.statusCode).toBe(404);
    expect((await cm.client.post("/api/v1/agent/enrollment-tokens", { name: "x" })).statusCode).toBe(403);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
  });
});

describe("POST /agent/enroll and /agent/report", () => {
  it("enrolls, records a report as a device resource with test intervals and a ledger entry, and lists the device", async () => {
    const { org, client, enrollment } = await setup();
    const dev = await enroll(enrollment.token, machine(1), { ownerEmail: "Ada@Example.test", os: "Debian 12" });
    expect(dev.deviceToken).toMatch(/^assay_dev_/);
    const report = await bearer(dev.deviceToken).post("/api/v1/agent/report", facts(machine(1)));
    expect(report.statusCode, report.body).toBe(200);
    const checks = Object.fromEntries(
      report.json().checks.map((c: { testId: string; status: string }) => [c.testId, c.status]),
    );
    expect(checks).toEqual({
      "linux_agent.automatic_security_updates": "fail",
      "linux_agent.disk_encryption": "pass",
      "linux_agent.firewall_active": "pass",
      "linux_agent.screen_lock": "not_applicable",
      "linux_agent.ssh_password_auth_disabled": "not_applicable",
      "linux_agent.ssh_root_login_disabled": "not_applicable",
      "linux_agent.supported_os": "pass",
    });
    const [d] = await ctx.db.select().from(devices).where(eq(devices.id, dev.deviceId));
    expect(d).toMatchObject({
      ownerEmail: "ada@example.test",
      agentVersion: "0.1.0",
      tokenHash: sha256Hex(dev.deviceToken),
    });
    const [r] = await ctx.db.select().from(resources).where(eq(resources.id, d!.resourceId!));
    expect(r).toMatchObject({
      type: "device",
      externalId: machine(1),
      name: "laptop-1",
      connectionId: enrollment.connection.id,
    });
    expect(r!.attributes).toMatchObject({
      owner_email: "ada@example.test",
      disk_encryption: { value: { encrypted: true } },
    });
    expect(r!.attributes).not.toHaveProperty("collected_at");
    const ledger = await ledgerOf(ctx.db, org.id);
    expect(ledger.map((e) => e.action)).toEqual(
      expect.arrayContaining(["agent.device_enrolled", "monitoring.results_recorded", "agent.report_received"]),
    );
    expect(JSON.stringify(ledger)).not.toContain(dev.deviceToken);
    // The newly failing check alerts the owner, as a sync would.
    const alerts = () =>
      ctx.db
        .select({ title: notifications.title, body: notifications.body })
        .from(notifications)
        .where(and(eq(notifications.organizationId, org.id), eq(notifications.kind, "test.failing")));
    expect(await alerts()).toEqual([
      {
        title: expect.stringContaining("now fails on laptop-1"),
        body: expect.stringContaining("the agent on laptop-1"),
      },
    ]);

    // The same report again changes no interval and alerts nobody again.
    const n = (await ctx.db.select().from(testStatusIntervals).where(eq(testStatusIntervals.resourceId, r!.id))).length;
    expect((await bearer(dev.deviceToken).post("/api/v1/agent/report", facts(machine(1)))).statusCode).toBe(200);
    expect(
      (await ctx.db.select().from(testStatusIntervals).where(eq(testStatusIntervals.resourceId, r!.id))).length,
    ).toBe(n);
    expect(await alerts()).toHaveLength(1);

    const list = (await client.get("/api/v1/devices")).json();
    expect(list.items).toEqual([
      expect.objectContaining({
        id: dev.deviceId,
        hostname: "laptop-1",
        os: "Debian GNU/Linux 12 (bookworm)",
        status: "failing",
        stale: false,
        checks: { passing: 3, failing: 1, notApplicable: 3 },
      }),
    ]);
    expect((await client.get("/api/v1/devices?status=passing")).json().total).toBe(0);
    expect((await client.get("/api/v1/devices?status=failing&q=ADA@")).json().total).toBe(1);
    expect((await client.get("/api/v1/devices?q=nobody")).json().total).toBe(0);
    expect((await client.get("/api/v1/devices?stale=true")).json().total).toBe(0);
    expect((await client.get("/api/v1/devices?status=broken")).statusCode).toBe(400);

    const detail = (await client.get(`/api/v1/devices/${dev.deviceId}`)).json();
    expect(detail.facts.hostname).toBe("laptop-1");
    const updates = detail.results.find(
      (x: { testId: string }) => x.testId === "linux_agent.automatic_security_updates",
    );
    expect(updates).toMatchObject({ status: "fail", severity: "high", controls: ["AST-05", "OPS-09"] });
    expect(updates.reason).toMatch(/not installed/);
    expect(updates.remediation).toMatch(/unattended-upgrades/);

    // A device fixing its updates turns passing.
    const fixed = facts(machine(1), {
      automatic_updates: {
        state: "detected",
        method: "t",
        value: { enabled: true, mechanism: "unattended-upgrades", detail: "on" },
      },
    });
    expect((await bearer(dev.deviceToken).post("/api/v1/agent/report", fixed)).statusCode).toBe(200);
    expect((await client.get("/api/v1/devices?status=passing")).json().items[0]).toMatchObject({ status: "passing" });
  });

  it("re-enrolling a machine replaces its device token and keeps its resource; used-up and revoked tokens are refused", async () => {
    const { client, enrollment } = await setup();
    const first = await enroll(enrollment.token, machine(2));
    await bearer(first.deviceToken).post("/api/v1/agent/report", facts(machine(2)));
    const again = await anon().request(
      "POST",
      "/api/v1/agent/enroll",
      { hostname: "laptop-1", machineId: machine(2) },
      {
        headers: { authorization: `Bearer ${enrollment.token}` },
      },
    );
    expect(again.statusCode).toBe(201);
    expect(again.json().replacedDeviceId).toBe(first.deviceId);
    const old = await bearer(first.deviceToken).post("/api/v1/agent/report", facts(machine(2)));
    expect(old.statusCode).toBe(401);
    expect(old.json()).toMatchObject({
      code: "device_revoked",
      detail: expect.stringMatching(/Enroll this machine again/),
    });
    const rows = await ctx.db
      .select()
      .from(devices)
      .where(eq(devices.machineId, machine(2)));
    expect(new Set(rows.map((r) => r.resourceId)).size).toBe(1);
    expect(rows.filter((r) => !r.revokedAt)).toHaveLength(1);

    await enroll(enrollment.token, machine(3)); // the third and last use
    const usedUp = await anon().post("/api/v1/agent/enroll", {
      token: enrollment.token,
      hostname: "h",
      machineId: machine(4),
    });
    expect(usedUp.json()).toMatchObject({
      code: "invalid_enrollment_token",
      detail: expect.stringMatching(/as many machines/),
    });
    const other = (await client.post("/api/v1/agent/enrollment-tokens", { name: "soon revoked" })).json();
    expect((await client.post(`/api/v1/agent/enrollment-tokens/${other.id}/revoke`)).json().state).toBe("revoked");
    const revoked = await anon().post("/api/v1/agent/enroll", {
      token: other.token,
      hostname: "h",
      machineId: machine(4),
    });
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().detail).toMatch(/was revoked/);
    for (const token of ["assay_enr_unknown", "nope", undefined]) {
      const res = await anon().post("/api/v1/agent/enroll", { token, hostname: "h", machineId: machine(4) });
      expect(res.statusCode).toBe(401);
    }
  });

  it("refuses malformed, oversized, foreign-machine and unauthenticated reports, writing nothing", async () => {
    const { org, enrollment } = await setup();
    const dev = await enroll(enrollment.token, machine(5));
    const before = await snapshotOrg(ctx.db, org.id);
    const good = facts(machine(5));
    const bad = [
      { ...good, schema: 2 },
      { ...good, extra: true },
      { ...good, machine_id: "not-hex" },
      { ...good, firewall: { state: "detected", method: "x", value: { active: "yes", tool: "ufw", detail: "" } } },
      { ...good, hostname: "" },
      { hostname: "x" },
    ];
    for (const body of bad) {
      const res = await bearer(dev.deviceToken).post("/api/v1/agent/report", body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json().code).toBe("validation_failed");
    }
    const huge = await bearer(dev.deviceToken).post("/api/v1/agent/report", { ...good, kernel: "x".repeat(70_000) });
    expect(huge.statusCode).toBe(413);
    const foreign = await bearer(dev.deviceToken).post("/api/v1/agent/report", facts(machine(6)));
    expect(foreign.statusCode).toBe(409);
    expect(foreign.json().code).toBe("machine_mismatch");
    expect((await anon().post("/api/v1/agent/report", good)).json().code).toBe("device_token_required");
    expect((await bearer("assay_dev_forged").post("/api/v1/agent/report", good)).json().code).toBe(
      "invalid_device_token",
    );
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
  });
});

describe("devices", () => {
  it("revokes a device: its token gets 401, its results end, and other organizations see 404", async () => {
    const { org, client, enrollment } = await setup();
    const dev = await enroll(enrollment.token, machine(7));
    await bearer(dev.deviceToken).post("/api/v1/agent/report", facts(machine(7)));
    const other = await orgWithOwner(app, ctx.db);
    const otherBefore = await snapshotOrg(ctx.db, org.id);
    expect((await other.client.get(`/api/v1/devices/${dev.deviceId}`)).statusCode).toBe(404);
    expect((await other.client.post(`/api/v1/devices/${dev.deviceId}/revoke`)).statusCode).toBe(404);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(otherBefore);
    // The device is an endpoint of the asset inventory, in scope.
    const [enrolled] = await ctx.db.select().from(devices).where(eq(devices.id, dev.deviceId));
    const promoted = await client.post("/api/v1/assets/from-resources", {
      resourceIds: [enrolled!.resourceId],
      inScope: true,
    });
    expect(promoted.statusCode, promoted.body).toBe(201);
    const assetUrl = `/api/v1/assets/${promoted.json().items[0].id}`;
    expect((await client.get(assetUrl)).json()).toMatchObject({ inScope: true, missingSince: null });

    const revoked = await client.post(`/api/v1/devices/${dev.deviceId}/revoke`);
    expect(revoked.statusCode).toBe(200);
    // Its asset follows: no longer seen since the revocation, and out of scope, with a ledger entry saying why.
    const retired = (await client.get(assetUrl)).json();
    expect(retired).toMatchObject({ inScope: false, missingSince: expect.any(String) });
    expect(Math.abs(Date.parse(retired.missingSince) - Date.parse(revoked.json().revokedAt))).toBeLessThan(1000);
    const entries = (await ledgerOf(ctx.db, org.id)).slice(-2).map((e) => e.action);
    expect(entries).toEqual(["agent.device_revoked", "assets.retired"]);
    expect(revoked.json()).toMatchObject({ status: "revoked", checks: { passing: 0, failing: 0, notApplicable: 0 } });
    const [d] = await ctx.db.select().from(devices).where(eq(devices.id, dev.deviceId));
    const open = await ctx.db
      .select()
      .from(testStatusIntervals)
      .where(and(eq(testStatusIntervals.resourceId, d!.resourceId!), isNull(testStatusIntervals.endedAt)));
    expect(open).toHaveLength(0);
    const refused = await bearer(dev.deviceToken).post("/api/v1/agent/report", facts(machine(7)));
    expect(refused.statusCode).toBe(401);
    expect(refused.json().detail).toMatch(/revoked/);
    expect((await ledgerOf(ctx.db, org.id)).at(-2)).toMatchObject({
      action: "agent.device_revoked",
      entityId: dev.deviceId,
    });
    // Revoking again changes nothing.
    expect((await client.post(`/api/v1/devices/${dev.deviceId}/revoke`)).statusCode).toBe(200);
    expect((await ledgerOf(ctx.db, org.id)).at(-1)).toMatchObject({ action: "assets.retired" });
    expect((await client.get("/api/v1/devices")).json().total).toBe(0);
    expect((await client.get("/api/v1/devices?revoked=only")).json().total).toBe(1);
  });

  it("counts devices without a report as stale and pending", async () => {
    const { client, enrollment } = await setup();
    const dev = await enroll(enrollment.token, machine(8));
    const [row] = (await client.get("/api/v1/devices?stale=true")).json().items;
    expect(row).toMatchObject({ id: dev.deviceId, status: "pending", stale: true, lastReportAt: null });
    await ctx.db
      .update(devices)
      .set({ lastReportAt: new Date(Date.now() - 3 * 86_400_000) })
      .where(eq(devices.id, dev.deviceId));
    expect((await client.get("/api/v1/devices?stale=true")).json().items[0]).toMatchObject({ stale: true });
    expect((await client.get("/api/v1/devices?stale=false")).json().total).toBe(0);
  });
});

describe("control status and readiness follow a device's checks in the same change", () => {
  it("a failing report takes its controls out of readiness at once; revoking the device gives them back", async () => {
    const { client, enrollment } = await setup();
    // AST-05 is one of the controls linux_agent.automatic_security_updates watches.
    const program = await programWithImplemented(client, "AST-05");
    expect(await program.pendingIn()).toEqual(program.everywhere(false));
    const dev = await enroll(enrollment.token, machine(9));
    expect((await bearer(dev.deviceToken).post("/api/v1/agent/report", facts(machine(9)))).statusCode).toBe(200);

    // Right after the report: the control needs attention and every criterion it supports has it pending again,
    const failing = await program.control();
    expect(failing).toMatchObject({ status: "needs_attention" });
    expect(await program.pendingIn()).toEqual(program.everywhere(true));
    // and its status moved at the moment the report was recorded: in the report's change, not after it.
    const [reported] = await ctx.db.select().from(devices).where(eq(devices.id, dev.deviceId));
    expect(failing.history[0]).toMatchObject({ status: "needs_attention", source: "tests" });
    expect(new Date(failing.history[0]!.at).getTime()).toBe(reported!.lastReportAt!.getTime());

    // Revoked, the device's failure ends: at once the control is implemented again and no criterion waits for it.
    expect((await client.post(`/api/v1/devices/${dev.deviceId}/revoke`)).statusCode).toBe(200);
    const back = await program.control();
    expect(back).toMatchObject({ status: "implemented" });
    expect(await program.pendingIn()).toEqual(program.everywhere(false));
    const [revoked] = await ctx.db.select().from(devices).where(eq(devices.id, dev.deviceId));
    expect(new Date(back.history[0]!.at).getTime()).toBe(revoked!.revokedAt!.getTime());
  });
});
