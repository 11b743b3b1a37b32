import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addToDay,
  anchorDay,
  FRESHNESS_FREQUENCIES,
  FRESHNESS_RULES,
  type FreshnessFrequency,
  freshness,
  ruleFor,
  staleOn,
  utcDay,
} from "./freshness.ts";

const at = (iso: string) => new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
const day = (d: Date | null) => (d ? utcDay(d) : null);

describe("freshness", () => {
  it("counts a quarterly control's evidence from the end of the period it covers, plus grace, reminding 14 days before", () => {
    const q1Review = [{ collectedAt: at("2027-04-10"), effectiveTo: "2027-03-31" }];
    const f = (now: string) => freshness("quarterly", q1Review, at(now));
    expect(day(f("2027-05-01").staleAt)).toBe("2027-07-14");
    expect(day(f("2027-05-01").remindAt)).toBe("2027-06-30");
    expect(f("2027-06-29")).toMatchObject({ state: "current", stale: false, count: 1 });
    expect(f("2027-06-30")).toMatchObject({ state: "due_soon", stale: false });
    expect(f("2027-06-30").reason).toMatch(/due before 2027-07-14/);
    expect(f("2027-07-14")).toMatchObject({ state: "stale", stale: true });
    expect(f("2027-07-14").reason).toMatch(/went stale on 2027-07-14/);
    expect(f("2027-07-13T23:59:59Z").stale).toBe(false);
  });

  it("anchors on the collection day when it comes before the period ends, or when there is no period", () => {
    expect(anchorDay({ collectedAt: at("2027-03-28"), effectiveTo: "2027-03-31" })).toBe("2027-03-28");
    expect(anchorDay({ collectedAt: at("2027-12-01"), effectiveTo: "2027-03-31" })).toBe("2027-03-31");
    expect(anchorDay({ collectedAt: at("2027-01-05") })).toBe("2027-01-05");
    expect(staleOn("annually", { collectedAt: at("2027-01-05") })).toBe("2028-02-04");
    // A report on Q1 uploaded in December vouches for Q1 only: already stale.
    expect(
      freshness("quarterly", [{ collectedAt: at("2027-12-01"), effectiveTo: "2027-03-31" }], at("2027-12-01")),
    ).toMatchObject({ stale: true });
  });

  it("clamps month arithmetic to the end of the month, like PostgreSQL", () => {
    expect(addToDay("2027-01-31", 1, 0)).toBe("2027-02-28");
    expect(addToDay("2028-01-31", 1, 0)).toBe("2028-02-29");
    expect(addToDay("2027-11-30", 3, 0)).toBe("2028-02-29");
    expect(addToDay("2027-12-31", 12, 1)).toBe("2029-01-01");
    expect(addToDay("2027-03-01", 0, -1)).toBe("2027-02-28");
    expect(staleOn("monthly", { collectedAt: at("2027-01-31") })).toBe("2027-03-07");
  });

  it("is as fresh as the freshest piece; on-event controls have no clock; daily ones no reminder", () => {
    const pieces = [
      { collectedAt: at("2027-01-10"), effectiveTo: null },
      { collectedAt: at("2027-04-10"), effectiveTo: "2027-03-31" },
      { collectedAt: at("2027-02-10") },
    ];
    const f = freshness("quarterly", pieces, at("2027-05-01"));
    expect(f).toMatchObject({ count: 3, state: "current" });
    expect(day(f.latestCollectedAt)).toBe("2027-04-10");
    expect(day(f.staleAt)).toBe("2027-07-14");

    expect(freshness("on_event", pieces, at("2030-01-01"))).toMatchObject({
      state: "current",
      stale: false,
      staleAt: null,
      remindAt: null,
    });
    expect(freshness("on_event", [], at("2030-01-01"))).toMatchObject({ state: "missing", stale: false, count: 0 });
    expect(freshness("quarterly", [], at("2030-01-01"))).toMatchObject({
      state: "missing",
      stale: false,
      staleAt: null,
      latestCollectedAt: null,
    });
    const daily = freshness("daily", [{ collectedAt: at("2027-05-01T08:00:00Z") }], at("2027-05-02T10:00:00Z"));
    expect(daily).toMatchObject({ state: "current", remindAt: null });
    expect(day(daily.staleAt)).toBe("2027-05-03");
    expect(freshness("continuous", [{ collectedAt: at("2027-05-01") }], at("2027-05-03")).stale).toBe(true);
    expect(day(freshness("weekly", [{ collectedAt: at("2027-05-01") }]).remindAt)).toBe("2027-05-09");
  });

  it("keeps manual evidence of a continuous or daily control fresh 30 days, automated evidence one day plus grace", () => {
    const manual = [{ collectedAt: at("2027-05-01"), source: "manual" }];
    for (const f of ["continuous", "daily"] as const) {
      // The flapping this replaces: stale two days after every upload.
      expect(freshness(f, manual, at("2027-05-03"))).toMatchObject({ state: "current", stale: false });
      const r = freshness(f, manual, at("2027-05-27"));
      expect(r.state).toBe("due_soon");
      expect(day(r.staleAt)).toBe("2027-05-31");
      expect(day(r.remindAt)).toBe("2027-05-26");
      expect(freshness(f, manual, at("2027-05-31")).stale).toBe(true);
      for (const source of ["integration", "agent"])
        expect(freshness(f, [{ collectedAt: at("2027-05-01"), source }], at("2027-05-03")).stale).toBe(true);
    }
    // Other frequencies keep their rule whatever the source.
    expect(staleOn("weekly", { collectedAt: at("2027-05-01"), source: "manual" })).toBe("2027-05-10");
    // The freshest piece decides: a manual upload outlasts an older automated one.
    const mixed = [
      { collectedAt: at("2027-05-10"), source: "agent" },
      { collectedAt: at("2027-05-01"), source: "manual" },
    ];
    expect(day(freshness("continuous", mixed, at("2027-05-12")).staleAt)).toBe("2027-05-31");
  });

  it("replaces the rule with a control's override, for every source and frequency, and says so", () => {
    const clock = { frequency: "continuous" as const, overrideDays: 7 };
    for (const source of ["manual", "agent", undefined])
      expect(staleOn(clock, { collectedAt: at("2027-05-01"), source })).toBe("2027-05-08");
    expect(staleOn({ frequency: "annually", overrideDays: 90 }, { collectedAt: at("2027-05-01") })).toBe("2027-07-30");
    expect(staleOn({ frequency: "on_event", overrideDays: 10 }, { collectedAt: at("2027-05-01") })).toBe("2027-05-11");
    const stale = freshness(clock, [{ collectedAt: at("2027-05-01"), source: "manual" }], at("2027-05-08"));
    expect(stale).toMatchObject({ state: "stale" });
    expect(stale.reason).toContain("stays fresh 7 days (an override)");
    // Reminded about a sixth of the override ahead, at most 14 days.
    expect(day(freshness(clock, [{ collectedAt: at("2027-05-01") }]).remindAt)).toBe("2027-05-07");
    expect(ruleFor({ frequency: "daily", overrideDays: 365 })?.remindDays).toBe(14);
    // No override (null) is the frequency rule.
    expect(ruleFor({ frequency: "quarterly", overrideDays: null })).toEqual(FRESHNESS_RULES.quarterly);
  });
});

