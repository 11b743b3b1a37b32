import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import { member, orgWithOwner } from "../../../test/people.ts";
import { ledgerOf, snapshotOrg } from "../../../test/snapshot.ts";
import { loadContent } from "../../content/index.ts";
import { programControls, remediationItems } from "../../db/schema/index.ts";

const { ctx, app } = withTestApp();

const type2 = { name: "SOC 2 Type II 2027", reportType: "type2", windowStart: "2027-01-01", windowEnd: "2027-12-31" };

describe("programs", () => {
  it("creates a program that adopts the library controls relevant to its categories", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const res = await client.post("/api/v1/programs", type2);
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({ categories: ["security"], reportType: "type2", warnings: [] });
    const content = loadContent();
    const securityControls = content.controls.filter((c) =>
      c.criteria.some((id) => content.criteriaById.get(id)!.category === "security"),
    );
    expect(p.controlCount).toBe(securityControls.length);
    expect(p.controlCount).toBeLessThan(content.controls.length);

    const readiness = (await client.get(`/api/v1/programs/${p.id}/readiness`)).json();
    expect(readiness.criteria).toHaveLength(61);
    expect(readiness.overall).toMatchObject({ score: 0, ready: 0, total: 33 });
    const a1 = readiness.criteria.find((c: { id: string }) => c.id === "A1.1");
    expect(a1.state).toBe("not_relevant");
    expect(a1.reason).toMatch(/Availability is not among the categories/);
    expect((await ledgerOf(ctx.db, org.id)).map((e) => e.action)).toEqual(
      expect.arrayContaining(["program.created", "program.controls_adopted"]),
    );
  });

  it("warns about a short Type II window and refuses a window that ends before it starts", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const short = (
      await client.post("/api/v1/programs", { ...type2, windowEnd: "2027-02-15", adoptLibrary: false })
    ).json();
    expect(short.warnings[0]).toMatch(/under 3 months/);
    const before = await snapshotOrg(ctx.db, org.id);
    const bad = await client.patch(`/api/v1/programs/${short.id}`, { windowEnd: "2026-12-01" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: "invalid_period" });
    const unknownField = await client.patch(`/api/v1/programs/${short.id}`, { colour: "red" });
    expect(unknownField.statusCode).toBe(400);
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
  });

  it("scopes categories: adding availability brings its criteria into scope and adopt adds their controls", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", type2)).json();
    const scoped = await client.patch(`/api/v1/programs/${p.id}`, {
      categories: ["availability", "security"],
      scope: { services: "Hosted payroll", components: { infrastructure: ["AWS eu-west-1"] } },
      scoped: true,
    });
    expect(scoped.statusCode).toBe(200);
    expect(scoped.json()).toMatchObject({
      categories: ["security", "availability"],
      scope: { services: "Hosted payroll" },
    });
    expect(scoped.json().scopedAt).not.toBeNull();
    const adopted = (await client.post(`/api/v1/programs/${p.id}/adopt`, {})).json();
    expect(adopted.added.length).toBeGreaterThan(0);
    expect((await client.post(`/api/v1/programs/${p.id}/adopt`, {})).json().added).toEqual([]);
    const r = (await client.get(`/api/v1/programs/${p.id}/readiness`)).json();
    expect(r.overall.total).toBe(36);
    expect(r.categories.find((c: { id: string }) => c.id === "availability")).toMatchObject({
      inScope: true,
      total: 3,
    });
  });
});

