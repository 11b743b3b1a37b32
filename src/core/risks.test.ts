import { describe, expect, it } from "vitest";
import {
  assessmentCheck,
  assessmentFrozen,
  DEFAULT_RISK_SCALES,
  fraudCheck,
  levelRange,
  type RiskFacts,
  registerCheck,
  reviewOverdue,
  riskLevel,
  riskProblem,
  riskRules,
  riskScore,
  scalesProblem,
  signOffRefusal,
  treatmentState,
} from "./risks.ts";

const base: RiskFacts = {
  likelihood: 4,
  impact: 4,
  residualLikelihood: null,
  residualImpact: null,
  treatment: null,
  treatmentPlan: null,
};
const t = DEFAULT_RISK_SCALES.thresholds;

describe("risk scores and levels", () => {
  it("multiplies likelihood by impact and bands the score", () => {
    expect(riskScore(4, 5)).toBe(20);
    expect([1, 4, 5, 9, 10, 16, 20, 25].map((s) => riskLevel(s, t))).toEqual([
      "low",
      "low",
      "medium",
      "medium",
      "high",
      "high",
      "critical",
      "critical",
    ]);
  });

  it("gives each level a score range that agrees with riskLevel", () => {
    for (let s = 1; s <= 25; s++) {
      const level = riskLevel(s, t);
      const [from, to] = levelRange(level, t);
      expect(s >= from && (to === null || s < to)).toBe(true);
    }
  });

  it("accepts 3 to 5 labelled levels and rising thresholds", () => {
    expect(scalesProblem(DEFAULT_RISK_SCALES)).toBeNull();
    const three = { likelihood: ["Low", "Medium", "High"], impact: ["Low", "Medium", "High"] };
    expect(scalesProblem({ ...three, thresholds: { medium: 3, high: 5, critical: 9 } })).toBeNull();
    expect(scalesProblem({ ...three, thresholds: { medium: 3, high: 5, critical: 10 } })).toMatch(/≤ 9/);
    expect(scalesProblem({ ...three, thresholds: { medium: 5, high: 5, critical: 9 } })).toMatch(/must rise/);
    expect(scalesProblem({ ...DEFAULT_RISK_SCALES, likelihood: ["a", "b"] })).toMatch(/2 levels: use 3 to 5/);
    expect(scalesProblem({ ...DEFAULT_RISK_SCALES, impact: ["a", "b", "c", "d", "e", "f"] })).toMatch(/6 levels/);
    expect(scalesProblem({ ...DEFAULT_RISK_SCALES, impact: ["a", " ", "c"] })).toMatch(/needs a label/);
    expect(scalesProblem({ ...DEFAULT_RISK_SCALES, impact: ["Low", "low", "c"] })).toMatch(/“Low” twice/);
  });
});

describe("risk record rules", () => {
  it("keeps ratings on the scale", () => {
    expect(riskRules.onScale({ ...base, likelihood: 6 }, DEFAULT_RISK_SCALES)).toMatch(
      /likelihood must be from 1 to 5/,
    );
    expect(riskRules.onScale({ ...base, residualImpact: 0, residualLikelihood: 1 }, DEFAULT_RISK_SCALES)).toMatch(
      /residual impact/,
    );
    expect(riskRules.onScale(base, DEFAULT_RISK_SCALES)).toBeNull();
  });

  it("refuses a residual rating above the inherent one, on either axis", () => {
    expect(riskRules.residualWithinInherent({ ...base, residualLikelihood: 5, residualImpact: 1 })).toMatch(
      /may not exceed the inherent one/,
    );
    expect(riskRules.residualWithinInherent({ ...base, residualLikelihood: 1, residualImpact: 5 })).not.toBeNull();
    expect(riskRules.residualWithinInherent({ ...base, residualLikelihood: 4, residualImpact: 4 })).toBeNull();
    expect(riskRules.residualComplete({ ...base, residualLikelihood: 2 })).toMatch(/both/);
  });

  it("wants a justification for an accepted risk", () => {
    expect(riskRules.acceptJustified({ ...base, treatment: "accept", treatmentPlan: "  " })).toMatch(/justification/);
    expect(riskRules.acceptJustified({ ...base, treatment: "accept", treatmentPlan: "Below appetite" })).toBeNull();
    expect(riskRules.acceptJustified({ ...base, treatment: "transfer" })).toBeNull();
    expect(riskProblem({ ...base, treatment: "accept" }, DEFAULT_RISK_SCALES)).toMatch(/justification/);
  });

  it("counts mitigation as treatment only with a linked control", () => {
    expect(treatmentState(null, 3)).toBe("untreated");
    expect(treatmentState("mitigate", 0)).toBe("needs_controls");
    expect(treatmentState("mitigate", 1)).toBe("treated");
    expect(treatmentState("transfer", 0)).toBe("treated");
  });

  it("flags open risks past their review date", () => {
    expect(reviewOverdue("open", "2026-01-01", "2026-01-02")).toBe(true);
    expect(reviewOverdue("open", "2026-01-02", "2026-01-02")).toBe(false);
    expect(reviewOverdue("closed", "2026-01-01", "2026-01-02")).toBe(false);
    expect(reviewOverdue("open", null, "2026-01-02")).toBe(false);
  });

  it("freezes completed assessments", () => {
    expect(assessmentFrozen("completed")).toMatch(/frozen/);
    expect(assessmentFrozen("in_progress")).toBeNull();
  });
});

