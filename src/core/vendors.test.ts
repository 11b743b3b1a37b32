import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMonths } from "./dates.ts";
import {
  answersProblem,
  BRIDGE_MAX_MONTHS,
  bridgedUntil,
  contractDatesProblem,
  dueDiligenceCheck,
  dueDiligenceNotice,
  dueDiligenceState,
  inventoryCheck,
  latestExpiry,
  linkState,
  type Question,
  questionnaireScore,
  reportDatesProblem,
  reportExpiry,
  reviewCheck,
  subprocessorCheck,
  type VendorFacts,
} from "./vendors.ts";

const vendor = (over: Partial<VendorFacts> = {}): VendorFacts => ({
  name: "Acme",
  status: "active",
  criticality: "high",
  ownerUserId: "u1",
  nextReviewDate: "2027-06-30",
  isSubprocessor: false,
  reportExpiry: null,
  questionnaireAnsweredOn: null,
  ...over,
});

describe("report expiry", () => {
  it("is 12 months after the period end, or the as-of date of a type 1 report", () => {
    expect(reportExpiry({ periodEnd: "2026-09-30", asOfDate: null })).toBe("2027-09-30");
    expect(reportExpiry({ periodEnd: null, asOfDate: "2026-02-28" })).toBe("2027-02-28");
    expect(reportExpiry({ periodEnd: "2024-02-29", asOfDate: null })).toBe("2025-02-28");
    expect(reportExpiry({ periodEnd: null, asOfDate: null })).toBeNull();
    expect(
      latestExpiry([
        { periodEnd: "2025-12-31", asOfDate: null },
        { periodEnd: "2026-06-30", asOfDate: null },
        { periodEnd: null, asOfDate: null },
      ]),
    ).toBe("2027-06-30");
  });

  it("a bridge letter extends the report to its last covered day, at most 18 months after the period end", () => {
    const r = { periodEnd: "2025-12-31", asOfDate: null };
    expect(reportExpiry({ ...r, bridgedUntil: "2027-03-31" })).toBe("2027-03-31");
    // Within the report's own 12 months a bridge letter changes nothing.
    expect(reportExpiry({ ...r, bridgedUntil: "2026-06-30" })).toBe("2026-12-31");
    // Past 18 months the letter counts up to the cap only.
    expect(reportExpiry({ ...r, bridgedUntil: "2028-01-31" })).toBe("2027-06-30");
    expect(reportExpiry({ periodEnd: null, asOfDate: "2026-01-31", bridgedUntil: "2027-02-15" })).toBe("2027-02-15");
    expect(bridgedUntil([{ coveredUntil: "2026-03-31" }, { coveredUntil: "2027-01-31" }])).toBe("2027-01-31");
    expect(bridgedUntil([])).toBeNull();
    expect(
      latestExpiry([
        { periodEnd: "2026-03-31", asOfDate: null },
        { periodEnd: "2025-12-31", asOfDate: null, bridgedUntil: "2027-05-01" },
      ]),
    ).toBe("2027-05-01");
  });

  it("bridged expiry: never earlier than the report's own, never past the cap, and never shrinks as the letter grows", () => {
    const day = fc
      .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 11, 31) })
      .map((t) => new Date(t).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, day, (end, a, b) => {
        const own = reportExpiry({ periodEnd: end, asOfDate: null })!;
        const [short, long] = a < b ? [a, b] : [b, a];
        const x = reportExpiry({ periodEnd: end, asOfDate: null, bridgedUntil: short })!;
        const y = reportExpiry({ periodEnd: end, asOfDate: null, bridgedUntil: long })!;
        expect(x >= own && y >= x).toBe(true);
        expect(y <= addMonths(end, BRIDGE_MAX_MONTHS)).toBe(true);
        // Between the report's own expiry and the cap, the letter's day is the expiry.
        if (long > own && long <= addMonths(end, BRIDGE_MAX_MONTHS)) expect(y).toBe(long);
      }),
    );
  });

  it("moves from current to expiring 30 days before, then lapsed the day after", () => {
    expect(dueDiligenceState("2027-09-30", "2027-08-30")).toBe("current");
    expect(dueDiligenceState("2027-09-30", "2027-08-31")).toBe("expiring");
    expect(dueDiligenceState("2027-09-30", "2027-09-30")).toBe("expiring");
    expect(dueDiligenceState("2027-09-30", "2027-10-01")).toBe("lapsed");
    expect(dueDiligenceState(null, "2027-10-01")).toBe("none");
    expect(dueDiligenceNotice("2027-09-30", "2027-09-01")).toBe("expiring");
    expect(dueDiligenceNotice("2027-09-30", "2027-01-01")).toBeNull();
    expect(dueDiligenceNotice(null, "2027-01-01")).toBeNull();
  });

  it("refuses periods out of order and reports without a date to count from", () => {
    expect(reportDatesProblem({ periodStart: "2026-02-01", periodEnd: "2026-01-01" })).toMatch(
      /ends .* before it starts/,
    );
    expect(reportDatesProblem({ periodStart: "2026-01-01" })).toMatch(/period end/);
    expect(reportDatesProblem({ asOfDate: "2026-01-01" })).toBeNull();
    expect(contractDatesProblem("2026-02-01", "2026-01-31")).toMatch(/ends \(2026-01-31\) before it starts/);
    expect(contractDatesProblem("2026-02-01", "2026-02-01")).toBeNull();
    expect(contractDatesProblem(null, "2026-02-01")).toBeNull();
  });
});

