import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { seedOrg } from "../../../test/seed.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { notifications } from "../../db/schema/index.ts";
import {
  forceItem,
  itemBody,
  planSnapshot,
  remediationTeam,
  remediationUrl,
  sampleItem,
  seedItems,
  seedProgram,
} from "./testing.ts";

const { ctx, app } = withTestApp();

const url = remediationUrl;
const body = itemBody;
const setup = () => remediationTeam(app, ctx.db);

describe("status transitions", () => {
  it("moves open → in progress → done → verified, stamps times and records each step", async () => {
    const { org, owner, cm, co, program } = await setup();
    const item = (await cm.client.post(url(program.id), body({ ownerUserId: co.user.id }))).json();
    const at = url(program.id, `/${item.id}`);

    const started = await co.client.post(`${at}/status`, { status: "in_progress" });
    expect(started.statusCode).toBe(200);
    expect(started.json()).toMatchObject({ status: "in_progress", completedAt: null });
    const done = await co.client.post(`${at}/status`, { status: "done", note: "MFA enforced in the org policy." });
    expect(done.statusCode).toBe(200);
    expect(Date.parse(done.json().completedAt)).toBeGreaterThan(Date.now() - 60_000);

    // Someone other than the owner verifies.
    const verified = await cm.client.post(`${at}/verify`, { note: "Checked the IAM report." });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ status: "verified", verifiedBy: { id: cm.user.id } });
    expect(Date.parse(verified.json().verifiedAt)).toBeGreaterThan(0);

    const actions = (await ledgerOf(ctx.db, org.id)).filter((e) => e.entityId === item.id).map((e) => e.action);
    expect(actions).toEqual([
      "remediation.created",
      "remediation.status_changed",
      "remediation.status_changed",
      "remediation.verified",
    ]);

    // Reopening needs a reason and undoes completion and verification.
    const noReason = await co.client.post(`${at}/status`, { status: "in_progress" });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ code: "reason_required" });
    const reopened = await owner.client.post(`${at}/status`, { status: "in_progress", note: "Staging was missed." });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({
      status: "in_progress",
      completedAt: null,
      verifiedAt: null,
      verifiedBy: null,
    });
    const last = (await ledgerOf(ctx.db, org.id)).at(-1)!;
    expect(last).toMatchObject({ action: "remediation.reopened", entityId: item.id });
    expect(last.changes).toMatchObject({
      before: { status: "verified" },
      after: { status: "in_progress", note: "Staging was missed." },
    });
    const reopenedNotice = await ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, co.user.id), eq(notifications.kind, "remediation.reopened")));
    expect(reopenedNotice).toHaveLength(1);

    // The detail shows the whole story, oldest first.
    const detail = (await co.client.get(at)).json();
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual([
      "remediation.created",
      "remediation.status_changed",
      "remediation.status_changed",
      "remediation.verified",
      "remediation.reopened",
    ]);
    expect(detail.history[2].changes.after).toMatchObject({ status: "done", note: "MFA enforced in the org policy." });
    expect(detail.history[3]).toMatchObject({ actorType: "user", actorLabel: cm.user.email });
  });

  it("refuses invalid moves with 400/409 and changes nothing", async () => {
    const { org, owner, cm, co, program } = await setup();
    const [open, started, done] = await seedItems(ctx.db, org.id, program.id, [
      sampleItem({ ownerUserId: co.user.id }),
      sampleItem({ ownerUserId: co.user.id }),
      sampleItem({ ownerUserId: co.user.id }),
    ]);
    await forceItem(ctx.db, started!.id, { status: "in_progress" });
    await forceItem(ctx.db, done!.id, { status: "done" });
    const before = await planSnapshot(ctx.db, org.id);
    const at = (i: { id: string }, rest = "") => url(program.id, `/${i.id}${rest}`);
    const refused: [string, unknown, number, string][] = [
      [at(open!, "/status"), { status: "done" }, 409, "invalid_transition"],
      [at(open!, "/verify"), { note: "Checked." }, 409, "invalid_transition"],
      [at(started!, "/status"), { status: "in_progress" }, 409, "invalid_transition"],
      [at(started!, "/verify"), { note: "Checked." }, 409, "invalid_transition"],
      [at(done!, "/status"), { status: "done" }, 409, "invalid_transition"],
      [at(done!, "/status"), { status: "in_progress", note: "   " }, 400, "reason_required"],
      [at(open!, "/status"), { status: "verified" }, 400, "validation_failed"],
      [at(open!, "/status"), { status: "open" }, 400, "validation_failed"],
      [at(open!, "/status"), {}, 400, "validation_failed"],
    ];
    for (const [u, b, status, code] of refused) {
      const res = await cm.client.post(u, b);
      expect(res.statusCode, `${u} ${JSON.stringify(b)}`).toBe(status);
      expect(res.json().code).toBe(code);
    }
    const unstarted = await cm.client.post(at(open!, "/status"), { status: "done" });
    expect(unstarted.json().detail).toMatch(/move it to in_progress first/);
    const verifiedStatus = await cm.client.post(at(open!, "/status"), { status: "verified" });
    expect(JSON.stringify(verifiedStatus.json())).toMatch(/verify/);
    expect((await owner.client.post(at({ id: crypto.randomUUID() }, "/status"), { status: "done" })).statusCode).toBe(
      404,
    );
    expect(await planSnapshot(ctx.db, org.id)).toEqual(before);
  });

  it("lets control owners work only on their own items, and only on status and evidence", async () => {
    const { org, co, program } = await setup();
    const other = await member(app, ctx.db, org.id, "control_owner");
    const [mine, theirs] = await seedItems(ctx.db, org.id, program.id, [
      sampleItem({ ownerUserId: co.user.id }),
      sampleItem({ ownerUserId: other.user.id }),
    ]);
    const before = await planSnapshot(ctx.db, org.id);
    const notMine = await co.client.post(url(program.id, `/${theirs!.id}/status`), { status: "in_progress" });
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json().detail).toMatch(/owner or a compliance manager/);
    const retitle = await co.client.patch(url(program.id, `/${mine!.id}`), { title: "Mine now", evidence: ["x"] });
    expect(retitle.statusCode).toBe(403);
    expect(retitle.json().detail).toMatch(/status and evidence/);
    expect((await co.client.post(url(program.id), body())).statusCode).toBe(403);
    expect(await planSnapshot(ctx.db, org.id)).toEqual(before);

    const evidence = await co.client.patch(url(program.id, `/${mine!.id}`), {
      evidence: ["https://ci.example.test/run/42", "https://ci.example.test/run/42"],
    });
    expect(evidence.statusCode).toBe(200);
    expect(evidence.json().evidence).toEqual(["https://ci.example.test/run/42"]);
    expect((await co.client.post(url(program.id, `/${mine!.id}/status`), { status: "in_progress" })).statusCode).toBe(
      200,
    );
    // Control owners cannot verify at all.
    expect((await co.client.post(url(program.id, `/${mine!.id}/verify`), { note: "Checked." })).statusCode).toBe(403);
  });

  it("never lets the owner verify their own item, unless they are the organization's only member", async () => {
    const { org, cm, program } = await setup();
    const [item] = await seedItems(ctx.db, org.id, program.id, [sampleItem({ ownerUserId: cm.user.id })]);
    await forceItem(ctx.db, item!.id, { status: "done" });
    const before = await planSnapshot(ctx.db, org.id);
    const self = await cm.client.post(url(program.id, `/${item!.id}/verify`), { note: "Checked it myself." });
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe("verifier_is_owner");
    expect(self.json().detail).toMatch(/someone else must verify it/);
    expect(await planSnapshot(ctx.db, org.id)).toEqual(before);

    const solo = await orgWithOwner(app, ctx.db);
    const soloProgram = await seedProgram(ctx.db, solo.org.id);
    const [own] = await seedItems(ctx.db, solo.org.id, soloProgram.id, [sampleItem({ ownerUserId: solo.user.id })]);
    await forceItem(ctx.db, own!.id, { status: "done" });
    const alone = await solo.client.post(url(soloProgram.id, `/${own!.id}/verify`), { note: "Checked it myself." });
    expect(alone.statusCode).toBe(200);
    expect(alone.json()).toMatchObject({ status: "verified", verifiedBy: { id: solo.user.id } });
  });
});

