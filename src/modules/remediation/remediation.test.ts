import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { seedOrg } from "../../../test/seed.ts";
import { ledgerOf } from "../../../test/snapshot.ts";
import { systemActor } from "../../core/actor.ts";
import { notifications, programs, remediationItems } from "../../db/schema/index.ts";
import { change } from "../../kernel/change.ts";
import { addDays, createRemediationItems, utcDay } from "./store.ts";
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

describe("POST /programs/:programId/remediation", () => {
  it("creates a complete item with a ref, a computed priority, a ledger entry and a notice to its owner", async () => {
    const { org, cm, co, program } = await setup();
    const res = await cm.client.post(url(program.id), body({ ownerUserId: co.user.id, dueDate: "2030-01-31" }));
    expect(res.statusCode).toBe(201);
    const item = res.json();
    expect(item).toMatchObject({
      ref: "R-1",
      programId: program.id,
      likelihood: 4,
      impact: 5,
      riskScore: 20,
      priority: "critical",
      status: "open",
      source: "manual",
      owner: { id: co.user.id, email: co.user.email },
      dueDate: "2030-01-31",
      overdue: false,
      criteria: ["CC6.1"],
      controls: ["ACC-01"],
      evidence: ["https://wiki.example.test/mfa"],
      createdBy: { id: cm.user.id },
      completedAt: null,
      verifiedAt: null,
    });
    const entry = (await ledgerOf(ctx.db, org.id)).at(-1)!;
    expect(entry).toMatchObject({ action: "remediation.created", entityType: "remediation_item", entityId: item.id });
    expect(entry.changes.after).toMatchObject({ ref: "R-1", priority: "critical", ownerUserId: co.user.id });
    const [notice] = await ctx.db.select().from(notifications).where(eq(notifications.userId, co.user.id));
    expect(notice).toMatchObject({
      organizationId: org.id,
      kind: "remediation.assigned",
      link: `/programs/${program.id}/remediation/${item.id}`,
    });
    expect(notice!.title).toContain("R-1");

    // Refs count on per program; priority bands follow likelihood × impact.
    const bands = [
      [1, 3, "low"],
      [2, 2, "medium"],
      [2, 4, "high"],
      [3, 5, "critical"],
    ] as const;
    for (const [i, [likelihood, impact, priority]] of bands.entries()) {
      const r = (await cm.client.post(url(program.id), body({ likelihood, impact }))).json();
      expect(r).toMatchObject({ ref: `R-${i + 2}`, priority, riskScore: likelihood * impact });
    }
    const other = await seedProgram(ctx.db, org.id);
    expect((await cm.client.post(url(other.id), body())).json().ref).toBe("R-1");
  });

  it("suggests a due date from the priority when none is given, and keeps an explicit null", async () => {
    const { cm, program } = await setup();
    const today = utcDay();
    const critical = (await cm.client.post(url(program.id), body())).json();
    expect(critical.dueDate).toBe(addDays(today, 14));
    const low = (await cm.client.post(url(program.id), body({ likelihood: 1, impact: 1 }))).json();
    expect(low.dueDate).toBe(addDays(today, 90));
    const none = (await cm.client.post(url(program.id), body({ dueDate: null }))).json();
    expect(none.dueDate).toBeNull();
  });

  it("refuses bad input with a clear 400 and writes nothing", async () => {
    const { org, owner, cm, program } = await setup();
    const employee = await member(app, ctx.db, org.id, "employee");
    const outsider = await orgWithOwner(app, ctx.db);
    const before = await planSnapshot(ctx.db, org.id);
    const cases: [Record<string, unknown>, string, RegExp?][] = [
      [body({ priority: "low" }), "validation_failed"],
      [body({ likelihood: 6 }), "validation_failed", /likelihood/],
      [body({ impact: 2.5 }), "validation_failed", /impact/],
      [body({ title: "" }), "validation_failed", /short title/],
      [body({ gap: "  " }), "validation_failed", /gap/],
      [body({ dueDate: "31/01/2030" }), "validation_failed", /2027-01-31/],
      [body({ source: "import" }), "validation_failed"],
      [body({ ownerUserId: outsider.user.id }), "owner_not_member", /member of this organization/],
      [body({ ownerUserId: crypto.randomUUID() }), "owner_not_member"],
      [body({ ownerUserId: employee.user.id }), "owner_cannot_work_on_items", /employee/],
      [body({ criteria: ["CC6.1", "CC99.1"] }), "unknown_criterion", /CC99\.1 is not a Trust Services Criterion/],
      [body({ controls: ["GOV-01", "XYZ-9"] }), "unknown_control", /XYZ-9 is not a control of this program/],
    ];
    for (const [b, code, detail] of cases) {
      const res = await cm.client.post(url(program.id), b);
      expect(res.statusCode, JSON.stringify(b)).toBe(400);
      expect(res.json().code, JSON.stringify(b)).toBe(code);
      if (detail) expect(JSON.stringify(res.json())).toMatch(detail);
    }
    // Another organization's program, or one that does not exist: 404.
    const foreign = await seedProgram(ctx.db, outsider.org.id);
    expect((await owner.client.post(url(foreign.id), body())).statusCode).toBe(404);
    expect((await owner.client.post(url(crypto.randomUUID()), body())).json().detail).toBe(
      "The program was not found.",
    );
    expect(await planSnapshot(ctx.db, org.id)).toEqual(before);
  });

  it("keeps archived programs read-only", async () => {
    const { cm, program } = await setup();
    await ctx.db.update(programs).set({ archivedAt: new Date() }).where(eq(programs.id, program.id));
    const res = await cm.client.post(url(program.id), body());
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("program_archived");
    expect((await cm.client.get(url(program.id))).statusCode).toBe(200);
  });

  it("allocates distinct refs to concurrent creators", async () => {
    const { cm, program } = await setup();
    const refs = await Promise.all(
      Array.from(
        { length: 6 },
        async (_, i) => (await cm.client.post(url(program.id), body({ title: `T${i}` }))).json().ref,
      ),
    );
    expect(refs.sort()).toEqual(["R-1", "R-2", "R-3", "R-4", "R-5", "R-6"]);
  });
});

