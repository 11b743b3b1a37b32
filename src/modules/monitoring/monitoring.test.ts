import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf, snapshotOrg } from "../../../test/snapshot.ts";
import { newId } from "../../core/id.ts";
import { connections, jobs, testStatusIntervals } from "../../db/schema/index.ts";
import { startWorker } from "../../jobs/worker.ts";
import "../../jobs/builtin.ts";
import { testStatusByControl } from "./control-inputs.ts";
import { programWithImplemented, seedConnection, seedResource } from "./testing.ts";

// The machine's PostgreSQL is on loopback, which an installation must allow explicitly.
const { ctx, app } = withTestApp({
  config: { ASSAY_CONNECTOR_LOCAL_PATHS: "none", ASSAY_OUTBOUND_ALLOW: "127.0.0.1" },
});

const M = "/api/v1/monitoring";
const CSV = [
  "name,email,department,manager,start_date,end_date",
  "Ada Lovelace,ada@example.test,Engineering,,2020-01-06,",
  "Grace Hopper,grace@example.test,Engineering,ada@example.test,2021-03-01,",
  "Alan Turing,alan@example.test,Research,Nobody Known,2022-05-02,",
  "Old Timer,old@example.test,Sales,ada@example.test,2015-01-01,2020-12-31",
].join("\n");

async function setup() {
  const owner = await orgWithOwner(app, ctx.db);
  const cm = await member(app, ctx.db, owner.org.id, "compliance_manager");
  const viewer = await member(app, ctx.db, owner.org.id, "viewer");
  return { org: owner.org, owner, cm, viewer };
}