describe("questionnaire score", () => {
  const qs: Question[] = [
    { id: "a", text: "MFA?", type: "yes_no", weight: 3, favourable: "yes" },
    { id: "b", text: "Breach?", type: "yes_no", weight: 1, favourable: "no" },
    { id: "c", text: "Where?", type: "text", weight: 1 },
    { id: "d", text: "Anything else?", type: "text", weight: 0 },
  ];

  it("is the weighted share of favourable answers", () => {
    expect(questionnaireScore(qs, { a: "yes", b: "no", c: "EU", d: "" })).toBe(100);
    expect(questionnaireScore(qs, { a: "no", b: "no", c: "EU" })).toBe(40);
    expect(questionnaireScore(qs, { a: "yes", b: "yes", c: " " })).toBe(60);
    expect(questionnaireScore(qs, {})).toBe(0);
    expect(questionnaireScore([{ id: "x", text: "?", type: "text", weight: 0 }], {})).toBeNull();
  });

  it("asks for every yes/no answer and every scored text, and nothing else", () => {
    expect(answersProblem(qs, { a: "yes", b: "no", c: "EU" })).toBeNull();
    expect(answersProblem(qs, { a: "maybe", b: "no", c: "EU" })).toBe("Answer question 1 with yes or no.");
    expect(answersProblem(qs, { a: "yes", b: "no" })).toBe("Answer question 3 (a few words are enough).");
    expect(answersProblem(qs, { a: "yes", b: "no", c: "EU", z: "?" })).toMatch(/does not have: z/);
  });

  it("opens a link until it expires or is answered", () => {
    const now = new Date("2027-01-10T00:00:00Z");
    expect(linkState({ expiresAt: new Date("2027-01-11T00:00:00Z"), answeredAt: null }, now)).toBe("open");
    expect(linkState({ expiresAt: now, answeredAt: null }, now)).toBe("expired");
    expect(linkState({ expiresAt: new Date("2027-01-11T00:00:00Z"), answeredAt: now }, now)).toBe("answered");
  });
});

describe("control checks", () => {
  const today = "2027-01-15";

  it("VND-01 wants an owner and a criticality on every active vendor", () => {
    expect(inventoryCheck([])).toBeNull();
    expect(inventoryCheck([vendor(), vendor({ name: "Old", status: "offboarded", ownerUserId: null })])?.state).toBe(
      "met",
    );
    expect(inventoryCheck([vendor({ ownerUserId: null }), vendor({ name: "B", criticality: null })])).toEqual({
      state: "not_met",
      reason: "2 active vendors have no owner or no criticality: Acme, B.",
    });
  });

  it("VND-02 wants current due diligence on high and critical vendors: a report or a recent questionnaire", () => {
    expect(dueDiligenceCheck([vendor({ criticality: "low" })], today)).toMatchObject({
      state: "met",
      reason: /No active vendor/,
    });
    expect(dueDiligenceCheck([vendor({ reportExpiry: "2027-01-15" })], today)?.state).toBe("met");
    expect(dueDiligenceCheck([vendor({ reportExpiry: "2027-01-14" })], today)?.state).toBe("not_met");
    expect(dueDiligenceCheck([vendor({ questionnaireAnsweredOn: "2026-02-01" })], today)?.state).toBe("met");
    expect(dueDiligenceCheck([vendor({ questionnaireAnsweredOn: "2025-12-31" })], today)).toMatchObject({
      state: "not_met",
      reason: /1 high or critical vendor has no current/,
    });
  });

  it("VND-04 wants every active vendor's review date ahead", () => {
    expect(reviewCheck([vendor()], today)?.state).toBe("met");
    expect(
      reviewCheck([vendor({ nextReviewDate: null }), vendor({ name: "B", nextReviewDate: "2027-01-14" })], today),
    ).toMatchObject({ state: "not_met", reason: /2 active vendors are past/ });
    expect(reviewCheck([vendor({ status: "offboarded", nextReviewDate: null })], today)?.state).toBe("met");
  });

  it("VND-07 wants a subprocessor marked, or the statement that there is none", () => {
    expect(subprocessorCheck([], false)).toBeNull();
    expect(subprocessorCheck([], true)?.state).toBe("met");
    expect(subprocessorCheck([vendor()], false)?.state).toBe("not_met");
    expect(subprocessorCheck([vendor({ isSubprocessor: true })], false)?.reason).toBe(
      "1 active subprocessor is listed.",
    );
  });
});
