import { describe, expect, it } from "vitest";
import { burndown } from "./burndown.ts";
import { onlyStatusesChange, stepCompletion, stepProgress, timelineOf } from "./progress.ts";
import { doneProblems } from "./transitions.ts";

const step = (status: string, startDate: string | null = null, dueDate: string | null = null) => ({
  title: `a ${status} step`,
  status,
  startDate,
  dueDate,
});
const plan = { rootCause: "Never required.", action: "Require MFA.", monitoring: "Monthly report.", steps: [] };

describe("doneProblems", () => {
  it("allows a complete plan, with an action text or with finished steps", () => {
    expect(doneProblems(plan)).toEqual([]);
    expect(doneProblems({ ...plan, action: "", steps: [step("done"), step("skipped")] })).toEqual([]);
  });

  it("names everything missing, in the order a person fills it in", () => {
    expect(doneProblems({ rootCause: " ", action: "", monitoring: "", steps: [] })).toEqual([
      "the root cause (why the gap exists)",
      "the corrective action (an action text or at least one step)",
      "how the fix will be monitored afterwards",
    ]);
    expect(doneProblems({ ...plan, steps: [step("done"), step("todo"), step("in_progress")] })).toEqual([
      "steps “a todo step”, “a in_progress step” to be done or skipped",
    ]);
  });
});

describe("step roll-up", () => {
  it("counts done and skipped steps as finished", () => {
    expect(stepProgress([])).toEqual({ finished: 0, total: 0, percent: null });
    expect(stepProgress([step("done"), step("skipped"), step("todo")])).toEqual({ finished: 2, total: 3, percent: 66 });
  });

  it("spans the timeline from the first start to the last due date, the item's included", () => {
    expect(timelineOf(null, [])).toEqual({ start: null, end: null });
    expect(timelineOf("2030-03-01", [step("todo", "2030-01-10", "2030-04-01"), step("todo", "2030-01-05")])).toEqual({
      start: "2030-01-05",
      end: "2030-04-01",
    });
  });

  it("stamps completion when a step finishes, keeps it while finished, clears it when reopened", () => {
    const now = new Date("2030-01-02T10:00:00Z");
    const then = new Date("2030-01-01T10:00:00Z");
    expect(stepCompletion(undefined, "done", now)).toBe(now);
    expect(stepCompletion({ status: "todo", completedAt: null }, "skipped", now)).toBe(now);
    expect(stepCompletion({ status: "done", completedAt: then }, "skipped", now)).toBe(then);
    expect(stepCompletion({ status: "done", completedAt: then }, "in_progress", now)).toBeNull();
  });

  it("counts open steps per day in the burndown", () => {
    const at = (d: string) => new Date(`${d}T12:00:00Z`);
    const items = [{ createdAt: at("2030-01-01"), completedAt: null }];
    const steps = [
      { createdAt: at("2030-01-01"), completedAt: at("2030-01-02") },
      { createdAt: at("2030-01-02"), completedAt: null },
    ];
    expect(burndown(items, "2030-01-03", 180, steps).map((p) => p.openSteps)).toEqual([1, 1, 1]);
    expect(burndown(items, "2030-01-02", 180, steps.slice(0, 1)).map((p) => p.openSteps)).toEqual([1, 0]);
  });
});

describe("onlyStatusesChange", () => {
  const current = [
    { id: "a", title: "One", ownerUserId: null, startDate: null, dueDate: "2030-01-01", status: "todo" },
    { id: "b", title: "Two", ownerUserId: "u", startDate: null, dueDate: null, status: "todo" },
  ];
  it("lets statuses change and nothing else", () => {
    expect(
      onlyStatusesChange(
        current,
        current.map((s) => ({ ...s, status: "done" })),
      ),
    ).toBeNull();
    expect(onlyStatusesChange(current, [...current].reverse())).toMatch(/change their status/);
    expect(onlyStatusesChange(current, [current[0]!])).toMatch(/change their status/);
    expect(onlyStatusesChange(current, [{ ...current[0]!, title: "Renamed" }, current[1]!])).toMatch(/status/);
    expect(
      onlyStatusesChange(current, [...current, { title: "New", ownerUserId: null, startDate: null, dueDate: null }]),
    ).toMatch(/status/);
  });
});