/** Runs queued jobs with a real worker until `jobId` finishes. */
async function runJob(jobId: string) {
  const worker = startWorker(ctx, { schedules: false, pollMs: 20, concurrency: 1 });
  try {
    for (let i = 0; i < 500; i++) {
      const [j] = await ctx.db.select().from(jobs).where(eq(jobs.id, jobId));
      if (j && (j.status === "succeeded" || j.status === "failed")) return j;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error("job did not finish");
  } finally {
    await worker.stop();
  }
}

describe(`monitoring API on ${dbKind}`, () => {
  it("lists the connectors with their settings schema and tests", async () => {
    const { viewer } = await setup();
    const res = await viewer.client.get(`${M}/connectors`);
    expect(res.statusCode).toBe(200);
    const types = res.json().items.map((c: { type: string }) => c.type);
    expect(types).toEqual(expect.arrayContaining(["postgres", "git", "people_csv"]));
    const pg = res.json().items.find((c: { type: string }) => c.type === "postgres");
    expect(pg.configSchema.properties.host).toBeTruthy();
    expect(Object.keys(pg.secretSchema.properties)).toContain("password");
    expect(pg.tests.map((t: { id: string }) => t.id)).toContain("postgres.ssl_enabled");
  });

  it("keeps secrets write-only: encrypted at rest, never returned, never in the ledger", async () => {
    const { org, owner } = await setup();
    const secret = `pw-${newId()}`;
    const res = await owner.client.post(`${M}/connections`, {
      type: "postgres",
      name: "Production database",
      config: { host: "127.0.0.1", user: "assay_monitor" },
      secrets: { password: secret },
      enabled: false,
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      type: "postgres",
      secretFields: ["password"],
      config: { host: "127.0.0.1", port: 5432, sslMode: "prefer", maxSuperusers: 1 },
    });
    expect(res.body).not.toContain(secret);
    expect((await owner.client.get(`${M}/connections/${created.id}`)).body).not.toContain(secret);
    expect((await owner.client.get(`${M}/connections`)).body).not.toContain(secret);
    const [row] = await ctx.db.select().from(connections).where(eq(connections.id, created.id));
    expect(row!.secretsSealed).toMatch(/^v1\./);
    expect(row!.secretsSealed).not.toContain(secret);
    expect(JSON.parse(ctx.keys.decrypt(row!.secretsSealed!))).toEqual({ password: secret });

    const patched = await owner.client.patch(`${M}/connections/${created.id}`, {
      secrets: { password: `${secret}-2` },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.body).not.toContain(secret);
    const ledger = await ledgerOf(ctx.db, org.id);
    expect(ledger.map((e) => e.action)).toEqual(
      expect.arrayContaining(["monitoring.connection_created", "monitoring.connection_updated"]),
    );
    expect(JSON.stringify(ledger)).not.toContain(secret);
  });

  it("refuses bad settings with each field's problem, unknown connectors and duplicate names, writing nothing", async () => {
    const { org, owner, cm } = await setup();
    const before = await snapshotOrg(ctx.db, org.id);
    const bad = await owner.client.post(`${M}/connections`, {
      type: "postgres",
      name: "x",
      config: { host: "", port: 99999 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("invalid_config");
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(["config.host", "config.port", "config.user"]),
    );
    const unknown = await owner.client.post(`${M}/connections`, { type: "mainframe", name: "x", config: {} });
    expect(unknown.json().code).toBe("unknown_connector");
    const credsInUrl = await owner.client.post(`${M}/connections`, {
      type: "git",
      name: "repo",
      config: { url: "https://user:tok@example.test/r.git" },
    });
    expect(credsInUrl.statusCode).toBe(400);
    expect(JSON.stringify(credsInUrl.json().errors)).toMatch(/secrets/);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
    const forbidden = await cm.client.post(`${M}/connections`, { type: "people_csv", name: "x", config: { csv: CSV } });
    expect(forbidden.statusCode).toBe(403);

    const ok = await owner.client.post(`${M}/connections`, { type: "people_csv", name: "HR", config: { csv: CSV } });
    expect(ok.statusCode).toBe(201);
    const dup = await owner.client.post(`${M}/connections`, { type: "people_csv", name: "HR", config: { csv: CSV } });
    expect(dup.statusCode).toBe(409);
  });

  it("tests a connection against the real PostgreSQL: wrong credentials give an actionable error", async () => {
    const { owner } = await setup();
    const good = await owner.client.post(`${M}/test-connection`, {
      type: "postgres",
      config: { host: "127.0.0.1", user: "postgres" },
    });
    expect(good.json()).toMatchObject({ ok: true });
    expect(good.json().message).toMatch(/Connected to PostgreSQL 1\d/);

    const role = await owner.client.post(`${M}/test-connection`, {
      type: "postgres",
      config: { host: "127.0.0.1", user: "no_such_role_assay" },
      secrets: { password: "wrong-password-123" },
    });
    expect(role.json()).toMatchObject({ ok: false });
    expect(role.json().error).toMatch(/no_such_role_assay/);
    expect(role.json().guidance).toMatch(/CREATE ROLE no_such_role_assay/);
    expect(role.body).not.toContain("wrong-password-123");

    const port = await owner.client.post(`${M}/test-connection`, {
      type: "postgres",
      config: { host: "127.0.0.1", port: 1, user: "postgres" },
    });
    expect(port.json().error).toMatch(/Nothing accepts connections on 127.0.0.1:1/);

    const saved = await owner.client.post(`${M}/connections`, {
      type: "postgres",
      name: "Local",
      config: { host: "127.0.0.1", user: "postgres", database: "no_such_db_assay" },
      enabled: false,
    });
    const t = await owner.client.post(`${M}/connections/${saved.json().id}/test`);
    expect(t.json()).toMatchObject({ ok: false });
    expect(t.json().error).toMatch(/database "no_such_db_assay" does not exist/);
  });

  it("reports local paths as refused where the operator turned them off", async () => {
    const { owner } = await setup();
    const res = await owner.client.post(`${M}/test-connection`, { type: "git", config: { path: "/etc" } });
    expect(res.json()).toMatchObject({ ok: false });
    expect(res.json().guidance).toMatch(/ASSAY_CONNECTOR_LOCAL_PATHS/);
  });

  it("syncs now as a job with progress, then shows resources, tests, failures and history", async () => {
    const { org, owner, cm, viewer } = await setup();
    const conn = (
      await owner.client.post(`${M}/connections`, { type: "people_csv", name: "People", config: { csv: CSV } })
    ).json();
    const start = await cm.client.post(`${M}/connections/${conn.id}/sync`);
    expect(start.statusCode).toBe(202);
    const { jobId, alreadyQueued } = start.json();
    expect(alreadyQueued).toBe(false);
    expect((await cm.client.post(`${M}/connections/${conn.id}/sync`)).json()).toEqual({ jobId, alreadyQueued: true });
    expect((await viewer.client.post(`${M}/connections/${conn.id}/sync`)).statusCode).toBe(403);
    // Everyone who reads monitoring follows the progress on the connection (the jobs API is for administrators).
    expect((await viewer.client.get(`${M}/connections/${conn.id}`)).json().currentJob).toMatchObject({
      id: jobId,
      status: "queued",
    });

    const job = await runJob(jobId);
    expect(job).toMatchObject({ status: "succeeded", progress: 100 });
    const jobView = (await owner.client.get(`/api/v1/jobs/${jobId}`)).json();
    expect(jobView).toMatchObject({ status: "succeeded", result: { status: "succeeded", counts: { resources: 4 } } });

    const syncs = (await viewer.client.get(`${M}/syncs?connectionId=${conn.id}`)).json();
    expect(syncs.items[0]).toMatchObject({ status: "succeeded", jobId, trigger: "manual", counts: { resources: 4 } });
    const c = (await viewer.client.get(`${M}/connections/${conn.id}`)).json();
    expect(c).toMatchObject({ resourceCount: 4, currentJob: null, lastSync: { status: "succeeded", error: null } });

    const people = (await viewer.client.get(`${M}/resources?type=person&pageSize=10`)).json();
    expect(people.total).toBe(4);
    const failing = (await viewer.client.get(`${M}/resources?failingTest=people.manager_known`)).json();
    expect(failing.items.map((r: { name: string }) => r.name).sort()).toEqual(["Ada Lovelace", "Alan Turing"]);
    const anyFailing = (await viewer.client.get(`${M}/resources?failing=true`)).json();
    expect(anyFailing.items.map((r: { name: string }) => r.name).sort()).toEqual(["Ada Lovelace", "Alan Turing"]);
    const search = (await viewer.client.get(`${M}/resources?q=grace`)).json();
    expect(search.items).toHaveLength(1);
    const detail = (await viewer.client.get(`${M}/resources/${failing.items[0].id}`)).json();
    expect(detail.attributes).toMatchObject({ email: expect.stringContaining("@example.test") });
    expect(detail.results[0]).toMatchObject({ testId: "people.manager_known", status: "fail", overdue: false });

    const tests = (await viewer.client.get(`${M}/tests?connectorType=people_csv`)).json();
    expect(tests.items[0]).toMatchObject({
      id: "people.manager_known",
      enabled: true,
      counts: { pass: 1, fail: 2, not_applicable: 1, excepted: 0 },
    });
    const test = (await viewer.client.get(`${M}/tests/people.manager_known`)).json();
    expect(test.failing).toHaveLength(2);
    expect(test.failing[0]).toMatchObject({ status: "fail", excepted: false, overdue: false });
    expect(new Date(test.failing[0].dueAt).getTime()).toBeGreaterThan(Date.now() + 179 * 86_400_000);
    const history = (await viewer.client.get(`${M}/tests/people.manager_known/history`)).json();
    expect(history.total).toBe(4);
    const rh = (await viewer.client.get(`${M}/resources/${failing.items[0].id}/history`)).json();
    expect(rh.items).toHaveLength(1);

    const ledger = await ledgerOf(ctx.db, org.id);
    expect(ledger.map((e) => e.action)).toEqual(
      expect.arrayContaining(["monitoring.sync_requested", "monitoring.results_recorded", "monitoring.sync_finished"]),
    );
  });

  it("a sync that cannot reach its target fails its job and says on the connection what to do", async () => {
    const { owner } = await setup();
    const conn = (
      await owner.client.post(`${M}/connections`, {
        type: "postgres",
        name: "Unreachable",
        config: { host: "127.0.0.1", port: 1, user: "postgres" },
        secrets: { password: "never-shown-42" },
      })
    ).json();
    const { jobId } = (await owner.client.post(`${M}/connections/${conn.id}/sync`)).json();
    const job = await runJob(jobId);
    expect(job.status).toBe("failed");
    expect(job.lastError).toMatch(/Nothing accepts connections on 127.0.0.1:1\. Check the host and port/);
    const c = (await owner.client.get(`${M}/connections/${conn.id}`)).json();
    expect(c.lastSync).toMatchObject({ status: "failed", error: "Nothing accepts connections on 127.0.0.1:1." });
    expect(c.lastSync.guidance).toMatch(/listen_addresses/);
    const syncs = await owner.client.get(`${M}/syncs?status=failed&connectionId=${conn.id}`);
    expect(syncs.json().items).toHaveLength(1);
    expect(syncs.body).not.toContain("never-shown-42");
  });

  it("reports CSV rows with problems by line number and syncs the rest as partial", async () => {
    const { owner, cm } = await setup();
    const csv = `${CSV}\nNo Email,,Sales,,2020-01-01,\n"Quoted, Name",bad-email,Sales,,2020-13-01,\n`;
    const tested = (await owner.client.post(`${M}/test-connection`, { type: "people_csv", config: { csv } })).json();
    expect(tested.ok).toBe(false);
    expect(tested.error).toMatch(/^2 of 6 rows cannot be used/);
    expect(tested.error).toMatch(/Line 6, email: is empty/);
    expect(tested.error).toMatch(/Line 7, email: 'bad-email' is not an email address/);
    expect(tested.error).toMatch(/Line 7, start_date: '2020-13-01' is not a date/);
    const conn = (
      await owner.client.post(`${M}/connections`, { type: "people_csv", name: "Bad rows", config: { csv } })
    ).json();
    const { jobId } = (await cm.client.post(`${M}/connections/${conn.id}/sync`)).json();
    expect((await runJob(jobId)).status).toBe("succeeded");
    const c = (await cm.client.get(`${M}/connections/${conn.id}`)).json();
    expect(c.lastSync.status).toBe("partial");
    expect(c.lastSync.error).toMatch(/Line 6/);
    expect(c.resourceCount).toBe(4);
  });

  it("custom tests: malformed rules are refused with every issue; dry run; turned on they record results", async () => {
    const { owner, cm, viewer } = await setup();
    const conn = await seedConnection(ctx.db, owner.org.id, owner.user.id);
    await seedResource(ctx.db, owner.org.id, conn.id, { name: "With dept", attributes: { department: "Sales" } });
    await seedResource(ctx.db, owner.org.id, conn.id, { name: "Without dept", attributes: { status: "active" } });

    const malformed = await cm.client.post(`${M}/custom-tests`, {
      key: "bad",
      title: "Bad",
      resourceType: "person",
      severity: "low",
      rule: {
        all: [
          { attr: "x y", op: "eq", value: 1 },
          { attr: "n", op: "between", value: 2 },
        ],
      },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe("invalid_rule");
    expect(malformed.json().issues).toHaveLength(2);
    expect(malformed.json().issues[0]).toMatch(/rule: at all.0.attr/);
    const badYaml = await cm.client.post(`${M}/dry-run`, { resourceType: "person", rule: "attr: [unclosed" });
    expect(badYaml.statusCode).toBe(400);
    expect(badYaml.json().code).toBe("invalid_rule");
    const badControl = await cm.client.post(`${M}/custom-tests`, {
      key: "c",
      title: "c",
      resourceType: "person",
      severity: "low",
      rule: { attr: "department", op: "exists" },
      controls: ["ZZZ-99"],
    });
    expect(badControl.json().code).toBe("unknown_control");

    const dry = await cm.client.post(`${M}/dry-run`, {
      resourceType: "person",
      rule: "attr: department\nop: exists\n",
    });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ evaluated: 2, counts: { pass: 1, fail: 1 } });
    expect(dry.json().results[0]).toMatchObject({ name: "Without dept", status: "fail" });

    const created = await cm.client.post(`${M}/custom-tests`, {
      key: "has-department",
      title: "People have a department",
      resourceType: "person",
      severity: "medium",
      rule: "attr: department\nop: exists\n",
      controls: ["GOV-06"],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ testId: "custom.has-department", enabled: false });
    expect((await viewer.client.get(`${M}/tests/custom.has-department`)).json().counts.fail).toBe(0);
    const testDry = await cm.client.post(`${M}/tests/custom.has-department/dry-run`, {});
    expect(testDry.json()).toMatchObject({ counts: { fail: 1, pass: 1 }, changes: 2 });

    const on = await cm.client.post(`${M}/tests/custom.has-department/enabled`, { enabled: true });
    expect(on.statusCode).toBe(200);
    expect(on.json()).toMatchObject({ enabled: true, counts: { pass: 1, fail: 1 } });
    expect(on.json().failing[0].reason).toMatch(/Does not meet the rule: department is present/);

    const controls = await testStatusByControl(ctx.db, owner.org.id, ["GOV-06"]);
    expect(controls.get("GOV-06")).toMatchObject({
      failing: 1,
      passing: 1,
      excepted: 0,
      failingTests: [{ testId: "custom.has-department", title: "People have a department", resources: 1 }],
    });

    const edited = await cm.client.patch(`${M}/custom-tests/${created.json().id}`, {
      rule: {
        any: [
          { attr: "department", op: "exists" },
          { attr: "status", op: "eq", value: "active" },
        ],
      },
    });
    expect(edited.statusCode).toBe(200);
    expect((await viewer.client.get(`${M}/tests/custom.has-department`)).json().counts).toMatchObject({
      pass: 2,
      fail: 0,
    });

    const off = await cm.client.post(`${M}/tests/custom.has-department/enabled`, { enabled: false });
    expect(off.json()).toMatchObject({ enabled: false, counts: { pass: 0, fail: 0 } });
    const del = await cm.client.delete(`${M}/custom-tests/${created.json().id}`);
    expect(del.statusCode).toBe(204);
    expect((await viewer.client.get(`${M}/tests/custom.has-department`)).statusCode).toBe(404);
  });

  it("exceptions: another member with authority approves; the failure is excepted until it expires or is revoked", async () => {
    const { org, owner, cm, viewer } = await setup();
    const co = await member(app, ctx.db, org.id, "control_owner");
    const conn = await seedConnection(ctx.db, org.id, owner.user.id);
    const r = await seedResource(ctx.db, org.id, conn.id, { name: "No manager", attributes: { status: "active" } });
    await cm.client.post(`${M}/tests/people.manager_known/enabled`, { enabled: false });
    await cm.client.post(`${M}/tests/people.manager_known/enabled`, { enabled: true });
    const failingSince = (await viewer.client.get(`${M}/tests/people.manager_known`)).json().failing[0].since;

    const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const ask = (body: Record<string, unknown>) =>
      co.client.post(`${M}/exceptions`, {
        testId: "people.manager_known",
        resourceId: r.id,
        justification: "The manager is being hired this month.",
        approverUserId: cm.user.id,
        expiresAt: inAMonth,
        ...body,
      });
    expect((await ask({ approverUserId: co.user.id })).json().code).toBe("approver_is_requester");
    expect((await ask({ approverUserId: viewer.user.id })).json().code).toBe("approver_not_allowed");
    expect((await ask({ expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() })).json().code).toBe(
      "invalid_expiry",
    );
    expect((await ask({ expiresAt: new Date(Date.now() - 1000).toISOString() })).json().code).toBe("invalid_expiry");
    expect((await ask({ testId: "postgres.ssl_enabled" })).json().code).toBe("resource_type_mismatch");

    const created = await ask({});
    expect(created.statusCode).toBe(201);
    const ex = created.json();
    expect(ex).toMatchObject({ state: "pending", approver: { id: cm.user.id } });
    // Pending: not in effect yet.
    expect((await viewer.client.get(`${M}/tests/people.manager_known`)).json().counts).toMatchObject({
      fail: 1,
      excepted: 0,
    });
    expect((await owner.client.post(`${M}/exceptions/${ex.id}/approve`, {})).statusCode).toBe(403);
    const approved = await cm.client.post(`${M}/exceptions/${ex.id}/approve`, { note: "OK until hired" });
    expect(approved.json()).toMatchObject({ state: "active", decisionNote: "OK until hired" });
    expect((await cm.client.post(`${M}/exceptions/${ex.id}/approve`, {})).statusCode).toBe(409);

    const t = (await viewer.client.get(`${M}/tests/people.manager_known`)).json();
    expect(t.counts).toMatchObject({ fail: 0, excepted: 1 });
    expect(t.failing[0]).toMatchObject({ excepted: true, overdue: false, exception: { id: ex.id } });
    const controls = await testStatusByControl(ctx.db, org.id, ["GOV-06"]);
    expect(controls.get("GOV-06")).toMatchObject({ failing: 0, excepted: 1 });

    // Point in time: now it is excepted; after the expiry it fails again; before the failure began, nothing.
    const now = (await viewer.client.get(`${M}/status-at?testId=people.manager_known`)).json();
    expect(now.tests[0].failing[0]).toMatchObject({ excepted: true });
    expect(now.tests[0].failing[0].summary).toMatch(/but excepted until \d{4}-\d{2}-\d{2} \(approved by /);
    const later = new Date(Date.now() + 31 * 86_400_000).toISOString();
    const after = (
      await viewer.client.get(`${M}/status-at?testId=people.manager_known&date=${encodeURIComponent(later)}`)
    ).json();
    expect(after.tests[0].counts).toMatchObject({ fail: 1, excepted: 0 });
    expect(after.tests[0].failing[0].summary).toMatch(/^Failing since/);
    const laterControls = await testStatusByControl(ctx.db, org.id, ["GOV-06"], new Date(later));
    expect(laterControls.get("GOV-06")).toMatchObject({ failing: 1, excepted: 0, since: new Date(failingSince) });
    const before = (await viewer.client.get(`${M}/status-at?testId=people.manager_known&date=2001-01-01`)).json();
    expect(before.tests).toEqual([]);
    const cs = (await viewer.client.get(`${M}/control-status?control=GOV-06`)).json();
    expect(cs.controls[0]).toMatchObject({ control: "GOV-06", failing: 0, excepted: 1 });

    const revoked = await cm.client.post(`${M}/exceptions/${ex.id}/revoke`, { reason: "Hire fell through" });
    expect(revoked.json()).toMatchObject({ state: "revoked" });
    expect((await viewer.client.get(`${M}/tests/people.manager_known`)).json().counts).toMatchObject({
      fail: 1,
      excepted: 0,
    });
    const list = (await viewer.client.get(`${M}/exceptions?state=revoked`)).json();
    expect(list.items.map((e: { id: string }) => e.id)).toEqual([ex.id]);
    const ledger = (await ledgerOf(ctx.db, org.id)).map((e) => e.action);
    expect(ledger).toEqual(
      expect.arrayContaining([
        "monitoring.exception_requested",
        "monitoring.exception_approved",
        "monitoring.exception_revoked",
      ]),
    );
  });

  it("an exception decision moves its controls' status and readiness in the same request", async () => {
    const { org, owner, cm } = await setup();
    const co = await member(app, ctx.db, org.id, "control_owner");
    // GOV-06 is a control people.manager_known watches.
    const program = await programWithImplemented(owner.client, "GOV-06");
    const conn = await seedConnection(ctx.db, org.id, owner.user.id);
    const r = await seedResource(ctx.db, org.id, conn.id, { name: "No manager", attributes: { status: "active" } });
    await cm.client.post(`${M}/tests/people.manager_known/enabled`, { enabled: false });
    await cm.client.post(`${M}/tests/people.manager_known/enabled`, { enabled: true });
    expect(await program.control()).toMatchObject({ status: "needs_attention" });
    expect(await program.pendingIn()).toEqual(program.everywhere(true));

    const ex = (
      await co.client.post(`${M}/exceptions`, {
        testId: "people.manager_known",
        resourceId: r.id,
        justification: "The manager is being hired this month.",
        approverUserId: cm.user.id,
        expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      })
    ).json();
    // Pending, it accepts nothing yet.
    expect(await program.pendingIn()).toEqual(program.everywhere(true));

    // Approved: right away the failure is excepted, the control is implemented again and no criterion waits for it,
    // as of the approval (the status moved in the decision's change).
    const approved = await cm.client.post(`${M}/exceptions/${ex.id}/approve`, {});
    expect(approved.statusCode).toBe(200);
    const excepted = await program.control();
    expect(excepted).toMatchObject({ status: "implemented" });
    expect(await program.pendingIn()).toEqual(program.everywhere(false));
    expect(new Date(excepted.history[0]!.at).getTime()).toBe(new Date(approved.json().decidedAt).getTime());

    // Revoked: right away the failure counts again.
    const revoked = await cm.client.post(`${M}/exceptions/${ex.id}/revoke`, { reason: "Hire fell through" });
    expect(revoked.statusCode).toBe(200);
    const failing = await program.control();
    expect(failing).toMatchObject({ status: "needs_attention" });
    expect(await program.pendingIn()).toEqual(program.everywhere(true));
    expect(new Date(failing.history[0]!.at).getTime()).toBe(new Date(revoked.json().revokedAt).getTime());
  });

  it("answers the status at any past moment from the intervals", async () => {
    const { org, viewer } = await setup();
    const conn = await seedConnection(ctx.db, org.id, null);
    const r = await seedResource(ctx.db, org.id, conn.id, { name: "Timeline" });
    const at = (d: string) => new Date(`${d}T00:00:00Z`);
    await ctx.db.insert(testStatusIntervals).values([
      {
        id: newId(),
        organizationId: org.id,
        testId: "people.manager_known",
        resourceId: r.id,
        status: "pass",
        startedAt: at("2027-01-01"),
        endedAt: at("2027-02-01"),
      },
      {
        id: newId(),
        organizationId: org.id,
        testId: "people.manager_known",
        resourceId: r.id,
        status: "fail",
        reason: "No manager is recorded.",
        startedAt: at("2027-02-01"),
        endedAt: at("2027-03-01"),
      },
      {
        id: newId(),
        organizationId: org.id,
        testId: "people.manager_known",
        resourceId: r.id,
        status: "pass",
        startedAt: at("2027-03-01"),
        endedAt: null,
      },
    ]);
    const get = async (date: string) =>
      (await viewer.client.get(`${M}/status-at?date=${date}&resourceId=${r.id}`)).json().tests[0];
    expect((await get("2027-01-15")).counts).toMatchObject({ pass: 1, fail: 0 });
    const feb = await get("2027-02-10");
    expect(feb.counts).toMatchObject({ pass: 0, fail: 1 });
    expect(feb.failing[0]).toMatchObject({ resourceName: "Timeline", reason: "No manager is recorded." });
    expect(feb.failing[0].summary).toBe("Failing since 2027-02-01.");
    expect((await get("2027-03-01")).counts).toMatchObject({ pass: 1, fail: 0 });
    const byControl = await testStatusByControl(ctx.db, org.id, ["GOV-06", "GOV-01"], at("2027-02-15"));
    expect(byControl.get("GOV-06")).toMatchObject({ failing: 1, passing: 0, since: at("2027-02-01") });
    expect(byControl.has("GOV-01")).toBe(false);
    const marchControls = await testStatusByControl(ctx.db, org.id, ["GOV-06"], at("2027-03-15"));
    expect(marchControls.get("GOV-06")).toMatchObject({ failing: 0, passing: 1, since: at("2027-03-01") });
  });

  it("removing a connection ends its results and keeps its history", async () => {
    const { org, owner, viewer } = await setup();
    const conn = (
      await owner.client.post(`${M}/connections`, { type: "people_csv", name: "To remove", config: { csv: CSV } })
    ).json();
    const { jobId } = (await owner.client.post(`${M}/connections/${conn.id}/sync`)).json();
    await runJob(jobId);
    expect((await owner.client.delete(`${M}/connections/${conn.id}`)).statusCode).toBe(204);
    expect((await viewer.client.get(`${M}/connections/${conn.id}`)).statusCode).toBe(404);
    expect((await viewer.client.get(`${M}/tests/people.manager_known`)).json().counts.fail).toBe(0);
    const hist = (await viewer.client.get(`${M}/tests/people.manager_known/history`)).json();
    expect(hist.total).toBe(4);
    expect(hist.items.every((i: { endedAt: string | null }) => i.endedAt !== null)).toBe(true);
    expect((await ledgerOf(ctx.db, org.id)).some((e) => e.action === "monitoring.connection_deleted")).toBe(true);
  });
});