describe("PATCH /programs/:programId/remediation/:id", () => {
  it("edits the plan, recomputes priority, records only what changed and tells a new owner", async () => {
    const { org, cm, co, program } = await setup();
    const item = (await cm.client.post(url(program.id), body({ dueDate: "2030-01-01" }))).json();
    const at = url(program.id, `/${item.id}`);
    const res = await cm.client.patch(at, {
      likelihood: 1,
      ownerUserId: co.user.id,
      criteria: ["CC7.1", "CC6.1"],
      controls: ["gov-01"],
      title: item.title,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      likelihood: 1,
      impact: 5,
      priority: "medium",
      criteria: ["CC6.1", "CC7.1"],
      controls: ["GOV-01"],
      owner: { id: co.user.id },
    });
    const entry = (await ledgerOf(ctx.db, org.id)).at(-1)!;
    expect(entry).toMatchObject({ action: "remediation.updated", entityId: item.id });
    expect(entry.changes.before).toEqual({
      ref: "R-1",
      likelihood: 4,
      priority: "critical",
      ownerUserId: null,
      criteria: ["CC6.1"],
      controls: ["ACC-01"],
    });
    expect(entry.changes.after).toMatchObject({ likelihood: 1, priority: "medium", ownerUserId: co.user.id });
    const notices = await ctx.db.select().from(notifications).where(eq(notifications.userId, co.user.id));
    expect(notices.map((n) => n.kind)).toEqual(["remediation.assigned"]);

    // Nothing new: no ledger entry.
    const n = (await ledgerOf(ctx.db, org.id)).length;
    expect((await cm.client.patch(at, { likelihood: 1, dueDate: "2030-01-01" })).statusCode).toBe(200);
    expect(await ledgerOf(ctx.db, org.id)).toHaveLength(n);

    const before = await planSnapshot(ctx.db, org.id);
    for (const [b, code] of [
      [{ priority: "low" }, "validation_failed"],
      [{ status: "done" }, "validation_failed"],
      [{ criteria: ["XX1.1"] }, "unknown_criterion"],
      [{ ownerUserId: (await seedOrg(ctx.db)).id }, "owner_not_member"],
    ] as const) {
      const r = await cm.client.patch(at, b);
      expect(r.statusCode, JSON.stringify(b)).toBe(400);
      expect(r.json().code).toBe(code);
    }
    expect(await planSnapshot(ctx.db, org.id)).toEqual(before);

    // A verified item is locked until reopened.
    await forceItem(ctx.db, item.id, { status: "verified" });
    const locked = await cm.client.patch(at, { title: "Changed after the fact" });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().code).toBe("item_verified");
  });
});