const dayArb = fc.date({
  min: new Date("2020-01-01T00:00:00Z"),
  max: new Date("2035-12-31T23:59:59Z"),
  noInvalidDate: true,
});
const clocked = FRESHNESS_FREQUENCIES.filter((f) => FRESHNESS_RULES[f] !== null) as FreshnessFrequency[];
const evidenceArb = fc.record({
  collectedAt: dayArb,
  effectiveTo: fc.option(dayArb.map(utcDay), { nil: null }),
});

describe("freshness properties", () => {
  it("never goes stale sooner when evidence is collected later or covers a later period", () => {
    fc.assert(
      fc.property(fc.constantFrom(...clocked), evidenceArb, dayArb, dayArb, (f, e, later, laterEnd) => {
        const base = staleOn(f, e)!;
        if (later > e.collectedAt) expect(staleOn(f, { ...e, collectedAt: later })! >= base).toBe(true);
        const end = utcDay(laterEnd);
        // No period counts as a period ending on the collection day.
        if (end > (e.effectiveTo ?? utcDay(e.collectedAt)))
          expect(staleOn(f, { ...e, effectiveTo: end })! >= base).toBe(true);
      }),
    );
  });

  it("stays fresh for at least one interval after the anchor, reminds before it goes stale, and says stale exactly from then", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...clocked),
        fc.array(evidenceArb, { minLength: 1, maxLength: 5 }),
        dayArb,
        (f, es, now) => {
          const r = freshness(f, es, now);
          const rule = FRESHNESS_RULES[f]!;
          for (const e of es) expect(staleOn(f, e)! > anchorDay(e)).toBe(true);
          expect(r.staleAt).not.toBeNull();
          expect(utcDay(r.staleAt!)).toBe(
            es
              .map((e) => staleOn(f, e)!)
              .sort()
              .at(-1),
          );
          if (r.remindAt) expect(r.remindAt.getTime()).toBeLessThan(r.staleAt!.getTime());
          expect(r.remindAt === null).toBe(rule.remindDays === 0);
          expect(r.stale).toBe(now.getTime() >= r.staleAt!.getTime());
          expect(r.state === "stale").toBe(r.stale);
          if (r.state === "due_soon") expect(now.getTime()).toBeGreaterThanOrEqual(r.remindAt!.getTime());
        },
      ),
    );
  });

  it("adding evidence never makes a control staler", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...clocked),
        fc.array(evidenceArb, { minLength: 1, maxLength: 4 }),
        evidenceArb,
        (f, es, extra) => {
          const before = freshness(f, es).staleAt!.getTime();
          expect(freshness(f, [...es, extra]).staleAt!.getTime()).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });

  it("adds days like the calendar does", () => {
    fc.assert(
      fc.property(dayArb, fc.integer({ min: -400, max: 400 }), (d, n) => {
        expect(addToDay(utcDay(d), 0, n)).toBe(utcDay(new Date(Date.parse(`${utcDay(d)}T00:00:00Z`) + n * 86_400_000)));
      }),
    );
  });
});
