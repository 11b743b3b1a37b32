import { eq } from "drizzle-orm";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { dbKind } from "../../../test/context.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf, snapshotOrg } from "../../../test/snapshot.ts";
import { addDays, utcDay } from "../../core/dates.ts";
import { accessReviewCampaigns, notifications, people } from "../../db/schema/index.ts";
import { collectControlChecks, collectPersonTasks } from "../../kernel/routines.ts";
import { seedConnection, seedResource } from "../monitoring/testing.ts";
import { seedPeople } from "../people/testing.ts";
import { runAccessReviewJob } from "./jobs.ts";
import { createAccessReviewService } from "./service.ts";

const { ctx, app } = withTestApp();
const A = "/api/v1/access-reviews";
const due = addDays(utcDay(), 14);

/**
 * An organization with a compliance manager (runs the review), a manager (reviews her report's accounts), a
 * system owner, and a directory: Ana reports to the manager, Ben has left, the manager is a person too.
 */
async function setup() {
  const owner = await orgWithOwner(app, ctx.db);
  const org = owner.org;
  const cm = await member(app, ctx.db, org.id, "compliance_manager");
  const manager = await member(app, ctx.db, org.id, "employee");
  const sysOwner = await member(app, ctx.db, org.id, "control_owner");
  const [mgr, ana, ben] = await seedPeople(ctx.db, org.id, [
    { email: manager.user.email, fullName: "Mia Manager" },
    { email: "ana@example.test", fullName: "Ana Diaz" },
    { email: "ben@example.test", fullName: "Ben Left", status: "left" },
  ]);
  await ctx.db.update(people).set({ managerId: mgr!.id }).where(eq(people.id, ana!.id));
  await ctx.db.update(people).set({ managerId: mgr!.id }).where(eq(people.id, ben!.id));
  await ctx.db.update(people).set({ userId: manager.user.id }).where(eq(people.id, mgr!.id));
  return { org, owner, cm, manager, sysOwner, ana: ana!, mgr: mgr! };
}

const csv = (managerEmail: string) =>
  [
    "account,email,role",
    "ana,ana@example.test,admin;billing",
    "ben,ben@example.test,member",
    "ghost,ghost@example.test,member",
    `mia,${managerEmail},member`,
  ].join("\n");

