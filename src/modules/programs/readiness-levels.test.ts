/**
 * Honest readiness through the API: every score exists at three levels of proof (declared ⊇ evidenced ⊇ operating),
 * a questionnaire moves only the declared one, and the headline is the level the report type needs.
 */
import { describe, expect, it } from "vitest";
import { withTestApp } from "../../../test/app.ts";
import type { TestClient } from "../../../test/client.ts";
import { orgWithOwner } from "../../../test/people.ts";
import { expectDerivedStateFresh } from "../../../test/readiness.ts";
import { multipart } from "../evidence/testing.ts";

const { ctx, app } = withTestApp();

type Level = { score: number; ready: number };
type Levels = { declared: Level; evidenced: Level; operating: Level };
type CriterionLevel = { state: string; score: number; done: number; pending: string[] };
interface ReadinessAnswer {
  headline: string;
  overall: { score: number; ready: number; total: number; levels: Levels };
  categories: { id: string; levels: Levels }[];
  criteria: {
    id: string;
    applicable: number;
    levels: { declared: CriterionLevel; evidenced: CriterionLevel; operating: CriterionLevel };
  }[];
}

const program = (reportType: "type1" | "type2", adoptLibrary = true) => ({
  name: `SOC 2 ${reportType} 2027`,
  reportType,
  ...(reportType === "type2" ? { windowStart: "2027-01-01", windowEnd: "2027-12-31" } : { asOfDate: "2027-06-30" }),
  adoptLibrary,
});

async function readiness(client: TestClient, programId: string): Promise<ReadinessAnswer> {
  const res = await client.get(`/api/v1/programs/${programId}/readiness`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

describe("readiness by level of proof", () => {
  it("a self-assessment raises declared readiness only; the Type II headline stays at operating", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", program("type2"))).json();
    const before = await readiness(client, p.id);
    expect(before.headline).toBe("operating");
    const zero = { score: 0, ready: 0 };
    expect(before.overall.levels).toEqual({ declared: zero, evidenced: zero, operating: zero });

    const assessment = (await client.get(`/api/v1/programs/${p.id}/assessment`)).json();
    const answers = (assessment.questions as { criterionId: string }[]).map((q) => ({
      criterionId: q.criterionId,
      answer: "yes",
    }));
    const res = await client.put(`/api/v1/programs/${p.id}/assessment`, { answers });
    expect(res.statusCode, res.body).toBe(200);

    const after = await readiness(client, p.id);
    expect(after.overall.levels.declared.score).toBeGreaterThan(0.3);
    expect(after.overall.levels.evidenced).toEqual(zero);
    expect(after.overall.levels.operating).toEqual(zero);
    for (const c of after.criteria.filter((x) => x.applicable > 0)) {
      expect(c.levels.evidenced.score, c.id).toBe(0);
      expect(c.levels.operating.pending, c.id).toHaveLength(c.applicable);
    }
    const security = after.categories.find((c) => c.id === "security")!;
    expect(security.levels.declared.score).toBeGreaterThan(0);
    expect(security.levels.operating.score).toBe(0);
    // The dashboard answers the same numbers with the same headline.
    const dash = (await client.get(`/api/v1/programs/${p.id}/dashboard`)).json();
    expect(dash.readiness.headline).toBe("operating");
    expect(dash.readiness.overall.levels).toEqual(after.overall.levels);
    // So does the certification journey: nothing operates yet, so no criterion is counted ready there either.
    const stage = dash.journey.find((s: { id: string }) => s.id === "readiness");
    expect(stage).toMatchObject({
      done: false,
      left: `${after.overall.total} of ${after.overall.total} criteria are not operating yet.`,
    });
    await expectDerivedStateFresh(ctx.db, org.id, p.id);
  });

  it("headlines a Type I program at evidenced", async () => {
    const { client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", program("type1", false))).json();
    expect((await readiness(client, p.id)).headline).toBe("evidenced");
  });

  it("current evidence makes a control evidenced; it is operating only without anything wrong", async () => {
    const { org, client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", program("type2", false))).json();
    for (const key of ["CUS-01", "CUS-02", "CUS-03"]) {
      const res = await client.post(`/api/v1/programs/${p.id}/controls`, {
        key,
        name: `Control ${key}`,
        description: "Reviewed every quarter.",
        frequency: "quarterly",
        criteria: ["CC6.1"],
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    // CUS-01 declared only; CUS-02 flagged by a person as needing attention, with evidence; CUS-03 evidence only.
    await client.patch(`/api/v1/programs/${p.id}/controls/CUS-01`, { status: "implemented" });
    await client.patch(`/api/v1/programs/${p.id}/controls/CUS-02`, { status: "needs_attention" });
    const { payload, headers } = multipart([
      { name: "programId", value: p.id },
      { name: "controls", value: "CUS-02" },
      { name: "controls", value: "CUS-03" },
      { name: "file", filename: "review.txt", content: "Access review: 42 accounts reviewed\n" },
    ]);
    const ev = await client.request("POST", "/api/v1/evidence", payload, { headers });
    expect(ev.statusCode, ev.body).toBe(201);

    const cc61 = (await readiness(client, p.id)).criteria.find((c) => c.id === "CC6.1")!;
    expect(cc61.levels.declared).toMatchObject({ done: 3, pending: [] });
    expect(cc61.levels.evidenced).toMatchObject({ done: 2, pending: ["CUS-01"] });
    expect(cc61.levels.operating).toMatchObject({ done: 1, pending: ["CUS-01", "CUS-02"] });
    await expectDerivedStateFresh(ctx.db, org.id, p.id);
  });

  it("the daily snapshot records each level for the trend", async () => {
    const { jobDefinition } = await import("../../jobs/registry.ts");
    const { client } = await orgWithOwner(app, ctx.db);
    const p = (await client.post("/api/v1/programs", program("type2"))).json();
    await client.put(`/api/v1/programs/${p.id}/assessment`, { answers: [{ criterionId: "CC1.1", answer: "yes" }] });
    await jobDefinition("readiness.snapshot")!.run(ctx, {} as never, { progress: async () => {} } as never);
    const [today] = (await client.get(`/api/v1/programs/${p.id}/readiness/trend`)).json();
    expect(today.levels.declared).toMatchObject({ ready: 1 });
    expect(today.levels.declared.overall).toBeGreaterThan(0);
    expect(today.levels.declared.byCategory.security).toBeGreaterThan(0);
    expect(today.levels.operating).toMatchObject({ overall: 0, ready: 0 });
  });
});