describe("createRemediationItems", () => {
  it("writes items in the caller's change: all of them or, when the change fails, none", async () => {
    const org = await seedOrg(ctx.db);
    const program = await seedProgram(ctx.db, org.id);
    const actor = systemActor(org.id);
    const created = await change(ctx.db, actor, (c) =>
      createRemediationItems(c, program.id, [
        sampleItem({ source: "self_assessment", criteria: ["cc1.1", "CC1.1"] }),
        sampleItem({ title: "Second", likelihood: 1, impact: 2 }),
      ]),
    );
    expect(created.map((c) => c.ref)).toEqual(["R-1", "R-2"]);
    const rows = await ctx.db.select().from(remediationItems).where(eq(remediationItems.programId, program.id));
    expect(rows.find((r) => r.ref === "R-1")).toMatchObject({
      source: "self_assessment",
      criteria: ["CC1.1"],
      priority: "high",
    });
    expect(rows.find((r) => r.ref === "R-2")).toMatchObject({ priority: "low", createdBy: null });

    const before = await planSnapshot(ctx.db, org.id);
    await expect(
      change(ctx.db, actor, async (c) => {
        await createRemediationItems(c, program.id, [sampleItem({ title: "Rolled back" })]);
        await createRemediationItems(c, program.id, [sampleItem({ criteria: ["NOPE1.1"] })]);
      }),
    ).rejects.toMatchObject({ code: "unknown_criterion" });
    expect(await planSnapshot(ctx.db, org.id)).toEqual(before);
    await expect(
      change(ctx.db, actor, (c) => createRemediationItems(c, program.id, [sampleItem({ likelihood: 0 })])),
    ).rejects.toMatchObject({ code: "invalid_rating" });
    const elsewhere = await seedOrg(ctx.db);
    await expect(
      change(ctx.db, systemActor(elsewhere.id), (c) => createRemediationItems(c, program.id, [sampleItem()])),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await seedItems(ctx.db, org.id, program.id, [])).toEqual([]);
  });
});

