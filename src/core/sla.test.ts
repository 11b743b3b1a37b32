import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SEVERITIES, SLA_DAYS, slaState } from "./sla.ts";

const DAY = 86_400_000;
const since = new Date("2027-01-01T00:00:00Z");

describe("remediation SLAs", () => {
  it("gives each severity its window: critical 7, high 30, medium 90, low 180 days", () => {
    expect(SLA_DAYS).toEqual({ critical: 7, high: 30, medium: 90, low: 180 });
    expect(slaState("critical", since, new Date(since.getTime() + 6 * DAY)).overdue).toBe(false);
    expect(slaState("critical", since, new Date(since.getTime() + 7 * DAY + 1))).toMatchObject({
      overdue: true,
      daysLeft: -1,
      dueAt: new Date("2027-01-08T00:00:00Z"),
    });
    expect(slaState("low", since, new Date(since.getTime() + 100 * DAY))).toMatchObject({
      overdue: false,
      daysLeft: 80,
    });
  });

  it("never marks an excepted failure overdue", () => {
    expect(slaState("critical", since, new Date(since.getTime() + 365 * DAY), true).overdue).toBe(false);
  });

  it("is overdue exactly when now is past the due date", () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEVERITIES), fc.integer({ min: 0, max: 400 * DAY }), (sev, elapsed) => {
        const s = slaState(sev, since, new Date(since.getTime() + elapsed));
        expect(s.overdue).toBe(elapsed > SLA_DAYS[sev] * DAY);
        expect(s.daysLeft >= 0).toBe(!s.overdue);
      }),
    );
  });
});
