import { describe, expect, it } from "vitest";
import { type ControlCheck, type ControlSignals, controlStatus, toOperate } from "./control-status.ts";
import { type PersonTask, personCompliance, taskState } from "./person-tasks.ts";

const NOW = new Date("2027-03-01T12:00:00Z");
const check = (state: ControlCheck["state"], reason: string): ControlCheck => ({
  source: "policies",
  label: "Policy accepted by staff",
  state,
  reason,
  since: "2027-02-01T00:00:00.000Z",
});
const signals = (checks: ControlCheck[], evidenceState: ControlSignals["evidence"]["state"] = "missing") => ({
  evidence: {
    state: evidenceState,
    count: evidenceState === "missing" ? 0 : 1,
    latestCollectedAt: evidenceState === "missing" ? null : "2027-02-20T00:00:00.000Z",
    staleAt: evidenceState === "missing" ? null : "2027-06-01T00:00:00.000Z",
    reason: "",
  },
  tests: { failing: 0, passing: 0, excepted: 0, since: null, failingTests: [] },
  checks,
});
const judge = (manual: "not_started" | "implemented" | "operating", s: ControlSignals) =>
  controlStatus({ applicable: true, manual: { status: manual, reason: "", setAt: null }, signals: s, now: NOW });

describe("people routines in the control status rule", () => {
  it("makes a control operating when every routine check is met, even without evidence files", () => {
    const v = judge("not_started", signals([check("met", "Version 2 is approved and accepted by 96% of staff.")]));
    expect(v).toMatchObject({ status: "operating", source: "checks" });
    expect(v.reason).toBe("Operating: Version 2 is approved and accepted by 96% of staff.");
  });

  it("keeps a control from operating while a check is not met, whatever the evidence or people say", () => {
    const unmet = check("not_met", "Accepted by 40% of staff; 95% is required.");
    for (const manual of ["implemented", "operating"] as const) {
      const v = judge(manual, signals([check("met", "Approved."), unmet], "current"));
      expect(v).toMatchObject({ status: "implemented", source: "checks", reason: unmet.reason });
    }
    // Nothing claimed and no evidence: the status people set stands.
    expect(judge("not_started", signals([unmet]))).toMatchObject({ status: "not_started", source: "manual" });
  });

  it("puts a control whose routine lapsed in needs attention, as stale evidence does", () => {
    const lapsed = check("lapsed", "The annual review was due on 2027-02-01.");
    const v = judge("operating", signals([lapsed], "current"));
    expect(v).toMatchObject({ status: "needs_attention", source: "checks", reason: lapsed.reason });
  });

  it("says what would make the control operate, in the check's own words", () => {
    const s = signals([check("not_met", "Accepted by 40% of staff; 95% is required.")]);
    const v = judge("implemented", s);
    expect(toOperate(v, { manual: { status: "implemented" }, signals: s, frequency: "annually", now: NOW })).toBe(
      "To show Operating: accepted by 40% of staff; 95% is required.",
    );
    const met = signals([check("met", "Approved.")]);
    expect(
      toOperate(judge("not_started", met), {
        manual: { status: "not_started" },
        signals: met,
        frequency: "annually",
        now: NOW,
      }),
    ).toBeNull();
  });

  it("reads signals stored before checks existed as having none", () => {
    const { checks: _none, ...old } = signals([], "current");
    expect(judge("implemented", old)).toMatchObject({ status: "operating", source: "evidence" });
  });
});

describe("person tasks", () => {
  const task = (state: PersonTask["state"], title: string): PersonTask => ({
    id: title,
    module: "training",
    kind: "training",
    title,
    dueDate: "2027-03-01",
    state,
    href: "/portal",
    doneAt: state === "done" ? "2027-02-01T00:00:00Z" : null,
  });

  it("is overdue only when open past its due date", () => {
    expect(taskState("2027-02-28", null, "2027-03-01")).toBe("overdue");
    expect(taskState("2027-03-01", null, "2027-03-01")).toBe("open");
    expect(taskState(null, null, "2027-03-01")).toBe("open");
    expect(taskState("2027-02-28", "2027-03-02T00:00:00Z", "2027-03-01")).toBe("done");
  });

  it("explains a person's compliance, overdue work first", () => {
    expect(personCompliance([task("done", "Training")])).toMatchObject({ state: "compliant", done: 1 });
    expect(personCompliance([task("open", "Accept the AUP"), task("done", "Training")])).toMatchObject({
      state: "due",
      reason: "1 task is outstanding: Accept the AUP.",
    });
    const many = ["A", "B", "C", "D", "E"].map((t) => task("overdue", t));
    expect(personCompliance([...many, task("open", "F")])).toMatchObject({
      state: "overdue",
      overdue: 5,
      open: 1,
      reason: "5 tasks are overdue: A; B; C; and 2 more.",
    });
  });
});
