import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member } from "../../../test/people.ts";
import { remediationItems } from "../../db/schema/index.ts";
import { addDays, utcDay } from "./store.ts";
import { forceItem, planSnapshot, remediationTeam, remediationUrl, sampleItem, seedItems } from "./testing.ts";

const { ctx, app } = withTestApp();

/** R-1 (owned by the control owner), R-2 (nobody's, its verifier is the manager), R-3 (done, by the control owner). */
async function world() {
  const team = await remediationTeam(app, ctx.db);
  const { org, program, co, cm } = team;
  const auditor = await member(app, ctx.db, org.id, "auditor");
  const [r1, r2, r3] = await seedItems(ctx.db, org.id, program.id, [
    sampleItem({ ownerUserId: co.user.id }),
    sampleItem({ verifierUserId: cm.user.id }),
    sampleItem({ ownerUserId: co.user.id }),
  ]);
  await forceItem(ctx.db, r3!.id, { status: "done" });
  const url = (rest = "") => remediationUrl(program.id, `/bulk${rest}`);
  const item = async (id: string) =>
    (await ctx.db.select().from(remediationItems).where(eq(remediationItems.id, id)))[0]!;
  const snapshot = () => planSnapshot(ctx.db, org.id);
  return { ...team, auditor, r1: r1!, r2: r2!, r3: r3!, url, item, snapshot };
}

const summaries = (res: { json(): { records: { summary: string }[] } }) => res.json().records.map((r) => r.summary);

