import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PRIORITY_RANK, priorityOf } from "./priority.ts";

describe("priorityOf", () => {
  it("bands likelihood × impact into the usual 5 × 5 matrix", () => {
    expect(priorityOf(5, 5)).toBe("critical");
    expect(priorityOf(3, 5)).toBe("critical");
    expect(priorityOf(2, 4)).toBe("high");
    expect(priorityOf(2, 2)).toBe("medium");
    expect(priorityOf(1, 3)).toBe("low");
  });

  it("never falls when likelihood or impact rises", () => {
    const level = fc.integer({ min: 1, max: 5 });
    fc.assert(
      fc.property(level, level, (l, i) => {
        const p = PRIORITY_RANK[priorityOf(l, i)];
        if (l < 5) expect(PRIORITY_RANK[priorityOf(l + 1, i)]).toBeLessThanOrEqual(p);
        if (i < 5) expect(PRIORITY_RANK[priorityOf(l, i + 1)]).toBeLessThanOrEqual(p);
        expect(priorityOf(l, i)).toBe(priorityOf(i, l));
      }),
    );
  });

  it("rejects ratings outside 1..5", () => {
    expect(() => priorityOf(0, 3)).toThrow(RangeError);
    expect(() => priorityOf(3, 6)).toThrow(RangeError);
    expect(() => priorityOf(2.5, 3)).toThrow(RangeError);
  });
});