describe("controls and readiness", () => {
  it("rises as controls are implemented, and explains each criterion", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", type2)).json();
    const list = (await client.get(`/api/v1/programs/${p.id}/controls?criterion=CC6.1&pageSize=100`)).json();
    expect(list.total).toBeGreaterThan(0);
    for (const c of list.items) expect(c.criteria).toContain("CC6.1");
    const before = (await client.get(`/api/v1/programs/${p.id}/readiness`)).json();
    for (const c of list.items) {
      const res = await client.patch(`/api/v1/programs/${p.id}/controls/${c.key}`, {
        status: "implemented",
        statusReason: "Rolled out in Q1",
      });
      expect(res.statusCode).toBe(200);
    }
    const after = (await client.get(`/api/v1/programs/${p.id}/readiness`)).json();
    const cc61 = after.criteria.find((c: { id: string }) => c.id === "CC6.1");
    expect(cc61).toMatchObject({ state: "ready", score: 1, pending: [] });
    expect(after.overall.score).toBeGreaterThan(before.overall.score);
    expect(after.overall.ready).toBeGreaterThanOrEqual(1);

    const one = (await client.get(`/api/v1/programs/${p.id}/controls/${list.items[0].key}`)).json();
    expect(one).toMatchObject({ status: "implemented", statusReason: "Rolled out in Q1" });
    expect(one.history[0]).toMatchObject({ status: "implemented", source: "manual" });
  });

  it("needs a justification to mark a control not applicable, and then leaves it out of readiness", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", type2)).json();
    const key = (await client.get(`/api/v1/programs/${p.id}/controls?pageSize=1`)).json().items[0].key;
    const before = await snapshotOrg(ctx.db, org.id);
    const refused = await client.patch(`/api/v1/programs/${p.id}/controls/${key}`, { applicable: false });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe("justification_required");
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
    const ok = await client.patch(`/api/v1/programs/${p.id}/controls/${key}`, {
      applicable: false,
      notApplicableReason: "We have no physical office; all staff are remote.",
    });
    expect(ok.json()).toMatchObject({ status: "not_applicable", applicable: false });
    expect(ok.json().statusReason).toMatch(/no physical office/);
  });

  it("adds custom controls, rejecting unknown criteria and duplicate keys", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", { ...type2, adoptLibrary: false })).json();
    const body = {
      name: "Quarterly tabletop",
      description: "Run an incident tabletop each quarter",
      criteria: ["CC7.4"],
    };
    const created = await client.post(`/api/v1/programs/${p.id}/controls`, body);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ key: "CUS-01", custom: true, status: "not_started" });
    expect((await client.post(`/api/v1/programs/${p.id}/controls`, body)).json().key).toBe("CUS-02");
    const before = await snapshotOrg(ctx.db, org.id);
    const unknown = await client.post(`/api/v1/programs/${p.id}/controls`, { ...body, criteria: ["CC99.1"] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: "unknown_criterion" });
    expect(unknown.json().detail).toContain("CC99.1");
    const dup = await client.post(`/api/v1/programs/${p.id}/controls`, { ...body, key: "CUS-01" });
    expect(dup.statusCode).toBe(409);
    const badPolicy = await client.post(`/api/v1/programs/${p.id}/controls`, { ...body, policies: ["nope"] });
    expect(badPolicy.json().code).toBe("unknown_policy");
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
  });

  it("lets a control owner update only the status and narrative of their own controls", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const ann = await member(app, ctx.db, org.id, "control_owner");
    const p = (await client.post("/api/v1/programs", { ...type2, adoptLibrary: false })).json();
    await client.post(`/api/v1/programs/${p.id}/controls`, {
      key: "CUS-07",
      name: "Ann's control",
      description: "x",
      criteria: ["CC1.1"],
      ownerUserId: ann.user.id,
    });
    await client.post(`/api/v1/programs/${p.id}/controls`, {
      key: "CUS-08",
      name: "Not Ann's",
      description: "x",
      criteria: ["CC1.1"],
    });
    const mine = await ann.client.patch(`/api/v1/programs/${p.id}/controls/CUS-07`, {
      status: "in_progress",
      narrative: "Drafting",
    });
    expect(mine.statusCode).toBe(200);
    const rename = await ann.client.patch(`/api/v1/programs/${p.id}/controls/CUS-07`, { name: "Mine now" });
    expect(rename.statusCode).toBe(403);
    expect(rename.json().detail).toMatch(/not: name/);
    const others = await ann.client.patch(`/api/v1/programs/${p.id}/controls/CUS-08`, { status: "implemented" });
    expect(others.statusCode).toBe(403);
  });

  it("refuses an owner from another organization", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const stranger = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", { ...type2, adoptLibrary: false })).json();
    const res = await client.post(`/api/v1/programs/${p.id}/controls`, {
      name: "x",
      description: "x",
      criteria: ["CC1.1"],
      ownerUserId: stranger.user.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe("unknown_owner");
  });
});

