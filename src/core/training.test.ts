import { describe, expect, it } from "vitest";
import { addMonths, personTraining, trainingCheck, validUntil } from "./training.ts";

describe("training rules", () => {
  it("keeps a completion valid for twelve months, month ends included", () => {
    expect(validUntil("2027-03-15")).toBe("2028-03-15");
    expect(addMonths("2027-01-31", 1)).toBe("2027-02-28");
    expect(validUntil("2028-02-29")).toBe("2029-02-28");
  });

  it("gives a new hire the set number of days from their start, and existing staff the same from being added", () => {
    const base = { completions: [], newHireDays: 30, today: "2027-05-01" };
    expect(personTraining({ ...base, startDate: "2027-04-20", addedOn: "2027-04-01" })).toMatchObject({
      status: "due",
      dueDate: "2027-05-20",
    });
    expect(personTraining({ ...base, startDate: "2019-01-01", addedOn: "2027-03-01" })).toMatchObject({
      status: "overdue",
      dueDate: "2027-03-31",
    });
    expect(personTraining({ ...base, startDate: null, addedOn: "2027-04-15", newHireDays: 10 })).toMatchObject({
      status: "overdue",
      dueDate: "2027-04-25",
    });
  });

  it("is complete while the latest completion is valid, expired after, with the next due date", () => {
    const p = { startDate: null, addedOn: "2025-01-01", newHireDays: 30 };
    const completions = [
      { completedOn: "2025-02-01", validUntil: "2026-02-01" },
      { completedOn: "2026-01-20", validUntil: "2027-01-20" },
    ];
    expect(personTraining({ ...p, completions, today: "2027-01-20" })).toEqual({
      status: "complete",
      dueDate: "2027-01-20",
      completedOn: "2026-01-20",
      validUntil: "2027-01-20",
    });
    expect(personTraining({ ...p, completions, today: "2027-01-21" }).status).toBe("expired");
  });

  it("is met at the required share, lapsed when expiries alone break it, not met naming who is missing", () => {
    const people = (complete: number, expired: number, none: number) => [
      ...Array.from({ length: complete }, (_, i) => ({ name: `C${i}`, status: "complete" as const })),
      ...Array.from({ length: expired }, (_, i) => ({ name: `E${i}`, status: "expired" as const })),
      ...Array.from({ length: none }, (_, i) => ({ name: `N${i}`, status: "overdue" as const })),
    ];
    const course = "security awareness training";
    expect(trainingCheck({ people: people(19, 0, 1), requiredShare: 95, course })?.state).toBe("met");
    expect(trainingCheck({ people: people(18, 2, 0), requiredShare: 95, course })).toMatchObject({
      state: "lapsed",
      reason: expect.stringContaining("2 of 20 people's security awareness training completions expired"),
    });
    expect(trainingCheck({ people: people(28, 0, 12), requiredShare: 95, course })).toMatchObject({
      state: "not_met",
      reason: expect.stringMatching(
        /^12 of 40 people have not completed security awareness training \(N0, N1, N2 and 9 more\)/,
      ),
    });
    expect(trainingCheck({ people: [], requiredShare: 95, course })).toBeNull();
  });
});
