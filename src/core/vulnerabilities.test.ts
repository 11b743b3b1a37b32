import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyReconciliation,
  DEFAULT_VULN_SLA_DAYS,
  type KnownState,
  reconcileImport,
  remediationCheck,
  scanningCheck,
  severityFromLabel,
  severityFromScore,
  VULN_SEVERITIES,
  vulnerabilitySla,
} from "./vulnerabilities.ts";

const DAY = 86_400_000;
const since = new Date("2027-03-01T00:00:00Z");

describe("severity from a CVSS score", () => {
  it("uses the CVSS bands at their edges", () => {
    expect([10, 9, 8.9, 7, 6.9, 4, 3.9, 0.1, 0].map(severityFromScore)).toEqual([
      "critical",
      "critical",
      "high",
      "high",
      "medium",
      "medium",
      "low",
      "low",
      "info",
    ]);
    expect(severityFromScore("5.3")).toBe("medium");
    for (const bad of ["", " ", "high", "11", "-1", null, undefined, Number.NaN])
      expect(severityFromScore(bad)).toBe("unknown");
  });

  it("never rates a higher score lower", () => {
    const rank = (s: string) => ["info", "low", "medium", "high", "critical"].indexOf(s);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 10, noNaN: true }), fc.double({ min: 0, max: 10, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(rank(severityFromScore(lo))).toBeLessThanOrEqual(rank(severityFromScore(hi)));
      }),
    );
  });

  it("reads the scanners' own words", () => {
    expect(["CRITICAL", "High", "moderate", "Low", "Negligible", "UNKNOWN", undefined].map(severityFromLabel)).toEqual([
      "critical",
      "high",
      "medium",
      "low",
      "info",
      "unknown",
      "unknown",
    ]);
  });
});

describe("SLAs", () => {
  it("gives critical 15, high 30, medium 90, low 180 days; unknown as medium; info none", () => {
    expect(DEFAULT_VULN_SLA_DAYS).toEqual({ critical: 15, high: 30, medium: 90, low: 180, unknown: 90, info: null });
    expect(vulnerabilitySla("critical", since, new Date(since.getTime() + 15 * DAY))).toEqual({
      dueAt: new Date("2027-03-16T00:00:00Z"),
      overdue: false,
      daysLeft: 0,
    });
    expect(vulnerabilitySla("critical", since, new Date(since.getTime() + 15 * DAY + 1))?.overdue).toBe(true);
    expect(vulnerabilitySla("info", since, new Date(since.getTime() + 1000 * DAY))).toBeNull();
  });

  it("takes an organization's own windows", () => {
    const days = { ...DEFAULT_VULN_SLA_DAYS, high: 7 };
    expect(vulnerabilitySla("high", since, new Date(since.getTime() + 8 * DAY), days)).toMatchObject({
      overdue: true,
      daysLeft: -1,
    });
  });

  it("is overdue exactly when the window has passed", () => {
    fc.assert(
      fc.property(fc.constantFrom(...VULN_SEVERITIES), fc.integer({ min: 0, max: 400 * DAY }), (sev, elapsed) => {
        const s = vulnerabilitySla(sev, since, new Date(since.getTime() + elapsed));
        const window = DEFAULT_VULN_SLA_DAYS[sev];
        if (window === null) expect(s).toBeNull();
        else expect(s?.overdue).toBe(elapsed > window * DAY);
      }),
    );
  });
});

describe("reconciling one import", () => {
  it("sorts fingerprints into new, reseen, resolved and reopened", () => {
    const known = new Map<string, KnownState>([
      ["a", "open"],
      ["b", "open"],
      ["c", "resolved"],
      ["d", "resolved"],
    ]);
    expect(reconcileImport(known, ["a", "c", "e", "a", "e"])).toEqual({
      new: ["e"],
      reseen: ["a"],
      resolved: ["b"],
      reopened: ["c"],
    });
    expect(reconcileImport(known, [])).toEqual({ new: [], reseen: [], resolved: ["a", "b"], reopened: [] });
  });

  const fingerprints = fc.constantFrom("f1", "f2", "f3", "f4", "f5", "f6");
  const knownArb = fc
    .dictionary(fingerprints, fc.constantFrom<KnownState>("open", "resolved"))
    .map((d) => new Map(Object.entries(d)));

  it("partitions the import and resolves exactly the open findings it lacks", () => {
    fc.assert(
      fc.property(knownArb, fc.array(fingerprints), (known, imported: string[]) => {
        const r = reconcileImport(known, imported);
        const all = [...r.new, ...r.reseen, ...r.reopened];
        expect(new Set(all)).toEqual(new Set(imported));
        expect(all.length).toBe(new Set(imported).size);
        const open = [...known].filter(([, s]) => s === "open").map(([f]) => f);
        expect(new Set(r.resolved)).toEqual(new Set(open.filter((f) => !imported.includes(f))));
        const next = applyReconciliation(known, r);
        for (const f of imported) expect(next.get(f)).toBe("open");
        for (const [f, s] of next) if (!imported.includes(f)) expect(s).toBe("resolved");
      }),
    );
  });

  it("changes nothing when the same report is imported twice", () => {
    fc.assert(
      fc.property(knownArb, fc.array(fingerprints), (known, imported: string[]) => {
        const once = applyReconciliation(known, reconcileImport(known, imported));
        const again = reconcileImport(once, imported);
        expect(again.new).toEqual([]);
        expect(again.reopened).toEqual([]);
        expect(again.resolved).toEqual([]);
        expect(new Set(again.reseen)).toEqual(new Set(imported));
        expect(applyReconciliation(once, again)).toEqual(once);
      }),
    );
  });
});

describe("vulnerability control checks", () => {
  const now = new Date("2027-03-31T12:00:00Z");
  it("says nothing of scanning before the first report, then met within 31 days and lapsed after", () => {
    expect(scanningCheck(null, now)).toBeNull();
    expect(scanningCheck(new Date("2027-03-31T08:00:00Z"), now)).toMatchObject({ state: "met", reason: /today/ });
    expect(scanningCheck(new Date("2027-02-28T12:00:00Z"), now)?.state).toBe("met");
    expect(scanningCheck(new Date("2027-02-27T12:00:00Z"), now)).toMatchObject({
      state: "lapsed",
      reason: expect.stringMatching(/for 32 days/),
    });
  });

  it("meets remediation only when nothing open is past its fix-by date, naming the severities that are", () => {
    expect(remediationCheck(0, {})).toMatchObject({ state: "met", reason: "No vulnerability is open." });
    expect(remediationCheck(3, { high: 0 })).toMatchObject({ state: "met", reason: /None of the 3 open findings/ });
    const late = remediationCheck(9, { critical: 1, low: 2 });
    expect(late.state).toBe("not_met");
    expect(late.reason).toMatch(/^3 findings are past .*\(1 critical, 2 low\)/);
    expect(remediationCheck(9, { high: 1 }).reason).toMatch(/^1 finding is past the fix-by date of its severity/);
  });
});
