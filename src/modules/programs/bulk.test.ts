import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { programControls } from "../../db/schema/index.ts";
import { seedControl, seedProgram } from "./testing.ts";

const { ctx, app } = withTestApp();

/** A program with three custom controls: CUS-01 and CUS-03 owned by the control owner, CUS-02 by nobody. */
async function world() {
  const owner = await orgWithOwner(app, ctx.db);
  const cm = await member(app, ctx.db, owner.org.id, "compliance_manager");
  const co = await member(app, ctx.db, owner.org.id, "control_owner");
  const dana = await member(app, ctx.db, owner.org.id, "control_owner");
  const auditor = await member(app, ctx.db, owner.org.id, "auditor");
  const program = await seedProgram(ctx.db, owner.org.id, owner.user.id, { adoptLibrary: false });
  for (const [key, ownerUserId] of [
    ["CUS-01", co.user.id],
    ["CUS-02", null],
    ["CUS-03", co.user.id],
  ] as const)
    await seedControl(ctx.db, owner.org.id, owner.user.id, program.id, { key, ownerUserId, frequency: "quarterly" });
  const url = (rest = "") => `/api/v1/programs/${program.id}/controls/bulk${rest}`;
  const controls = async () =>
    Object.fromEntries(
      (
        await ctx.db
          .select()
          .from(programControls)
          .where(and(eq(programControls.organizationId, owner.org.id), eq(programControls.programId, program.id)))
      ).map((c) => [c.key, c]),
    );
  const ledger = () => ledgerOf(ctx.db, owner.org.id);
  return { org: owner.org, owner, cm, co, dana, auditor, program, url, controls, ledger };
}