describe("risk control checks", () => {
  const now = new Date("2026-12-07T12:00:00Z");

  it("RSK-02: met within 12 months of the last signed-off assessment, lapsed after", () => {
    const done = (completed: string, signed: string | null = completed) => ({
      name: "FY",
      completedAt: new Date(`${completed}T09:00:00Z`),
      signedOffAt: signed ? new Date(`${signed}T10:00:00Z`) : null,
    });
    expect(assessmentCheck([], now)).toBeNull();
    expect(assessmentCheck([done("2026-01-10", "2026-01-12")], now)).toMatchObject({
      state: "met",
      reason: expect.stringMatching(/2026-01-10 and signed off on 2026-01-12.*2027-01-10/),
    });
    expect(assessmentCheck([done("2025-12-06")], now)).toMatchObject({ state: "lapsed" });
    expect(assessmentCheck([done("2025-12-07")], now)?.state).toBe("met");
  });

  it("RSK-02: a completed assessment counts only once someone signs it off", () => {
    const waiting = { name: "FY2026", completedAt: new Date("2026-11-01T09:00:00Z"), signedOffAt: null };
    expect(assessmentCheck([waiting], now)).toMatchObject({
      state: "not_met",
      reason: expect.stringMatching(/FY2026.*2026-11-01 awaits sign-off/),
    });
    const old = { name: "FY2024", completedAt: new Date("2024-11-01T09:00:00Z"), signedOffAt: new Date("2024-11-02") };
    expect(assessmentCheck([old, waiting], now)).toMatchObject({
      state: "lapsed",
      reason: expect.stringMatching(/2024-11-01.*FY2026.*awaits sign-off/),
    });
    // An unsigned assessment older than the signed one is not named.
    const signed = { ...waiting, name: "FY2026b", signedOffAt: new Date("2026-11-03T09:00:00Z") };
    expect(assessmentCheck([{ ...old, signedOffAt: null }, signed], now)?.reason).not.toMatch(/awaits/);
  });

  it("sign-off: after completion, once, and by someone other than who completed it", () => {
    const completed = { status: "completed" as const, completedBy: "u1", signedOffAt: null };
    expect(signOffRefusal(completed, "u2")).toBeNull();
    expect(signOffRefusal(completed, "u1")).toMatchObject({ status: 403, code: "self_approval" });
    expect(signOffRefusal({ ...completed, signedOffAt: new Date() }, "u2")).toMatchObject({
      status: 409,
      code: "already_signed_off",
    });
    expect(signOffRefusal({ ...completed, status: "in_progress" }, "u2")).toMatchObject({ status: 409 });
    // Completed by no one in particular (a system actor): anyone with the right signs it off.
    expect(signOffRefusal({ ...completed, completedBy: null }, "u1")).toBeNull();
  });

  it("RSK-03: every open risk has an owner, a treatment and a review date to come", () => {
    const ok = { title: "A", ownerUserId: "u", treatment: "mitigate" as const, reviewDate: "2027-01-01" };
    expect(registerCheck([], "2026-12-07")).toBeNull();
    expect(registerCheck([ok], "2026-12-07")).toMatchObject({ state: "met" });
    const r = registerCheck(
      [ok, { ...ok, title: "B", ownerUserId: null }, { ...ok, title: "C", reviewDate: "2026-01-01", treatment: null }],
      "2026-12-07",
    );
    expect(r).toMatchObject({ state: "not_met" });
    expect(r!.reason).toBe(
      "Of 3 open risks, 1 has no owner; 1 has no treatment; 1 has a review date in the past (“B”, “C”). Give each an owner, a treatment and a next review date.",
    );
  });

  it("RSK-04: a fraud risk in the register and in the last assessment", () => {
    expect(fraudCheck(0, null, false)).toBeNull();
    expect(fraudCheck(0, null, true)).toMatchObject({ state: "not_met", reason: expect.stringMatching(/No fraud/) });
    expect(fraudCheck(1, null, true)).toMatchObject({
      state: "not_met",
      reason: expect.stringMatching(/no risk assessment/),
    });
    expect(fraudCheck(1, { name: "2026", fraudRisks: 0 }, true)).toMatchObject({ state: "not_met" });
    expect(fraudCheck(2, { name: "2026", fraudRisks: 2 }, true)).toMatchObject({
      state: "met",
      reason: "The last risk assessment (“2026”) assessed 2 fraud risks.",
    });
  });
});
