import { describe, expect, it } from "vitest";
import {
  chooseTemplate,
  DEFAULT_TEMPLATES,
  formatLateness,
  lateMinutes,
  leaveMoment,
  needsBackgroundCheck,
  nextBackgroundCheck,
  revocationDeadline,
  satisfiedAt,
} from "./people-routines.ts";
import type { PersonTask } from "./person-tasks.ts";

const task = (over: Partial<PersonTask>): PersonTask => ({
  id: crypto.randomUUID(),
  module: "policies",
  kind: "policy",
  title: "Accept",
  dueDate: null,
  state: "open",
  href: "/",
  doneAt: null,
  ...over,
});

describe("people routines rules", () => {
  it("chooses the template for a job title, else the default", () => {
    const custom = { checklist: "onboarding" as const, titles: ["Backend Engineer"], items: [] };
    const templates = [...DEFAULT_TEMPLATES, custom];
    expect(chooseTemplate(templates, "onboarding", " backend engineer ")).toBe(custom);
    expect(chooseTemplate(templates, "onboarding", "Designer")).toBe(DEFAULT_TEMPLATES[0]);
    expect(chooseTemplate(templates, "offboarding", "Backend Engineer")).toBe(DEFAULT_TEMPLATES[1]);
    expect(chooseTemplate([custom], "onboarding", null)).toBeNull();
  });

  it("times revocations from the end of the last day, or from when someone was marked as left", () => {
    const marked = new Date("2027-03-10T15:00:00Z");
    expect(leaveMoment("2027-03-05", marked).toISOString()).toBe("2027-03-06T00:00:00.000Z");
    expect(leaveMoment(null, marked)).toBe(marked);
    const deadline = revocationDeadline(leaveMoment("2027-03-05", marked), 24);
    expect(deadline.toISOString()).toBe("2027-03-07T00:00:00.000Z");
    expect(lateMinutes(new Date("2027-03-06T23:59:00Z"), deadline)).toBeNull();
    expect(lateMinutes(deadline, deadline)).toBeNull();
    expect(lateMinutes(new Date("2027-03-07T00:00:30Z"), deadline)).toBe(1);
    expect(lateMinutes(new Date("2027-03-09T03:00:00Z"), deadline)).toBe(2 * 1440 + 180);
  });

  it("says how late in words", () => {
    expect(formatLateness(1)).toBe("1 minute late");
    expect(formatLateness(45)).toBe("45 minutes late");
    expect(formatLateness(60)).toBe("1 hour late");
    expect(formatLateness(185)).toBe("3 hours 5 minutes late");
    expect(formatLateness(1440)).toBe("1 day late");
    expect(formatLateness(2 * 1440 + 200)).toBe("2 days 3 hours late");
  });

  it("counts a step another routine completes as done only when every task of its kind is done", () => {
    expect(satisfiedAt([], "policy_acceptance")).toBeNull();
    const done1 = task({ state: "done", doneAt: "2027-01-02T00:00:00.000Z" });
    const done2 = task({ state: "done", doneAt: "2027-01-05T00:00:00.000Z" });
    expect(satisfiedAt([done1, done2], "policy_acceptance")).toBe("2027-01-05T00:00:00.000Z");
    expect(satisfiedAt([done1, task({ state: "overdue" })], "policy_acceptance")).toBeNull();
    // Other kinds, and the people module's own tasks, do not count.
    expect(satisfiedAt([done1], "training")).toBeNull();
    expect(
      satisfiedAt([task({ module: "people", kind: "training", state: "done", doneAt: "x" })], "training"),
    ).toBeNull();
    expect(
      satisfiedAt([task({ module: "agent", kind: "device", state: "done", doneAt: "2027-01-01" })], "device"),
    ).toBe("2027-01-01");
  });

  it("decides who needs a background check and when the next one is due", () => {
    expect(needsBackgroundCheck("everyone", "contractor")).toBe(true);
    expect(needsBackgroundCheck("employees", "contractor")).toBe(false);
    expect(needsBackgroundCheck("employees", "employee")).toBe(true);
    expect(needsBackgroundCheck("none", "employee")).toBe(false);
    expect(nextBackgroundCheck("2027-01-31", null)).toBeNull();
    expect(nextBackgroundCheck("2027-01-15", 24)).toBe("2029-01-15");
  });
});
