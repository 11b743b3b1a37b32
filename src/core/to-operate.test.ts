import { describe, expect, it } from "vitest";
import { type ControlSignals, controlStatus, type ManualStatus, toOperate } from "./control-status.ts";

const now = new Date("2027-03-01T00:00:00Z");
const signals = (patch: { evidence?: Partial<ControlSignals["evidence"]>; failing?: number }): ControlSignals => ({
  evidence: { state: "missing", count: 0, latestCollectedAt: null, staleAt: null, reason: "", ...patch.evidence },
  tests: { failing: patch.failing ?? 0, passing: 0, excepted: 0, since: null, failingTests: [] },
});
const explain = (status: ManualStatus, s: ControlSignals, frequency = "quarterly", freshDays?: number) => {
  const manual = { status, reason: "", setAt: now };
  const verdict = controlStatus({ applicable: true, manual, signals: s, now });
  return { shown: verdict.status, toOperate: toOperate(verdict, { manual, signals: s, frequency, freshDays, now }) };
};

describe("what would make a control Operating", () => {
  it("names evidence within the control's frequency when Operating was set without evidence", () => {
    expect(explain("operating", signals({}))).toEqual({
      shown: "implemented",
      toOperate: "To show Operating: link evidence of its operation collected within the last 3 months (quarterly).",
    });
    expect(explain("operating", signals({}), "annually", 45).toOperate).toBe(
      "To show Operating: link evidence of its operation collected within the last 45 days.",
    );
  });

  it("names the failing tests and stale evidence, and says nothing once it operates", () => {
    const stale = signals({
      evidence: {
        state: "stale",
        count: 1,
        staleAt: "2027-02-01T00:00:00Z",
        latestCollectedAt: "2026-10-01T00:00:00Z",
      },
      failing: 2,
    });
    expect(explain("operating", stale).toOperate).toBe(
      "To show Operating: link evidence collected within the last 3 months (quarterly): the latest is stale; and make its 2 failing monitoring tests pass, or accept the failures with an exception.",
    );
    const current = signals({
      evidence: {
        state: "current",
        count: 1,
        staleAt: "2027-06-01T00:00:00Z",
        latestCollectedAt: "2027-02-01T00:00:00Z",
      },
    });
    expect(explain("implemented", current)).toEqual({ shown: "operating", toOperate: null });
  });
});
