import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONTROL_STATUSES, type ControlStatus } from "./control-status.ts";
import { computeReadiness, criterionReadiness, type ReadinessControlInput, rollUp } from "./readiness.ts";

const crit = (id: string, category = "security", inScope = true) => ({ id, category, inScope });
const ctl = (key: string, status: ControlStatus, criteria: string[]): ReadinessControlInput => ({
  key,
  status,
  criteria,
});

describe("criterionReadiness", () => {
  it("is ready only when every applicable mapped control is implemented or operating", () => {
    expect(criterionReadiness(crit("CC1.1"), [ctl("A", "implemented", []), ctl("B", "operating", [])]).state).toBe(
      "ready",
    );
    const r = criterionReadiness(crit("CC1.1"), [ctl("A", "implemented", []), ctl("B", "in_progress", [])]);
    expect(r).toMatchObject({ state: "not_ready", score: 0.5, applicable: 2, done: 1, pending: ["B"] });
    expect(r.reason).toContain("waiting on B");
  });

  it("ignores not-applicable controls, but a criterion needs at least one applicable control", () => {
    expect(
      criterionReadiness(crit("CC1.1"), [ctl("A", "operating", []), ctl("N", "not_applicable", [])]),
    ).toMatchObject({ state: "ready", applicable: 1, notApplicable: 1 });
    const none = criterionReadiness(crit("CC1.1"), [ctl("N", "not_applicable", [])]);
    expect(none).toMatchObject({ state: "not_ready", score: 0 });
    expect(none.reason).toMatch(/not applicable/);
    expect(criterionReadiness(crit("CC1.1"), []).reason).toMatch(/No control/);
  });

  it("marks out-of-scope criteria not relevant, with the reason", () => {
    const r = criterionReadiness(
      { ...crit("A1.1", "availability", false), notRelevantReason: "Availability is not in scope" },
      [ctl("A", "not_started", [])],
    );
    expect(r).toMatchObject({ state: "not_relevant", reason: "Availability is not in scope" });
  });
});

const statusArb = fc.constantFrom(...CONTROL_STATUSES);
const ids = ["CC1.1", "CC1.2", "CC2.1", "A1.1", "C1.1"];
const scenario = fc.record({
  inScope: fc.array(fc.boolean(), { minLength: ids.length, maxLength: ids.length }),
  controls: fc.array(fc.record({ status: statusArb, criteria: fc.subarray(ids, { minLength: 1 }) }), { maxLength: 20 }),
});
const categoryOf = (id: string) =>
  id.startsWith("CC") ? "security" : id.startsWith("A") ? "availability" : "confidentiality";

describe("roll-up properties", () => {
  it("scores stay within 0..1, ready criteria score 1, and the overall is the mean of in-scope criteria", () => {
    fc.assert(
      fc.property(scenario, ({ inScope, controls }) => {
        const criteria = ids.map((id, i) => crit(id, categoryOf(id), inScope[i]!));
        const r = computeReadiness(
          criteria,
          controls.map((c, i) => ctl(`C${i}`, c.status, c.criteria)),
          ["security", "availability", "confidentiality"],
        );
        for (const c of r.criteria) {
          expect(c.score).toBeGreaterThanOrEqual(0);
          expect(c.score).toBeLessThanOrEqual(1);
          if (c.state === "ready") expect(c.score).toBe(1);
          if (c.state !== "not_relevant") expect(c.done + c.pending.length).toBe(c.applicable);
        }
        const counted = r.criteria.filter((c) => c.state !== "not_relevant");
        expect(r.overall.total).toBe(counted.length);
        const mean = counted.length ? counted.reduce((s, c) => s + c.score, 0) / counted.length : 0;
        expect(r.overall.score).toBeCloseTo(mean, 10);
      }),
    );
  });

  it("never lowers a criterion's score when one of its controls becomes implemented", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ inScope, controls }, pick) => {
        fc.pre(controls.length > 0);
        const criteria = ids.map((id, i) => crit(id, categoryOf(id), inScope[i]!));
        const before = controls.map((c, i) => ctl(`C${i}`, c.status, c.criteria));
        const idx = pick % before.length;
        fc.pre(before[idx]!.status !== "not_applicable");
        const after = before.map((c, i) => (i === idx ? { ...c, status: "implemented" as const } : c));
        const cats = ["security", "availability", "confidentiality"];
        const a = computeReadiness(criteria, before, cats);
        const b = computeReadiness(criteria, after, cats);
        for (let i = 0; i < ids.length; i++) expect(b.criteria[i]!.score).toBeGreaterThanOrEqual(a.criteria[i]!.score);
        expect(b.overall.score).toBeGreaterThanOrEqual(a.overall.score - 1e-12);
      }),
    );
  });

  it("rolls up categories from criteria alone, so a partial update gives the same answer as a full one", () => {
    fc.assert(
      fc.property(scenario, ({ inScope, controls }) => {
        const criteria = ids.map((id, i) => crit(id, categoryOf(id), inScope[i]!));
        const cats = ["security", "availability", "confidentiality"];
        const full = computeReadiness(
          criteria,
          controls.map((c, i) => ctl(`C${i}`, c.status, c.criteria)),
          cats,
        );
        expect(rollUp(full.criteria, cats)).toEqual({ categories: full.categories, overall: full.overall });
      }),
    );
  });
});