describe("GET /programs/:programId/remediation", () => {
  it("filters, searches, sorts and pages", async () => {
    const { org, owner, cm, co, program } = await setup();
    const today = utcDay();
    const made = await seedItems(ctx.db, org.id, program.id, [
      sampleItem({ title: "Low one", likelihood: 1, impact: 1, dueDate: addDays(today, 5), controls: ["GOV-01"] }),
      sampleItem({
        title: "Critical late",
        likelihood: 5,
        impact: 5,
        dueDate: addDays(today, -3),
        criteria: ["CC7.2"],
      }),
      sampleItem({ title: "High soon", likelihood: 3, impact: 3, dueDate: addDays(today, 1), ownerUserId: co.user.id }),
      sampleItem({ title: "Critical later", likelihood: 4, impact: 4, dueDate: addDays(today, 20) }),
      sampleItem({ title: "Medium, no date", gap: "Backups untested", likelihood: 2, impact: 2, dueDate: null }),
      sampleItem({ title: "Done but late", likelihood: 2, impact: 5, dueDate: addDays(today, -9) }),
    ]);
    await forceItem(ctx.db, made[5]!.id, { status: "done" });
    await forceItem(ctx.db, made[3]!.id, { ownerUserId: cm.user.id });
    const second = await seedProgram(ctx.db, org.id);
    await seedItems(ctx.db, org.id, second.id, [sampleItem({ title: "In another program" })]);
    const titles = async (q = "") => {
      const res = await co.client.get(`${url(program.id)}${q}`);
      expect(res.statusCode, q).toBe(200);
      return res.json().items.map((i: { title: string }) => i.title);
    };

    // Default: priority, then due date (no date last), then risk score.
    expect(await titles()).toEqual([
      "Critical late",
      "Critical later",
      "Done but late",
      "High soon",
      "Medium, no date",
      "Low one",
    ]);
    expect(await titles("?sort=dueDate")).toEqual([
      "Done but late",
      "Critical late",
      "High soon",
      "Low one",
      "Critical later",
      "Medium, no date",
    ]);
    expect((await titles("?sort=createdAt"))[0]).toBe("Done but late");
    expect(await titles("?status=done")).toEqual(["Done but late"]);
    expect(await titles("?status=open,in_progress&priority=critical")).toEqual(["Critical late", "Critical later"]);
    expect(await titles("?overdue=true")).toEqual(["Critical late"]);
    expect((await titles("?overdue=false")).length).toBe(5);
    expect(await titles(`?owner=${co.user.id}`)).toEqual(["High soon"]);
    expect(await titles("?owner=me")).toEqual(["High soon"]);
    expect((await titles("?owner=none")).length).toBe(4);
    expect(await titles("?criterion=cc7.2")).toEqual(["Critical late"]);
    expect(await titles("?control=GOV-01")).toEqual(["Low one"]);
    expect(await titles("?q=backups")).toEqual(["Medium, no date"]);
    expect(await titles("?q=R-2")).toEqual(["Critical late"]);

    const page = (await owner.client.get(`${url(program.id)}?pageSize=4&page=2`)).json();
    expect(page).toMatchObject({ total: 6, page: 2, pageSize: 4 });
    expect(page.items.map((i: { title: string }) => i.title)).toEqual(["Medium, no date", "Low one"]);
    expect(page.items[0]).toMatchObject({ owner: null, dueDate: null, overdue: false });
    const late = (await owner.client.get(`${url(program.id)}?overdue=true`)).json().items[0];
    expect(late).toMatchObject({ overdue: true, priority: "critical", ref: "R-2" });

    for (const q of [
      "status=closed",
      "priority=urgent",
      "sort=title",
      "owner=someone",
      "overdue=yes",
      "pageSize=101",
    ]) {
      const res = await owner.client.get(`${url(program.id)}?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().code).toBe("validation_failed");
    }
  });

  it("is closed to employees", async () => {
    const { org, program } = await setup();
    const employee = await member(app, ctx.db, org.id, "employee");
    expect((await employee.client.get(url(program.id))).statusCode).toBe(403);
  });
});
