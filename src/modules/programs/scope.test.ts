import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { snapshotOrg } from "../../../test/snapshot.ts";
import { loadContent } from "../../content/index.ts";
import { addMonths } from "../../core/audit-window.ts";
import { addDays, utcDay } from "../../core/dates.ts";

const { ctx, app } = withTestApp();

const nextMonth = addMonths(`${utcDay().slice(0, 7)}-01`, 1);
const type2 = {
  name: "SOC 2 Type II",
  reportType: "type2",
  windowStart: nextMonth,
  windowEnd: addDays(addMonths(nextMonth, 6), -1),
};

describe("program period rules", () => {
  it("refuses a Type II window longer than 12 months, with the reason, on create and on change", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const before = await snapshotOrg(ctx.db, org.id);
    const long = await client.post("/api/v1/programs", { ...type2, windowEnd: addMonths(nextMonth, 144) });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors).toEqual([
      { path: "body.windowEnd", message: expect.stringMatching(/at most 12 months: end it by/) },
    ]);
    const typo = await client.post("/api/v1/programs", { ...type2, windowStart: "0207-01-01" });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().errors[0]).toMatchObject({
      path: "body.windowStart",
      message: expect.stringMatching(/2000 and 2099/),
    });
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);

    const p = (await client.post("/api/v1/programs", { ...type2, adoptLibrary: false })).json();
    const stretched = await client.patch(`/api/v1/programs/${p.id}`, { windowEnd: addMonths(nextMonth, 13) });
    expect(stretched.statusCode).toBe(400);
    expect(stretched.json()).toMatchObject({
      code: "invalid_period",
      detail: expect.stringMatching(/at most 12 months/),
    });
  });

  it("warns, and never says nothing, about a window that ended years ago", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const p = await client.post("/api/v1/programs", {
      ...type2,
      windowStart: "2019-01-01",
      windowEnd: "2019-12-31",
      adoptLibrary: false,
    });
    expect(p.statusCode).toBe(201);
    expect(p.json().warnings).toEqual([expect.stringMatching(/^The window ended on 31 December 2019, \d+ months ago/)]);
  });
});

describe("adding categories in the wizard", () => {
  it("adopts the library controls of the added categories in the same save", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", type2)).json();
    const content = loadContent();
    const availability = content.controls.filter((c) =>
      c.criteria.some((id) => content.criteriaById.get(id)!.category === "availability"),
    );
    const missing = availability.filter(
      (c) => !c.criteria.some((id) => content.criteriaById.get(id)!.category === "security"),
    );
    expect(missing.length).toBeGreaterThan(0);

    const before = await snapshotOrg(ctx.db, org.id);
    const outside = await client.patch(`/api/v1/programs/${p.id}`, { adoptControlsFor: ["availability"] });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().code).toBe("category_not_in_scope");
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);

    const saved = await client.patch(`/api/v1/programs/${p.id}`, {
      categories: ["security", "availability"],
      adoptControlsFor: ["availability"],
      scoped: true,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().controlCount).toBe(p.controlCount + missing.length);
    const list = (await client.get(`/api/v1/programs/${p.id}/controls?criterion=A1.2&pageSize=100`)).json();
    expect(list.items.map((c: { key: string }) => c.key)).toEqual(
      expect.arrayContaining(availability.filter((c) => c.criteria.includes("A1.2")).map((c) => c.id)),
    );
  });
});

describe("a control set to Operating without evidence", () => {
  it("explains why it shows Implemented and what would make it Operating", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", type2)).json();
    const control = (await client.get(`/api/v1/programs/${p.id}/controls?pageSize=1`)).json().items[0];
    const saved = await client.patch(`/api/v1/programs/${p.id}/controls/${control.key}`, { status: "operating" });
    expect(saved.json()).toMatchObject({ status: "implemented", manualStatus: "operating" });
    const why = (await client.get(`/api/v1/programs/${p.id}/controls/${control.key}/explanation`)).json();
    expect(why.reason).toMatch(/no evidence is linked/);
    expect(why.toOperate).toMatch(
      new RegExp(
        `^To show Operating: link evidence of its operation collected within the last .+ \\(${control.frequency}\\)\\.$`,
      ),
    );
  });
});