describe("self-assessment", () => {
  it("sets initial control status and opens remediation items for the gaps, once", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", type2)).json();
    const q = (await client.get(`/api/v1/programs/${p.id}/assessment`)).json();
    expect(q.total).toBe(33);
    expect(q.questions[0]).toMatchObject({ criterionId: "CC1.1", answer: null });
    const res = await client.put(`/api/v1/programs/${p.id}/assessment`, {
      answers: [
        { criterionId: "CC1.1", answer: "yes" },
        { criterionId: "CC6.1", answer: "partly", notes: "SSO for most apps" },
        { criterionId: "CC7.1", answer: "no" },
      ],
    });
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out.controlsChanged.length).toBeGreaterThan(0);
    expect(out.remediationCreated).toHaveLength(2);
    const r = (await client.get(`/api/v1/programs/${p.id}/readiness`)).json();
    expect(r.criteria.find((c: { id: string }) => c.id === "CC1.1").state).toBe("ready");
    // Answering again does not open the same gaps twice.
    const again = (
      await client.put(`/api/v1/programs/${p.id}/assessment`, { answers: [{ criterionId: "CC7.1", answer: "no" }] })
    ).json();
    expect(again.remediationCreated).toEqual([]);
    const [items] = await ctx.db
      .select({ n: count() })
      .from(remediationItems)
      .where(and(eq(remediationItems.organizationId, org.id), eq(remediationItems.programId, p.id)));
    expect(items!.n).toBe(2);
    const answered = (await client.get(`/api/v1/programs/${p.id}/assessment`)).json();
    expect(answered.answered).toBe(3);
  });

  it("refuses criteria outside the scope or answered twice, and changes nothing", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", type2)).json();
    const before = await snapshotOrg(ctx.db, org.id);
    const outside = await client.put(`/api/v1/programs/${p.id}/assessment`, {
      answers: [
        { criterionId: "CC1.1", answer: "yes" },
        { criterionId: "A1.1", answer: "yes" },
      ],
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().code).toBe("criterion_not_in_scope");
    const twice = await client.put(`/api/v1/programs/${p.id}/assessment`, {
      answers: [
        { criterionId: "CC1.1", answer: "yes" },
        { criterionId: "CC1.1", answer: "no" },
      ],
    });
    expect(twice.json().code).toBe("duplicate_answer");
    expect(await snapshotOrg(ctx.db, org.id)).toEqual(before);
    const [n] = await ctx.db.select({ n: count() }).from(programControls).where(eq(programControls.programId, p.id));
    expect(n!.n).toBeGreaterThan(0);
  });
});

describe("gaps and dashboard", () => {
  it("lists what is not ready with why and what to do, and shows the journey", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", type2)).json();
    const gaps = (await client.get(`/api/v1/programs/${p.id}/gaps`)).json();
    expect(gaps.criteria).toHaveLength(33);
    expect(gaps.criteria[0]).toMatchObject({
      why: expect.stringContaining("waiting on"),
      todo: expect.stringMatching(/^Bring/),
    });
    const d = (await client.get(`/api/v1/programs/${p.id}/dashboard`)).json();
    expect(d.journey.map((s: { id: string }) => s.id)).toEqual([
      "scope",
      "readiness",
      "policies",
      "implement",
      "monitor",
      "auditor",
      "findings",
      "improve",
    ]);
    expect(d.journey.find((s: { id: string }) => s.id === "monitor")).toMatchObject({
      available: true,
      done: false,
      left: expect.stringContaining("Connect your systems"),
    });
    expect(d.topGaps).toHaveLength(5);
    expect(d.readiness.overall.total).toBe(33);
  });
});

describe("readiness trend", () => {
  it("takes a snapshot at creation and the hourly job keeps today's latest reading", async () => {
    const { jobDefinition } = await import("../../jobs/registry.ts");
    const { client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", type2)).json();
    const first = (await client.get(`/api/v1/programs/${p.id}/readiness/trend`)).json();
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ overall: 0, ready: 0, total: 33 });
    await client.put(`/api/v1/programs/${p.id}/assessment`, { answers: [{ criterionId: "CC1.1", answer: "yes" }] });
    const progress = async () => {};
    await jobDefinition("readiness.snapshot")!.run(ctx, {} as never, { progress } as never);
    const after = (await client.get(`/api/v1/programs/${p.id}/readiness/trend`)).json();
    expect(after).toHaveLength(1);
    expect(after[0].ready).toBe(1);
    expect(after[0].overall).toBeGreaterThan(0);
  });
});

describe("content", () => {
  it("shows framework coverage by the library and by a program's applicable controls", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const library = (await client.get("/api/v1/content/frameworks")).json().items;
    const iso = library.find((f: { id: string }) => f.id === "iso27001-2022");
    expect(iso).toMatchObject({
      total: 118,
      parts: [
        { id: "clauses", total: 25 },
        { id: "annex-a", total: 93 },
      ],
    });
    const p = (await client.post("/api/v1/programs", { ...type2, adoptLibrary: false })).json();
    const empty = (await client.get(`/api/v1/content/frameworks/iso27001-2022?programId=${p.id}`)).json();
    expect(empty.covered).toBe(0);
    await client.post(`/api/v1/programs/${p.id}/adopt`, {});
    const adopted = (await client.get(`/api/v1/content/frameworks/iso27001-2022?programId=${p.id}`)).json();
    expect(adopted.covered).toBeGreaterThan(40);
    expect(adopted.requirements[0].controls.length).toBeGreaterThan(0);
    expect((await client.get("/api/v1/content/frameworks/nope")).statusCode).toBe(404);
    const stranger = await orgWithOwner(app, ctx.db);
    expect((await stranger.client.get(`/api/v1/content/frameworks?programId=${p.id}`)).statusCode).toBe(404);
  });
});
