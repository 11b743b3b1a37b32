import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONTROL_STATUSES, type ControlStatus } from "./control-status.ts";
import {
  computeReadiness,
  controlLevel,
  criterionReadiness,
  headlineLevel,
  READINESS_LEVELS,
  type ReadinessControlInput,
  type ReadinessLevel,
  rollUp,
} from "./readiness.ts";

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

describe("levels of proof", () => {
  it("a control declared without evidence reaches only the declared level", () => {
    expect(controlLevel({ status: "implemented", declared: true, evidenceCurrent: false })).toBe("declared");
    // The self-assessment's "yes" is a declaration however it is stored, and stays one when a test fails.
    expect(controlLevel({ status: "needs_attention", declared: true, evidenceCurrent: false })).toBe("declared");
    expect(controlLevel({ status: "not_started", declared: false, evidenceCurrent: false })).toBeNull();
    expect(controlLevel({ status: "in_progress", declared: false, evidenceCurrent: false })).toBeNull();
  });

  it("current evidence makes a control evidenced; operating needs the operating status too", () => {
    // Current evidence but a failing test: evidenced, not operating.
    expect(controlLevel({ status: "needs_attention", declared: true, evidenceCurrent: true })).toBe("evidenced");
    expect(controlLevel({ status: "operating", declared: false, evidenceCurrent: true })).toBe("operating");
    expect(controlLevel({ status: "not_applicable", declared: true, evidenceCurrent: true })).toBeNull();
  });

  it("counts a criterion at each level: a questionnaire moves only the declared score", () => {
    const mapped = [
      { ...ctl("A", "implemented", []), level: "declared" as const },
      { ...ctl("B", "implemented", []), level: "declared" as const },
      { ...ctl("C", "needs_attention", []), level: "evidenced" as const },
      { ...ctl("D", "operating", []), level: "operating" as const },
      { ...ctl("N", "not_applicable", []), level: null },
    ];
    const r = criterionReadiness(crit("CC6.1"), mapped);
    expect(r.levels.declared).toEqual({ state: "ready", score: 1, done: 4, pending: [] });
    expect(r.levels.evidenced).toEqual({ state: "not_ready", score: 0.5, done: 2, pending: ["A", "B"] });
    expect(r.levels.operating).toEqual({ state: "not_ready", score: 0.25, done: 1, pending: ["A", "B", "C"] });
    const onlyDeclared = criterionReadiness(crit("CC6.1"), mapped.slice(0, 2));
    expect(onlyDeclared.levels.declared.score).toBe(1);
    expect(onlyDeclared.levels.evidenced).toMatchObject({ state: "not_ready", score: 0 });
    expect(onlyDeclared.levels.operating).toMatchObject({ state: "not_ready", score: 0 });
  });

  it("rolls each level up like the score, and headlines Type II at operating, Type I at evidenced", () => {
    const criteria = [crit("CC1.1"), crit("CC1.2"), crit("A1.1", "availability", false)];
    const controls = [
      { ...ctl("A", "implemented", ["CC1.1"]), level: "declared" as const },
      { ...ctl("B", "operating", ["CC1.2"]), level: "operating" as const },
    ];
    const r = computeReadiness(criteria, controls, ["security", "availability"]);
    expect(r.overall.levels).toEqual({
      declared: { score: 1, ready: 2 },
      evidenced: { score: 0.5, ready: 1 },
      operating: { score: 0.5, ready: 1 },
    });
    expect(r.categories[1]).toMatchObject({ inScope: false, levels: { declared: { score: 0, ready: 0 } } });
    expect(headlineLevel("type2")).toBe("operating");
    expect(headlineLevel("type1")).toBe("evidenced");
  });

  it("keeps operating within evidenced within declared, everywhere", () => {
    const levelArb = fc.constantFrom<ReadinessLevel | null>(null, ...READINESS_LEVELS);
    fc.assert(
      fc.property(scenario, fc.array(levelArb, { minLength: 20, maxLength: 20 }), ({ inScope, controls }, levels) => {
        const criteria = ids.map((id, i) => crit(id, categoryOf(id), inScope[i]!));
        const r = computeReadiness(
          criteria,
          controls.map((c, i) => ({ ...ctl(`C${i}`, c.status, c.criteria), level: levels[i]! })),
          ["security", "availability", "confidentiality"],
        );
        for (const c of r.criteria) {
          const { declared, evidenced, operating } = c.levels;
          expect(operating.done).toBeLessThanOrEqual(evidenced.done);
          expect(evidenced.done).toBeLessThanOrEqual(declared.done);
          for (const key of declared.pending) expect(operating.pending).toContain(key);
        }
        const o = r.overall.levels;
        expect(o.operating.score).toBeLessThanOrEqual(o.evidenced.score + 1e-12);
        expect(o.evidenced.score).toBeLessThanOrEqual(o.declared.score + 1e-12);
      }),
    );
  });
});