async function launch(s: Awaited<ReturnType<typeof setup>>, over: Record<string, unknown> = {}) {
  const res = await s.cm.client.post(A, {
    source: "csv",
    name: "Billing Q1",
    system: "Billing",
    reviewerRule: "manager",
    systemOwnerUserId: s.sysOwner.user.id,
    dueOn: due,
    cadence: "none",
    csv: csv(s.manager.user.email),
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    id: string;
    accounts: {
      id: string;
      account: string;
      flag: string | null;
      suggestion: string | null;
      reviewer: { id: string };
    }[];
    progress: { total: number; pending: number; unfinished: number };
  };
}

describe(`access reviews on ${dbKind}`, () => {
  it("launches from a CSV: matches people, assigns managers (never the holder), flags orphans and leavers", async () => {
    const s = await setup();
    const c = await launch(s);
    const by = Object.fromEntries(c.accounts.map((a) => [a.account, a]));
    expect(c.progress).toMatchObject({ total: 4, pending: 4 });
    expect(by.ana!.reviewer.id).toBe(s.manager.user.id);
    expect(by.ana!.flag).toBeNull();
    expect(by.ben).toMatchObject({ flag: "left", suggestion: "revoke" });
    expect(by.ghost).toMatchObject({ flag: "orphan", suggestion: "revoke" });
    // Nobody manages the ghost: the system owner reviews it. The manager's own account goes to the system owner too.
    expect(by.ghost!.reviewer.id).toBe(s.sysOwner.user.id);
    expect(by.mia!.reviewer.id).toBe(s.sysOwner.user.id);
    const inbox = await ctx.db.select().from(notifications).where(eq(notifications.userId, s.manager.user.id));
    expect(inbox.map((n) => n.title)).toContain("Review 2 accounts in Billing Q1");
    expect((await ledgerOf(ctx.db, s.org.id)).map((e) => e.action)).toContain("access_reviews.launched");
  });

  it("refuses a bad CSV with every problem by line number, and writes nothing", async () => {
    const s = await setup();
    const before = await snapshotOrg(ctx.db, s.org.id);
    const body = { source: "csv", name: "x", system: "Billing", dueOn: due, cadence: "none" };
    const bad = await s.cm.client.post(A, {
      ...body,
      csv: "account,email,role\nana,ana@example.test,admin\n,nobody@example.test,x\nana,ana2@example.test,x\nzed,not-an-email,x\n",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe("invalid_csv");
    expect(bad.json().problems).toEqual([
      "Line 3: the account is empty.",
      "Line 4: “ana” is already on line 2.",
      "Line 5: “not-an-email” is not an email address.",
    ]);
    const noHeader = await s.cm.client.post(A, { ...body, csv: "name,email\nana,ana@example.test\n" });
    expect(noHeader.json().code).toBe("invalid_csv");
    const quote = await s.cm.client.post(A, { ...body, csv: 'account,email\n"ana,ana@example.test\n' });
    expect(quote.json()).toMatchObject({ code: "invalid_csv" });
    const recurring = await s.cm.client.post(A, { ...body, cadence: "quarterly", csv: csv("x@example.test") });
    expect(recurring.statusCode).toBe(400);
    const past = await s.cm.client.post(A, { ...body, dueOn: "2020-01-01", csv: csv("x@example.test") });
    expect(past.json().code).toBe("due_in_past");
    const other = await orgWithOwner(app, ctx.db);
    const stranger = await s.cm.client.post(A, {
      ...body,
      systemOwnerUserId: other.user.id,
      csv: csv("x@example.test"),
    });
    expect(stranger.json().code).toBe("not_a_member");
    const conn = await s.cm.client.post(A, {
      ...body,
      cadence: "quarterly",
      source: "connection",
      connectionId: other.org.id,
      resourceTypes: ["user"],
    });
    expect(conn.json().code).toBe("unknown_connection");
    expect(await snapshotOrg(ctx.db, s.org.id)).toEqual(before);
  });

  it("records decisions: comments for revoke and change, only by the reviewer, never on one's own account", async () => {
    const s = await setup();
    const c = await launch(s);
    const by = Object.fromEntries(c.accounts.map((a) => [a.account, a]));
    const url = `${A}/${c.id}/decisions`;
    const noComment = await s.manager.client.post(url, { accountIds: [by.ana!.id], decision: "revoke" });
    expect(noComment.statusCode).toBe(400);
    const noRole = await s.manager.client.post(url, {
      accountIds: [by.ana!.id],
      decision: "change_role",
      comment: "Too much.",
    });
    expect(noRole.statusCode).toBe(400);
    // The manager reviews Ana, not the ghost (the system owner's), and not her own account.
    const notMine = await s.manager.client.post(url, { accountIds: [by.ghost!.id], decision: "keep" });
    expect(notMine.statusCode).toBe(403);
    const own = await s.manager.client.post(url, { accountIds: [by.mia!.id], decision: "keep" });
    expect(own.statusCode).toBe(403);
    expect(own.json().detail).toMatch(/your own account/);
    const change = await s.manager.client.post(url, {
      accountIds: [by.ana!.id],
      decision: "change_role",
      newRole: "member",
      comment: "Admin no longer needed.",
    });
    expect(change.statusCode, change.body).toBe(200);
    expect(change.json().accounts[0]).toMatchObject({ decision: "change_role", newRole: "member" });
    // Bulk keep by the system owner; another campaign's account is a 404.
    const other = await launch(s, { name: "Other" });
    const foreign = await s.sysOwner.client.post(url, { accountIds: [other.accounts[0]!.id], decision: "keep" });
    expect(foreign.statusCode).toBe(404);
    const bulk = await s.sysOwner.client.post(url, { accountIds: [by.ghost!.id, by.mia!.id], decision: "keep" });
    expect(bulk.json().decided).toBe(2);
    const queue = (await s.manager.client.get(`${A}/assigned`)).json();
    const mine = queue.items.find((i: { campaign: { id: string } }) => i.campaign.id === c.id);
    expect(mine.accounts.map((a: { account: string }) => a.account).sort()).toEqual(["ana", "ben"]);
    const entries = await ledgerOf(ctx.db, s.org.id);
    expect(entries.filter((e) => e.action === "access_reviews.decided")).toHaveLength(3);
  });

  it("keeps one consistent answer when a reviewer decides and completes the same account from several tabs at once", async () => {
    const s = await setup();
    const c = await launch(s);
    const ana = c.accounts.find((a) => a.account === "ana")!;
    const url = `${A}/${c.id}/decisions`;
    const tabs = ["keep", "revoke", "keep", "revoke", "revoke", "keep"] as const;
    const decided = await Promise.all(
      tabs.map((decision, i) =>
        s.manager.client.post(url, { accountIds: [ana.id], decision, comment: `Tab ${i} says ${decision}.` }),
      ),
    );
    expect(decided.map((r) => r.statusCode)).toEqual(tabs.map(() => 200));
    const account = async () =>
      (await s.cm.client.get(`${A}/${c.id}`)).json().accounts.find((a: { id: string }) => a.id === ana.id);
    const history = (await ledgerOf(ctx.db, s.org.id)).filter(
      (e) => e.action === "access_reviews.decided" && e.entityId === ana.id,
    );
    // Every tab's answer is in the ledger, and the last one recorded is the one the account holds.
    expect(history).toHaveLength(tabs.length);
    const last = history.at(-1)!.changes.after as { decision: string; comment: string };
    expect(await account()).toMatchObject({ decision: last.decision, comment: last.comment });

    await s.manager.client.post(url, { accountIds: [ana.id], decision: "revoke", comment: "Left the billing team." });
    const completed = await Promise.all(
      [1, 2, 3, 4].map(() => s.manager.client.post(`${A}/${c.id}/accounts/${ana.id}/complete`, { note: "Removed." })),
    );
    expect(completed.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    const completions = (await ledgerOf(ctx.db, s.org.id)).filter(
      (e) => e.action === "access_reviews.completed" && e.entityId === ana.id,
    );
    expect(completions).toHaveLength(1);
    expect((await account()).completedAt).toBeTruthy();
  });

  it("closes only when decided and carried out (or explained), and attaches the report to ACC-08 as evidence", async () => {
    const s = await setup();
    const program = await s.owner.client.post("/api/v1/programs", {
      name: "SOC 2",
      reportType: "type2",
      windowStart: "2027-01-01",
      windowEnd: "2027-12-31",
    });
    expect(program.statusCode).toBe(201);
    const c = await launch(s);
    const by = Object.fromEntries(c.accounts.map((a) => [a.account, a]));
    const close = (body = {}) => s.cm.client.post(`${A}/${c.id}/close`, body);
    expect((await close()).json()).toMatchObject({
      code: "not_ready",
      detail: expect.stringMatching(/4 accounts have no decision/),
    });
    const url = `${A}/${c.id}/decisions`;
    await s.cm.client.post(url, { accountIds: [by.ana!.id, by.mia!.id], decision: "keep" });
    await s.cm.client.post(url, {
      accountIds: [by.ben!.id, by.ghost!.id],
      decision: "revoke",
      comment: "Left / unknown.",
    });
    expect((await close()).json().detail).toMatch(/2 revocations or role changes are not done yet/);
    const done = await s.cm.client.post(`${A}/${c.id}/accounts/${by.ben!.id}/complete`, {
      note: "Removed in the billing admin.",
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().completedAt).toBeTruthy();
    const again = await s.cm.client.post(`${A}/${c.id}/accounts/${by.ben!.id}/complete`, { note: "Twice." });
    expect(again.statusCode).toBe(409);
    const future = await s.cm.client.post(`${A}/${c.id}/accounts/${by.ghost!.id}/complete`, {
      note: "x",
      completedAt: "2999-01-01T00:00:00Z",
    });
    expect(future.json().code).toBe("future_date");
    const closed = await close({ note: "The ghost account is removed by the vendor next week (ticket OPS-9)." });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: "closed", closeNote: expect.stringMatching(/OPS-9/) });
    expect(closed.json().reportEvidenceIds).toHaveLength(2);
    expect((await close()).statusCode).toBe(409);
    const evidence = (await s.owner.client.get(`/api/v1/evidence/${closed.json().reportEvidenceIds[0]}`)).json();
    expect(JSON.stringify(evidence)).toContain("ACC-08");
    const csvRes = await s.cm.client.get(`${A}/${c.id}/report.csv`);
    expect(csvRes.body.split("\n")[0]).toMatch(/^account,kind,email,roles/);
    expect(csvRes.body).toContain("Removed in the billing admin.");
    const pdf = await s.cm.client.get(`${A}/${c.id}/report.pdf`);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const checks = await collectControlChecks(ctx.db, s.org.id, new Date(), ["ACC-08"]);
    expect(checks.get("ACC-08")![0]).toMatchObject({
      state: "met",
      reason: expect.stringMatching(/Billing closed on/),
    });
    const later = await collectControlChecks(ctx.db, s.org.id, new Date(Date.now() + 200 * 86_400_000), ["ACC-08"]);
    expect(later.get("ACC-08")![0]!.state).toBe("lapsed");
    const decide = await s.cm.client.post(`${A}/${c.id}/decisions`, {
      accountIds: [by.ana!.id],
      decision: "revoke",
      comment: "x",
    });
    expect(decide.statusCode).toBe(403);
  });

  it("closes even when the report cannot be stored, and the hourly job attaches it once storage is back", async () => {
    const s = await setup();
    await s.owner.client.post("/api/v1/programs", {
      name: "SOC 2",
      reportType: "type2",
      windowStart: "2027-01-01",
      windowEnd: "2027-12-31",
    });
    const c = await launch(s);
    const ids = c.accounts.map((a) => a.id);
    await s.cm.client.post(`${A}/${c.id}/decisions`, { accountIds: ids, decision: "keep" });
    // Evidence storage is an S3 endpoint nothing listens on.
    const broken = createAccessReviewService({
      ...ctx,
      log: pino({ level: "silent" }),
      config: {
        ...ctx.config,
        ASSAY_STORAGE: "s3",
        ASSAY_S3_ENDPOINT: "http://127.0.0.1:9",
        ASSAY_S3_BUCKET: "gone",
        ASSAY_S3_ACCESS_KEY_ID: "x",
        ASSAY_S3_SECRET_ACCESS_KEY: "y",
      },
    });
    const cmActor = {
      kind: "user" as const,
      userId: s.cm.user.id,
      email: s.cm.user.email,
      name: s.cm.user.name,
      organizationId: s.org.id,
      role: "compliance_manager" as const,
    };
    const closed = await broken.close(cmActor, c.id, undefined);
    expect(closed).toMatchObject({ status: "closed", reportEvidenceIds: [] });

    const run = await runAccessReviewJob(ctx);
    expect(run).toMatchObject({ reported: 1, failed: 0 });
    const after = (await s.cm.client.get(`${A}/${c.id}`)).json();
    expect(after.reportEvidenceIds).toHaveLength(2);
    // Once attached, never again.
    expect(await runAccessReviewJob(ctx)).toMatchObject({ reported: 0 });
    const reported = (await ledgerOf(ctx.db, s.org.id)).filter((e) => e.action === "access_reviews.reported");
    expect(reported).toHaveLength(1);
  }, 60_000);

  it("gives reviewers tasks and daily reminders, and does not check ACC-08 before any review", async () => {
    const s = await setup();
    expect((await collectControlChecks(ctx.db, s.org.id, new Date(), ["ACC-08"])).size).toBe(0);
    const c = await launch(s, { dueOn: addDays(utcDay(), 3) });
    const tasks = await collectPersonTasks(ctx.db, s.org.id, [s.mgr.id], new Date());
    expect(tasks.get(s.mgr.id)!.filter((k) => k.module === "access_reviews")).toEqual([
      expect.objectContaining({ module: "access_reviews", title: "Review 2 accounts in Billing Q1", state: "open" }),
    ]);
    expect((await collectControlChecks(ctx.db, s.org.id, new Date(), ["ACC-08"])).get("ACC-08")![0]!.state).toBe(
      "not_met",
    );
    const first = await runAccessReviewJob(ctx);
    expect(first.reminded).toBeGreaterThanOrEqual(2);
    const second = await runAccessReviewJob(ctx);
    expect(second.reminded).toBe(0);
    const inbox = await ctx.db.select().from(notifications).where(eq(notifications.userId, s.manager.user.id));
    expect(
      inbox.filter((n) => n.kind === "access_reviews.pending" && n.link === `/access-reviews/${c.id}`),
    ).toHaveLength(1);
  });

  it("launches the next campaign of a recurring review when its cadence has passed, once", async () => {
    const s = await setup();
    const conn = await seedConnection(ctx.db, s.org.id, s.owner.user.id, { type: "okta", name: "Okta" });
    await seedResource(ctx.db, s.org.id, conn.id, {
      type: "user",
      externalId: "00u1",
      name: "Ana Diaz <ana@example.test>",
      attributes: { email: "ana@example.test", status: "active", admin_roles: [] },
    });
    await seedResource(ctx.db, s.org.id, conn.id, {
      type: "user",
      externalId: "00u2",
      name: "ben@example.test",
      attributes: { email: "ben@example.test", status: "suspended", can_sign_in: false },
    });
    const res = await s.cm.client.post(A, {
      source: "connection",
      connectionId: conn.id,
      resourceTypes: ["user"],
      name: "Okta Q1",
      system: "Okta",
      reviewerRule: "manager",
      systemOwnerUserId: s.sysOwner.user.id,
      dueOn: due,
      cadence: "quarterly",
    });
    expect(res.statusCode, res.body).toBe(201);
    // Ben has left but his account is suspended already: no flag. Ana is reviewed by her manager.
    expect(res.json().accounts.map((a: { account: string; flag: string | null }) => [a.account, a.flag])).toEqual([
      ["Ana Diaz <ana@example.test>", null],
      ["ben@example.test", null],
    ]);
    expect((await runAccessReviewJob(ctx)).launched).toBe(0);
    // A quarter and more later: the next one launches, once (it is now the latest, and not due).
    await ctx.db
      .update(accessReviewCampaigns)
      .set({ launchedAt: new Date(Date.now() - 100 * 86_400_000) })
      .where(eq(accessReviewCampaigns.id, res.json().id));
    expect((await runAccessReviewJob(ctx)).launched).toBe(1);
    expect((await runAccessReviewJob(ctx)).launched).toBe(0);
    const all = await ctx.db
      .select()
      .from(accessReviewCampaigns)
      .where(eq(accessReviewCampaigns.organizationId, s.org.id));
    const next = all.find((c) => c.previousId === res.json().id)!;
    expect(next).toMatchObject({ system: "Okta", cadence: "quarterly", status: "open", connectionId: conn.id });
  });

  it("reassigns an account to another member, never to its holder", async () => {
    const s = await setup();
    const c = await launch(s);
    const mia = c.accounts.find((a) => a.account === "mia")!;
    const url = `${A}/${c.id}/accounts/${mia.id}/reviewer`;
    const own = await s.cm.client.put(url, { reviewerUserId: s.manager.user.id });
    expect(own.json().code).toBe("own_account");
    const other = await orgWithOwner(app, ctx.db);
    expect((await s.cm.client.put(url, { reviewerUserId: other.user.id })).json().code).toBe("not_a_member");
    const ok = await s.cm.client.put(url, { reviewerUserId: s.cm.user.id });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().reviewer.id).toBe(s.cm.user.id);
  });
});
