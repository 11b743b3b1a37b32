import { describe, expect, it } from "vitest";
import {
  type CoveredSystem,
  exerciseCheck,
  formatMinutes,
  objectiveOutcome,
  planCheck,
  restoreCheck,
  toMinutes,
} from "./continuity.ts";

const now = new Date("2027-03-15T12:00:00Z");

describe("continuity rules", () => {
  it("converts and writes durations", () => {
    expect(toMinutes(4, "hours")).toBe(240);
    expect(toMinutes(1.5, "hours")).toBe(90);
    expect(toMinutes(15, "minutes")).toBe(15);
    expect(formatMinutes(90)).toBe("1 h 30 min");
    expect(formatMinutes(120)).toBe("2 h");
    expect(formatMinutes(45)).toBe("45 min");
  });

  it("judges a test against RTO and RPO separately; an RPO above the RTO is allowed", () => {
    expect(objectiveOutcome({ rtoMinutes: 60, rpoMinutes: 15 }, { recoveryMinutes: 45, dataLossMinutes: 10 })).toEqual({
      rto: "met",
      rpo: "met",
      overall: "met",
    });
    expect(objectiveOutcome({ rtoMinutes: 60, rpoMinutes: 15 }, { recoveryMinutes: 90, dataLossMinutes: 10 })).toEqual({
      rto: "missed",
      rpo: "met",
      overall: "missed",
    });
    // Exactly on the objective meets it.
    expect(objectiveOutcome({ rtoMinutes: 60, rpoMinutes: null }, { recoveryMinutes: 60, dataLossMinutes: 5 })).toEqual(
      {
        rto: "met",
        rpo: "not_measured",
        overall: "met",
      },
    );
    expect(
      objectiveOutcome({ rtoMinutes: 30, rpoMinutes: 240 }, { recoveryMinutes: null, dataLossMinutes: null }).overall,
    ).toBe("not_measured");
  });

  const t = (over: Partial<CoveredSystem> = {}): CoveredSystem => ({
    assetId: "db",
    kind: "restore_test",
    performedOn: "2027-01-10",
    result: "pass",
    outcome: "met",
    ...over,
  });
  const systems = [{ assetId: "db", name: "Main database" }];

  it("AVL-03: every system with an RPO passed a restore test meeting its objectives in the last quarter", () => {
    expect(restoreCheck([], [], now)).toBeNull();
    expect(restoreCheck(systems, [t()], now)?.state).toBe("met");
    expect(restoreCheck(systems, [t({ outcome: "missed" })], now)).toMatchObject({ state: "not_met" });
    expect(restoreCheck(systems, [t({ result: "partial" })], now)?.state).toBe("not_met");
    expect(restoreCheck(systems, [t({ kind: "failover_drill" })], now)?.state).toBe("not_met");
    expect(restoreCheck(systems, [t({ performedOn: "2025-12-01" })], now)?.state).toBe("lapsed");
    // The control says quarterly: three months to the day still counts, a day more has lapsed.
    expect(restoreCheck(systems, [t({ performedOn: "2026-12-16" })], now)?.state).toBe("met");
    expect(restoreCheck(systems, [t({ performedOn: "2026-12-14" })], now)).toMatchObject({
      state: "lapsed",
      reason: expect.stringContaining("last 3 months"),
    });
    expect(restoreCheck([...systems, { assetId: "s3", name: "Files" }], [t()], now)?.reason).toContain("Files");
  });

  it("AVL-04: a plan reviewed in the last 12 months", () => {
    expect(planCheck([], now).state).toBe("not_met");
    expect(planCheck([{ name: "BCP", lastReviewedOn: null }], now).state).toBe("not_met");
    expect(planCheck([{ name: "BCP", lastReviewedOn: "2025-01-01" }], now).state).toBe("lapsed");
    expect(
      planCheck(
        [
          { name: "Old", lastReviewedOn: "2025-01-01" },
          { name: "DR", lastReviewedOn: "2026-06-01" },
        ],
        now,
      ),
    ).toMatchObject({ state: "met", reason: expect.stringContaining("DR") });
  });

  it("AVL-05: a failover drill or exercise in the last 12 months; restore tests alone do not count", () => {
    expect(exerciseCheck([{ kind: "restore_test", performedOn: "2027-01-01" }], now).state).toBe("not_met");
    expect(exerciseCheck([{ kind: "failover_drill", performedOn: "2025-01-01" }], now).state).toBe("lapsed");
    expect(exerciseCheck([{ kind: "continuity_exercise", performedOn: "2026-10-01" }], now).state).toBe("met");
  });
});