describe("bulk edits of controls", () => {
  it("previews per control without writing, then applies with one ledger entry per changed control", async () => {
    const { cm, co, dana, url, controls, ledger } = await world();
    const body = { keys: ["CUS-01", "CUS-02"], changes: { ownerUserId: dana.user.id, frequency: "quarterly" } };
    const before = await ledger();

    const preview = await cm.client.post(url("/preview"), body);
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toEqual({
      applied: false,
      counts: { change: 2, unchanged: 0, refused: 0 },
      records: [
        {
          ref: "CUS-01",
          outcome: "change",
          changes: [{ field: "owner", from: co.user.name, to: dana.user.name }],
          reason: null,
          summary: `CUS-01: owner ${co.user.name} → ${dana.user.name}`,
        },
        {
          ref: "CUS-02",
          outcome: "change",
          changes: [{ field: "owner", from: "nobody", to: dana.user.name }],
          reason: null,
          summary: `CUS-02: owner nobody → ${dana.user.name}`,
        },
      ],
    });
    expect(await ledger()).toHaveLength(before.length);
    expect((await controls())["CUS-01"]!.ownerUserId).toBe(co.user.id);

    const applied = await cm.client.post(url(), body);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, counts: { change: 2, unchanged: 0, refused: 0 } });
    const after = await controls();
    expect([after["CUS-01"]!.ownerUserId, after["CUS-02"]!.ownerUserId]).toEqual([dana.user.id, dana.user.id]);
    expect(after["CUS-03"]!.ownerUserId).toBe(co.user.id);
    const entries = (await ledger()).slice(before.length);
    expect(entries.map((e) => [e.action, e.entityId])).toEqual([
      ["control.updated", after["CUS-01"]!.id],
      ["control.updated", after["CUS-02"]!.id],
    ]);
    expect(entries[0]!.changes).toEqual({ before: { ownerUserId: co.user.id }, after: { ownerUserId: dana.user.id } });

    // The same edit again changes nothing and records nothing.
    const again = await cm.client.post(url(), body);
    expect(again.json().records.map((r: { summary: string }) => r.summary)).toEqual([
      "CUS-01: unchanged",
      "CUS-02: unchanged",
    ]);
    expect(await ledger()).toHaveLength(before.length + 2);
  });

  it("lists controls the person may not change as refused and applies only the others", async () => {
    const { co, url, controls, ledger, auditor } = await world();
    // A control owner may set the status of the controls they own, not of others, and never the owner.
    const status = { keys: ["CUS-03", "CUS-02"], changes: { status: "implemented", statusReason: "Rolled out" } };
    const preview = (await co.client.post(url("/preview"), status)).json();
    expect(preview.records.map((r: { summary: string }) => r.summary)).toEqual([
      "CUS-03: status not started → implemented",
      "CUS-02: refused (you can only change the status of controls you own)",
    ]);
    const before = await ledger();
    const applied = await co.client.post(url(), status);
    expect(applied.json().counts).toEqual({ change: 1, unchanged: 0, refused: 1 });
    const after = await controls();
    expect(after["CUS-03"]).toMatchObject({ status: "implemented", statusReason: "Rolled out" });
    expect(after["CUS-02"]!.status).toBe("not_started");
    expect((await ledger()).slice(before.length).map((e) => e.action)).toEqual(["control.updated"]);

    const owner = await co.client.post(url(), { keys: ["CUS-01"], changes: { ownerUserId: null } });
    expect(owner.json()).toMatchObject({
      counts: { change: 0, refused: 1 },
      records: [{ reason: "changing the owner or frequency needs a compliance manager, admin or owner" }],
    });
    expect((await controls())["CUS-01"]!.ownerUserId).not.toBeNull();
    // Roles without control updates are refused at the door.
    expect((await auditor.client.post(url("/preview"), status)).statusCode).toBe(403);
  });

  it("refuses unknown controls, another organization's program, too many ids and empty changes as a whole", async () => {
    const { cm, url, ledger } = await world();
    const before = await ledger();
    const unknown = await cm.client.post(url(), { keys: ["CUS-01", "NOPE-9"], changes: { frequency: "monthly" } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().detail).toContain("NOPE-9: nothing was changed");
    const other = await world();
    const foreign = await cm.client.post(other.url(), { keys: ["CUS-01"], changes: { frequency: "monthly" } });
    expect(foreign.statusCode).toBe(404);
    expect((await other.controls())["CUS-01"]!.frequency).toBe("quarterly");
    const stranger = await cm.client.post(url(), { keys: ["CUS-01"], changes: { ownerUserId: other.co.user.id } });
    expect(stranger.statusCode).toBe(400);
    const many = await cm.client.post(url("/preview"), {
      keys: Array.from({ length: 501 }, (_, i) => `CUS-${i}`),
      changes: { frequency: "monthly" },
    });
    expect(many.statusCode).toBe(400);
    expect(many.body).toContain("at most 500 controls");
    const nothing = await cm.client.post(url("/preview"), { keys: ["CUS-01"], changes: {} });
    expect(nothing.statusCode).toBe(400);
    expect(nothing.body).toContain("Choose what to change");
    expect(await ledger()).toHaveLength(before.length);
  });

  it("applies all or nothing: a failure on one control rolls back the others", async () => {
    const { cm, url, controls, ledger } = await world();
    const cus02 = (await controls())["CUS-02"]!.id;
    // The database refuses to write CUS-02, as a crash or a constraint would, after CUS-01 was written.
    await ctx.db.execute(
      sql.raw(`CREATE FUNCTION bulk_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused by the test'; END $$`),
    );
    await ctx.db.execute(
      sql.raw(`CREATE TRIGGER bulk_test_refuse BEFORE UPDATE ON program_controls FOR EACH ROW
        WHEN (OLD.id = '${cus02}') EXECUTE FUNCTION bulk_test_refuse()`),
    );
    try {
      const before = await ledger();
      const res = await cm.client.post(url(), { keys: ["CUS-01", "CUS-02"], changes: { frequency: "monthly" } });
      expect(res.statusCode).toBe(500);
      const after = await controls();
      expect([after["CUS-01"]!.frequency, after["CUS-02"]!.frequency]).toEqual(["quarterly", "quarterly"]);
      expect(await ledger()).toHaveLength(before.length);
    } finally {
      await ctx.db.execute(sql.raw("DROP TRIGGER bulk_test_refuse ON program_controls"));
      await ctx.db.execute(sql.raw("DROP FUNCTION bulk_test_refuse()"));
    }
  });
});