describe("bulk edits of remediation items", () => {
  it("previews owner and due date changes per item, then applies them with one ledger entry per item", async () => {
    const { owner, co, r1, r2, url, item, snapshot } = await world();
    const due = addDays(utcDay(), 45);
    const body = { ids: [r1.id, r2.id], changes: { ownerUserId: owner.user.id, dueDate: due } };
    const before = await snapshot();
    const preview = await owner.client.post(url("/preview"), body);
    expect(preview.statusCode).toBe(200);
    const r1Due = (await item(r1.id)).dueDate;
    expect(summaries(preview)).toEqual([
      `R-1: owner ${co.user.name} → ${owner.user.name}, due date ${r1Due} → ${due}`,
      `R-2: owner nobody → ${owner.user.name}, due date ${(await item(r2.id)).dueDate} → ${due}`,
    ]);
    expect(await snapshot()).toEqual(before);

    const applied = await owner.client.post(url(), body);
    expect(applied.json()).toMatchObject({ applied: true, counts: { change: 2, unchanged: 0, refused: 0 } });
    expect(await item(r1.id)).toMatchObject({ ownerUserId: owner.user.id, dueDate: due });
    expect(await item(r2.id)).toMatchObject({ ownerUserId: owner.user.id, dueDate: due });
    const entries = (await snapshot()).ledger.slice(before.ledger.length);
    expect(entries.map((e) => [e.action, e.entityId])).toEqual([
      ["remediation.updated", r1.id],
      ["remediation.updated", r2.id],
    ]);
  });

  it("moves statuses only where the transition rules and the record rules allow, refusing the rest", async () => {
    const { co, cm, r1, r2, r3, url, item, snapshot } = await world();
    // The control owner starts the items: their own open R-1 starts; R-2 is not theirs; R-3 is done (a reopen needs a note).
    const start = { ids: [r1.id, r2.id, r3.id], changes: { status: "in_progress" } };
    const preview = await co.client.post(url("/preview"), start);
    expect(summaries(preview)).toEqual([
      "R-1: status open → in progress",
      expect.stringMatching(/^R-2: refused \(Only R-2's owner or a compliance manager/),
      expect.stringMatching(/^R-3: refused \(Say why R-3 is reopened/),
    ]);
    const before = await snapshot();
    const applied = await co.client.post(url(), start);
    expect(applied.json().counts).toEqual({ change: 1, unchanged: 0, refused: 2 });
    expect((await item(r1.id)).status).toBe("in_progress");
    expect((await item(r2.id)).status).toBe("open");
    expect((await item(r3.id)).status).toBe("done");
    expect((await snapshot()).ledger.slice(before.ledger.length).map((e) => e.action)).toEqual([
      "remediation.status_changed",
    ]);

    // With a note, the manager reopens R-3; R-1 is already in progress; R-2 (open) cannot be marked done.
    const reopen = await cm.client.post(url(), {
      ids: [r3.id, r1.id],
      changes: { status: "in_progress", note: "The fix missed staging." },
    });
    expect(summaries(reopen)).toEqual(["R-3: status done → in progress", "R-1: unchanged"]);
    expect((await item(r3.id)).status).toBe("in_progress");
    const done = await cm.client.post(url("/preview"), { ids: [r2.id], changes: { status: "done" } });
    expect(summaries(done)).toEqual([expect.stringMatching(/^R-2: refused \(R-2 has not been started/)]);

    // The plan (owner, due date) needs remediation.manage; the manager cannot become the owner R-2 they verify.
    const plan = await co.client.post(url("/preview"), { ids: [r1.id], changes: { dueDate: null } });
    expect(plan.json().records[0].reason).toBe(
      "changing the owner or due date needs a compliance manager, admin or owner",
    );
    const verifier = await cm.client.post(url("/preview"), { ids: [r2.id], changes: { ownerUserId: cm.user.id } });
    expect(verifier.json().records[0].reason).toContain("is its verifier");
  });

  it("refuses another organization's items, past due dates, too many ids and readers as a whole", async () => {
    const { cm, r1, url, snapshot, auditor } = await world();
    const other = await world();
    const before = await snapshot();
    const otherBefore = await other.snapshot();
    const foreign = await cm.client.post(url(), { ids: [r1.id, other.r1.id], changes: { dueDate: null } });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().detail).toBe("One of the selected items is not in this program's plan: nothing was changed.");
    // Through the other organization's program id: the program is not found.
    expect((await cm.client.post(other.url(), { ids: [other.r1.id], changes: { dueDate: null } })).statusCode).toBe(
      404,
    );
    const past = await cm.client.post(url(), { ids: [r1.id], changes: { dueDate: "2001-01-01" } });
    expect(past.statusCode).toBe(400);
    expect(past.json().detail).toContain("2001-01-01 is in the past");
    const many = await cm.client.post(url("/preview"), {
      ids: Array.from({ length: 501 }, () => r1.id),
      changes: { dueDate: null },
    });
    expect(many.statusCode).toBe(400);
    expect(many.body).toContain("at most 500 items");
    expect((await auditor.client.post(url("/preview"), { ids: [r1.id], changes: { dueDate: null } })).statusCode).toBe(
      403,
    );
    expect(await snapshot()).toEqual(before);
    expect(await other.snapshot()).toEqual(otherBefore);
  });

  it("applies all or nothing: a failure on one item rolls back the items written before it", async () => {
    const { cm, r1, r2, url, item, snapshot } = await world();
    await ctx.db.execute(
      sql.raw(`CREATE FUNCTION bulk_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused by the test'; END $$`),
    );
    await ctx.db.execute(
      sql.raw(`CREATE TRIGGER bulk_test_refuse BEFORE UPDATE ON remediation_items FOR EACH ROW
        WHEN (OLD.id = '${r2.id}') EXECUTE FUNCTION bulk_test_refuse()`),
    );
    try {
      const before = await snapshot();
      const res = await cm.client.post(url(), { ids: [r1.id, r2.id], changes: { dueDate: null } });
      expect(res.statusCode).toBe(500);
      expect((await item(r1.id)).dueDate).not.toBeNull();
      expect(await snapshot()).toEqual(before);
    } finally {
      await ctx.db.execute(sql.raw("DROP TRIGGER bulk_test_refuse ON remediation_items"));
      await ctx.db.execute(sql.raw("DROP FUNCTION bulk_test_refuse()"));
    }
  });
});
