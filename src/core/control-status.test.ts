import { describe, expect, it } from "vitest";
import { type ControlSignals, type ControlStatusInput, controlStatus, evidenceStateAt } from "./control-status.ts";

const NOW = new Date("2027-03-01T12:00:00Z");
const evidence = (over: Partial<ControlSignals["evidence"]> = {}): ControlSignals["evidence"] => ({
  state: "current",
  count: 2,
  latestCollectedAt: "2027-02-20T09:00:00.000Z",
  staleAt: "2027-06-15T00:00:00.000Z",
  reason: "Evidence is current until 2027-06-15.",
  ...over,
});
const tests = (over: Partial<ControlSignals["tests"]> = {}): ControlSignals["tests"] => ({
  failing: 0,
  passing: 0,
  excepted: 0,
  since: null,
  failingTests: [],
  ...over,
});
const input = (status: ControlStatusInput["manual"]["status"], signals: ControlSignals | null): ControlStatusInput => ({
  applicable: true,
  manual: { status, reason: "", setAt: new Date("2027-01-10T00:00:00Z") },
  signals,
  now: NOW,
});

describe("control status rule", () => {
  it("is not applicable whatever the signals say", () => {
    const v = controlStatus({
      ...input("operating", { evidence: evidence(), tests: tests({ failing: 3 }) }),
      applicable: false,
      notApplicableReason: "No card data",
    });
    expect(v).toMatchObject({
      status: "not_applicable",
      source: "applicability",
      reason: "Not applicable: No card data",
    });
  });

  it("puts a control with a failing test in needs attention, naming the tests, whatever people said", () => {
    const failing = tests({
      failing: 3,
      passing: 5,
      since: "2027-02-27T08:00:00.000Z",
      failingTests: [
        { testId: "postgres.ssl", title: "SSL is on", resources: 1 },
        { testId: "postgres.logging", title: "Connections are logged", resources: 2 },
      ],
    });
    for (const manual of ["operating", "implemented", "not_started"] as const) {
      const v = controlStatus(input(manual, { evidence: evidence(), tests: failing }));
      expect(v.status).toBe("needs_attention");
      expect(v.source).toBe("tests");
      expect(v.reason).toBe(
        '2 monitoring tests fail since 2027-02-27: "SSL is on" on 1 resource, "Connections are logged" on 2 resources.',
      );
      expect(v.since?.toISOString()).toBe("2027-02-27T08:00:00.000Z");
    }
  });

  it("is operating with current evidence and no failing test, and says what vouches for it", () => {
    const v = controlStatus(input("not_started", { evidence: evidence(), tests: tests({ passing: 4, excepted: 1 }) }));
    expect(v).toMatchObject({ status: "operating", source: "evidence" });
    expect(v.reason).toBe(
      "Operating: current evidence (2 pieces, latest collected 2027-02-20, fresh until 2027-06-15); 4 passing checks; 1 failure accepted by an exception.",
    );
  });

  it("ages stored evidence: past its stale day it is stale and the control needs attention", () => {
    const e = evidence({ staleAt: "2027-02-28T00:00:00.000Z" });
    expect(evidenceStateAt(e, NOW)).toBe("stale");
    expect(evidenceStateAt(e, new Date("2027-02-27T23:59:59Z"))).toBe("current");
    const v = controlStatus(input("operating", { evidence: e, tests: tests() }));
    expect(v).toMatchObject({ status: "needs_attention", source: "evidence" });
    expect(v.reason).toContain("went stale on 2027-02-28");
  });

  it("does not call a control operating without evidence, even when marked so", () => {
    const none = {
      evidence: evidence({ state: "missing", count: 0, latestCollectedAt: null, staleAt: null }),
      tests: tests({ passing: 2 }),
    };
    expect(controlStatus(input("operating", none))).toMatchObject({ status: "implemented", source: "evidence" });
    expect(controlStatus(input("operating", null))).toMatchObject({ status: "implemented", source: "evidence" });
    expect(controlStatus(input("in_progress", none))).toMatchObject({ status: "in_progress", source: "manual" });
  });

  it("keeps a control people flagged in needs attention until they clear it, unless tests or evidence say worse", () => {
    const v = controlStatus({
      ...input("needs_attention", { evidence: evidence(), tests: tests() }),
      manual: { status: "needs_attention", reason: "Auditor asked for more", setAt: null },
    });
    expect(v).toMatchObject({ status: "needs_attention", source: "manual", reason: "Auditor asked for more" });
  });

  it("keeps event-driven evidence current forever (no stale day)", () => {
    const e = evidence({ staleAt: null });
    expect(evidenceStateAt(e, new Date("2040-01-01T00:00:00Z"))).toBe("current");
  });
});
