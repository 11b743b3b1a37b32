import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addMonths,
  approxMonths,
  lengthText,
  periodVerdict,
  STALE_AFTER_MONTHS,
  suggestWindow,
  windowDays,
  windowEndingOn,
} from "./audit-window.ts";
import { addDays, daysBetween } from "./dates.ts";

const dayBefore = (year: number) =>
  fc
    .integer({ min: Date.UTC(2001, 0, 1), max: Date.UTC(year, 11, 31) })
    .map((ms) => new Date(ms).toISOString().slice(0, 10));
const day = dayBefore(2097);
const type2 = (windowStart: string, windowEnd: string) =>
  ({ reportType: "type2", asOfDate: null, windowStart, windowEnd }) as const;

describe("audit window rules", () => {
  it("counts both ends of a window, and every text states that same count", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 400 }), (start, length) => {
        const end = addDays(start, length - 1);
        expect(windowDays(start, end)).toBe(length);
        expect(daysBetween(start, end) + 1).toBe(length);
        const text = lengthText(length);
        expect(text.startsWith(`${length} day`)).toBe(true);
        if (approxMonths(length) === 0) expect(text).not.toMatch(/month/);
        // Whatever the verdict says about the length says the same number of days.
        for (const m of periodVerdict(type2(start, end), start).messages)
          for (const [, n] of m.matchAll(/(\d+) days?\b/g)) expect(Number(n)).toBe(length);
      }),
    );
  });

  it("never calls a window good when it ended more than three months ago", () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 366 }), fc.integer({ min: 1, max: 3000 }), (start, length, after) => {
        const end = addDays(start, length - 1);
        const today = addDays(addMonths(end, STALE_AFTER_MONTHS), after);
        const verdict = periodVerdict(type2(start, end), today);
        expect(verdict.level).not.toBe("good");
        if (verdict.level === "advice") expect(verdict.messages.join(" ")).toMatch(/too old for a new report/);
      }),
    );
    expect(periodVerdict(type2("2019-01-01", "2019-12-31"), "2026-12-07").messages[0]).toMatch(
      /^The window ended on 31 December 2019, 83 months ago/,
    );
  });

  it("refuses windows longer than 12 months and dates that cannot be meant", () => {
    fc.assert(
      fc.property(dayBefore(2085), fc.integer({ min: 1, max: 4000 }), (start, extra) => {
        const end = addDays(addMonths(start, 12), extra - 1);
        const verdict = periodVerdict(type2(start, end), start);
        expect(verdict).toMatchObject({ level: "problem", field: "windowEnd" });
        expect(verdict.messages[0]).toMatch(/at most 12 months/);
      }),
    );
    expect(periodVerdict(type2("2027-01-01", "2038-12-31"), "2026-12-07").level).toBe("problem");
    expect(periodVerdict(type2("0027-01-01", "2027-06-30"), "2026-12-07")).toMatchObject({
      level: "problem",
      field: "windowStart",
    });
    expect(
      periodVerdict({ reportType: "type1", asOfDate: "9999-12-31", windowStart: null, windowEnd: null }, "2026-12-07")
        .level,
    ).toBe("problem");
  });

  it("suggests windows of exactly the requested length that are good to use today", () => {
    fc.assert(
      fc.property(day, fc.option(day), fc.constantFrom(6, 12), (today, start, months) => {
        const w = suggestWindow(months, today, start);
        expect(w.windowEnd).toBe(addDays(addMonths(w.windowStart, months), -1));
        expect(approxMonths(windowDays(w.windowStart, w.windowEnd))).toBe(months);
        expect(w.windowStart >= today).toBe(true);
        expect(periodVerdict(type2(w.windowStart, w.windowEnd), today).level).toBe("good");
        const last = windowEndingOn(today, months);
        expect(last.windowEnd).toBe(today);
        expect(approxMonths(windowDays(last.windowStart, last.windowEnd))).toBe(months);
        expect(periodVerdict(type2(last.windowStart, last.windowEnd), today).level).toBe("good");
      }),
    );
    // An old start is not kept: the suggestion starts next month.
    expect(suggestWindow(6, "2026-12-07", "2019-03-01")).toEqual({
      windowStart: "2027-01-01",
      windowEnd: "2027-06-30",
    });
  });
});
