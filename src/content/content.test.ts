import { describe, expect, it } from "vitest";
import {
  buildContent,
  CATEGORY_IDS,
  type ContentDocuments,
  ContentError,
  checkContentDocuments,
  compareCriterionIds,
  frameworkCoverage,
  loadContent,
  parseYaml,
  readContentDocuments,
  requirementCoverage,
  validateDocument,
} from "./index.ts";
import { type ControlText, cadenceContradictions, hedges } from "./wording.ts";

const content = loadContent();
const framework = (id: string) => {
  const f = content.frameworksById.get(id);
  if (!f) throw new Error(`framework ${id} missing`);
  return f;
};
const pristine = readContentDocuments();
const tampered = (edit: (docs: ContentDocuments) => void): string[] => {
  const docs = structuredClone(pristine);
  edit(docs);
  return checkContentDocuments(docs);
};
const controlDoc = (docs: ContentDocuments, domain: string) => {
  const file = docs.controls.find((f) => f.doc.domain === domain);
  if (!file) throw new Error(`control file ${domain} missing`);
  return file;
};

describe("Trust Services Criteria", () => {
  it("has all 61 criteria: 33 common, 3 availability, 2 confidentiality, 5 processing integrity, 18 privacy", () => {
    const byCategory = Object.fromEntries(
      CATEGORY_IDS.map((cat) => [cat, content.criteria.filter((c) => c.category === cat).length]),
    );
    expect(byCategory).toEqual({
      security: 33,
      availability: 3,
      confidentiality: 2,
      processing_integrity: 5,
      privacy: 18,
    });
    expect(content.criteria).toHaveLength(61);
    expect(content.categories.map((c) => c.id)).toEqual([...CATEGORY_IDS]);
    expect(content.categories.filter((c) => c.required).map((c) => c.id)).toEqual(["security"]);
  });

  it("names the nine common-criteria series and a group for every other category", () => {
    const cc = content.series.filter((s) => s.id.startsWith("CC"));
    expect(cc.map((s) => s.id)).toEqual(["CC1", "CC2", "CC3", "CC4", "CC5", "CC6", "CC7", "CC8", "CC9"]);
    expect(cc[0]!.name).toBe("Control environment");
    expect(cc[8]!.name).toBe("Risk mitigation");
    for (const c of content.criteria) {
      expect(c.id.startsWith(`${c.series}.`), c.id).toBe(true);
      expect(c.evidence.length, c.id).toBeGreaterThanOrEqual(2);
      expect(c.evidence.length, c.id).toBeLessThanOrEqual(4);
    }
  });

  it("is in natural order", () => {
    const ids = content.criteria.map((c) => c.id);
    expect(ids.slice(0, 3)).toEqual(["CC1.1", "CC1.2", "CC1.3"]);
    expect(ids.indexOf("CC9.2")).toBe(32);
    expect(ids[33]).toBe("A1.1");
    expect(ids.at(-1)).toBe("P8.1");
    expect([...ids].sort(compareCriterionIds)).toEqual(ids);
  });

  it("compares ids numerically and by category, not alphabetically", () => {
    const shuffled = ["P8.1", "CC1.10", "A1.1", "PI1.5", "CC1.9", "C1.2", "P1.1", "CC9.2", "CC2.1", "PI1.1"];
    expect(shuffled.sort(compareCriterionIds)).toEqual([
      "CC1.9",
      "CC1.10",
      "CC2.1",
      "CC9.2",
      "A1.1",
      "C1.2",
      "PI1.1",
      "PI1.5",
      "P1.1",
      "P8.1",
    ]);
    expect(["P8", "CC9", "A1", "CC1"].sort(compareCriterionIds)).toEqual(["CC1", "CC9", "A1", "P8"]);
  });
});

describe("control library", () => {
  it("has 177 controls with unique, well-formed ids", () => {
    expect(content.controls).toHaveLength(177);
    expect(new Set(content.controls.map((c) => c.id)).size).toBe(content.controls.length);
    expect(content.controlsById.size).toBe(content.controls.length);
  });

  it("covers the controls customers expect", () => {
    const names = content.controls.map((c) => c.name.toLowerCase()).join("\n");
    for (const topic of [
      "multi-factor",
      "access review",
      "background check",
      "security awareness training",
      "encryption at rest",
      "encryption in transit",
      "vulnerability scanning",
      "penetration test",
      "code review",
      "incident response plan",
      "backup",
      "vendor",
      "risk assessment",
      "privacy notice",
      "data subject access",
      "tenant data separation",
      "production data changes",
      "named privacy owner",
      "privacy impact assessment",
      "mobile and personal devices",
      "backup failure alerting",
    ]) {
      expect(names, topic).toContain(topic);
    }
  });

  it("is loaded once and frozen", () => {
    expect(loadContent()).toBe(content);
    expect(Object.isFrozen(content.controls)).toBe(true);
    expect(Object.isFrozen(content.controls[0]!.criteria)).toBe(true);
  });
});

describe("control wording", () => {
  const sample = (over: Partial<ControlText>): ControlText => ({
    id: "TST-01",
    name: "Sample",
    description: "Something is done.",
    guidance: "Do it well.",
    evidence: ["A record"],
    frequency: "quarterly",
    ...over,
  });

  it("states in its text the cadence its frequency says", () => {
    expect(content.controls.flatMap(cadenceContradictions)).toEqual([]);
  });

  it("catches a stated cadence that contradicts the frequency", () => {
    const restore = sample({
      id: "AVL-03",
      description: "Restores from backup are tested at least once a year, and more often for critical data.",
    });
    expect(cadenceContradictions(restore)).toEqual(['AVL-03: description says "annually" but frequency is quarterly']);
    const rules = sample({ id: "NET-07", description: "Rules are reviewed at least twice a year." });
    expect(cadenceContradictions(rules)).toEqual([
      'NET-07: description says "twice a year" but frequency is quarterly',
    ]);
    expect(cadenceContradictions(sample({ frequency: "on_event", guidance: "Review it monthly." }))).toEqual([
      'TST-01: guidance says "monthly" but frequency is on_event',
    ]);
    expect(cadenceContradictions(sample({ frequency: "annually", evidence: ["Weekly review notes"] }))).toEqual([
      'TST-01: evidence[0] says "weekly" but frequency is annually',
    ]);
  });

  it("reads deadlines and durations as no cadence, and daily automated checks as continuous", () => {
    const deadlines = sample({
      frequency: "on_event",
      description: "Access is removed within one business day and training is done within 30 days.",
      guidance: "Hold a one-hour review within two weeks; notify within 72 hours.",
    });
    expect(cadenceContradictions(deadlines)).toEqual([]);
    expect(cadenceContradictions(sample({ frequency: "continuous", guidance: "Tests run daily." }))).toEqual([]);
    expect(cadenceContradictions(sample({ frequency: "annually", name: "Annual review" }))).toEqual([]);
  });

  it("has no hedge that leaves a tester unable to judge the control", () => {
    expect(content.controls.flatMap(hedges)).toEqual([]);
  });

  it("catches hedges in any text of a control", () => {
    const hedged = sample({
      description:
        "Data between services is encrypted where practical and shared only through approved, encrypted channels.",
      guidance: "Review the list periodically and rebuild images regularly.",
      evidence: ["Reviews done as appropriate"],
    });
    expect(hedges(hedged)).toEqual([
      'TST-01: description hedges with "where practical"',
      'TST-01: description hedges with "approved, encrypted channels"',
      'TST-01: guidance hedges with "regularly"',
      'TST-01: guidance hedges with "periodically"',
      'TST-01: evidence[0] hedges with "as appropriate"',
    ]);
  });
});

describe("cross-checks", () => {
  it("accept the shipped content", () => {
    expect(checkContentDocuments(pristine)).toEqual([]);
  });

  it("report a criterion left without any control", () => {
    const problems = tampered((docs) => {
      for (const file of docs.controls) {
        for (const control of file.doc.controls) control.criteria = control.criteria.filter((c) => c !== "CC3.3");
      }
    });
    expect(problems).toContain("criteria/tsc-2017.yaml: criterion CC3.3 is not satisfied by any control");
  });

  it("report a control that maps to no criterion, or to an unknown one", () => {
    const problems = tampered((docs) => {
      const risk = controlDoc(docs, "risk");
      risk.doc.controls[0]!.criteria = [];
      risk.doc.controls[1]!.criteria = ["CC3.9"];
    });
    expect(problems).toContain("controls/risk.yaml: control RSK-01 maps to no criterion");
    expect(problems).toContain('controls/risk.yaml: control RSK-02 references unknown criterion "CC3.9"');
  });

  it("report unknown policies, duplicate control ids and unused policies", () => {
    const problems = tampered((docs) => {
      const access = controlDoc(docs, "access");
      access.doc.controls[0]!.policies = ["no-such-policy"];
      controlDoc(docs, "hr").doc.controls[0]!.id = "ACC-02";
      docs.policies.doc.policies.push({ id: "orphan", title: "Orphan", purpose: "Nobody uses it." });
    });
    expect(problems).toContain('controls/access.yaml: control ACC-01 references unknown policy "no-such-policy"');
    expect(problems).toContain('controls/hr.yaml: duplicate control id "ACC-02" (also in controls/access.yaml)');
    expect(problems).toContain("policies/index.yaml: policy orphan is not referenced by any control");
  });

  it("report crosswalk mappings to unknown controls or requirements", () => {
    const problems = tampered((docs) => {
      const iso = docs.frameworks.find((f) => f.doc.id === "iso27001-2022")!;
      const mapping = (requirement: string) => ({ requirement, strength: "equal" as const, rationale: "Test." });
      iso.doc.mappings["ZZZ-01"] = [mapping("A.5.1")];
      iso.doc.mappings["GOV-01"] = [mapping("A.5.99")];
      iso.doc.requirements.push({ id: "A.5.1", title: "Again", group: "A.5" });
      iso.doc.groups.push({ id: "A.9", name: "No part" }, { id: "A.10", name: "Odd part", part: "annex-b" });
    });
    expect(problems).toContain('frameworks/iso27001-2022.yaml: mapping for unknown control "ZZZ-01"');
    expect(problems).toContain('frameworks/iso27001-2022.yaml: control GOV-01 maps to unknown requirement "A.5.99"');
    expect(problems).toContain('frameworks/iso27001-2022.yaml: duplicate requirement "A.5.1"');
    expect(problems).toContain("frameworks/iso27001-2022.yaml: group A.9 names no part");
    expect(problems).toContain('frameworks/iso27001-2022.yaml: group A.10 has unknown part "annex-b"');
  });

  it("refuse a mapping without a known strength or a one-line rationale", () => {
    const iso = structuredClone(pristine.frameworks.find((f) => f.doc.id === "iso27001-2022")!.doc);
    const bad = iso as unknown as { mappings: Record<string, Record<string, unknown>[]> };
    bad.mappings["GOV-01"]![0]!.strength = "related";
    bad.mappings["GOV-02"]![0]!.rationale = "Two\nlines.";
    bad.mappings["GOV-03"] = ["A.5.1"] as never;
    const problems = (() => {
      try {
        validateDocument("framework", "frameworks/iso27001-2022.yaml", iso);
        return [];
      } catch (e) {
        return [...(e as ContentError).problems];
      }
    })();
    expect(problems.some((p) => p.includes("mappings.GOV-01[0].strength"))).toBe(true);
    expect(problems.some((p) => p.includes("mappings.GOV-02[0].rationale") && p.includes("one line"))).toBe(true);
    expect(problems.some((p) => p.includes("mappings.GOV-03[0]"))).toBe(true);
  });

  it("make buildContent throw a ContentError listing every problem", () => {
    const docs = structuredClone(pristine);
    controlDoc(docs, "privacy").doc.controls = controlDoc(docs, "privacy").doc.controls.filter(
      (c) => !c.criteria.includes("P6.7"),
    );
    let error: unknown;
    try {
      buildContent(docs);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).problems).toContain(
      "criteria/tsc-2017.yaml: criterion P6.7 is not satisfied by any control",
    );
    expect((error as ContentError).message).toMatch(/P6\.7 is not satisfied/);
  });
});

describe("document validation", () => {
  const goodControl = () => structuredClone(pristine.controls[0]!.doc);

  it("names the file, the id and the field of a bad value", () => {
    const doc = goodControl() as unknown as { controls: Record<string, unknown>[] };
    doc.controls[2]!.frequency = "sometimes";
    const id = doc.controls[2]!.id as string;
    expect(() => validateDocument("controls", "controls/x.yaml", doc)).toThrow(ContentError);
    try {
      validateDocument("controls", "controls/x.yaml", doc);
    } catch (e) {
      const [problem] = (e as ContentError).problems;
      expect(problem).toContain("controls/x.yaml");
      expect(problem).toContain(`id "${id}"`);
      expect(problem).toContain("controls[2].frequency");
    }
  });

  it("rejects unknown fields, missing fields and malformed ids", () => {
    const doc = goodControl() as unknown as { controls: Record<string, unknown>[] };
    doc.controls[0]!.crosswalks = ["A.5.1"];
    delete doc.controls[1]!.guidance;
    doc.controls[3]!.id = "gov 4";
    const problems = (() => {
      try {
        validateDocument("controls", "controls/y.yaml", doc);
        return [];
      } catch (e) {
        return [...(e as ContentError).problems];
      }
    })();
    expect(problems.some((p) => p.includes("crosswalks"))).toBe(true);
    expect(problems.some((p) => p.includes("controls[1].guidance"))).toBe(true);
    expect(problems.some((p) => p.includes('id "gov 4"') && p.includes("controls[3].id"))).toBe(true);
  });

  it("rejects a requirement id that YAML read as a number", () => {
    const data = parseYaml(
      "frameworks/bad.yaml",
      [
        "id: bad",
        "name: Bad",
        'version: "1"',
        "description: Unquoted numeric ids.",
        "groups: [{ id: '1', name: One }]",
        "requirements: [{ id: 1.10, title: Ten, group: '1' }]",
        "mappings: {}",
      ].join("\n"),
    );
    expect(() => validateDocument("framework", "frameworks/bad.yaml", data)).toThrow(
      /frameworks\/bad\.yaml: id "1\.1", at requirements\[0\]\.id/,
    );
  });

  it("reports invalid YAML and duplicate keys with the file name", () => {
    expect(() => parseYaml("policies/index.yaml", "policies:\n  - id: a\n    id: b\n")).toThrow(
      /policies\/index\.yaml: not valid YAML/,
    );
    expect(() => parseYaml("policies/index.yaml", "policies: [\n")).toThrow(ContentError);
  });
});

describe("framework crosswalks", () => {
  it("lists ISO 27001's clauses 4–10 and Annex A apart, every CSF 2.0 subcategory, and PCI DSS 4.0.1", () => {
    const iso = framework("iso27001-2022");
    expect(iso.parts?.map((p) => p.id)).toEqual(["clauses", "annex-a"]);
    const perGroup = (g: string) => iso.requirements.filter((r) => r.group === g).length;
    expect(["4", "5", "6", "7", "8", "9", "10"].map(perGroup)).toEqual([4, 3, 5, 5, 3, 3, 2]);
    expect([perGroup("A.5"), perGroup("A.6"), perGroup("A.7"), perGroup("A.8")]).toEqual([37, 8, 14, 34]);
    expect(iso.requirements.map((r) => r.id)).toEqual(expect.arrayContaining(["6.1.2", "6.1.3", "8.2", "8.3", "9.3"]));
    const csf = framework("nist-csf-2.0");
    expect(csf.requirements).toHaveLength(106);
    expect(csf.groups.map((g) => g.id)).toEqual(["GV", "ID", "PR", "DE", "RS", "RC"]);
    const pci = framework("pci-dss-4.0.1");
    expect(pci.version).toBe("4.0.1");
    expect(content.frameworksById.has("pci-dss-4.0")).toBe(false);
    expect(pci.groups).toHaveLength(12);
    expect(pci.requirements.map((r) => r.id)).toContain("12.10");
    expect(framework("hipaa-security").requirements.map((r) => r.id)).toContain("164.308(a)(1)(ii)(A)");
  });

  it("counts a requirement as covered only through an equal or superset mapping", () => {
    const iso = framework("iso27001-2022");
    const none = frameworkCoverage(iso, []);
    expect(none).toMatchObject({ covered: 0, partial: 0, total: 118, partiallyCovered: [] });
    expect(none.uncovered).toEqual(iso.requirements.map((r) => r.id));
    expect(none.parts).toEqual([
      { id: "clauses", name: "Clauses 4–10", covered: 0, partial: 0, total: 25 },
      { id: "annex-a", name: "Annex A controls", covered: 0, partial: 0, total: 93 },
    ]);
    expect(requirementCoverage([])).toBe("none");
    expect(requirementCoverage([{ strength: "subset" }, { strength: "intersects" }])).toBe("partial");
    expect(requirementCoverage([{ strength: "subset" }, { strength: "superset" }])).toBe("covered");

    // PHY-02 covers office perimeters outright; PHY-03 (visitors) is only part of physical entry.
    const office = frameworkCoverage(iso, ["PHY-03"]);
    expect(office).toMatchObject({ covered: 0, partial: 1, partiallyCovered: ["A.7.2"] });
    const both = frameworkCoverage(iso, new Set(["PHY-02", "PHY-03", "NOPE-01", "constructor"]));
    expect(both).toMatchObject({ covered: 3, partial: 0 });
    expect(both.covered + both.partial + both.uncovered.length).toBe(both.total);
  });

  it("keeps the weak mappings as context that no longer covers on its own", () => {
    const iso = framework("iso27001-2022");
    const strength = (control: string, requirement: string) =>
      iso.mappings[control]?.find((m) => m.requirement === requirement)?.strength;
    expect(strength("GOV-15", "A.5.32")).toBe("intersects");
    expect(strength("PHY-07", "A.7.6")).toBe("intersects");
    expect(strength("OPS-08", "A.8.34")).toBe("intersects");
    const all = frameworkCoverage(
      iso,
      content.controls.map((c) => c.id),
    );
    expect(all.partiallyCovered).toEqual(expect.arrayContaining(["A.5.32", "A.7.6", "A.8.34"]));
  });

  it("maps the risk method, assessment and treatment and the governance controls to ISO 27001's clauses", () => {
    const iso = framework("iso27001-2022");
    const clauses = new Set(iso.requirements.filter((r) => /^[0-9]/.test(r.id)).map((r) => r.id));
    const toClauses = (control: string) =>
      (iso.mappings[control] ?? []).filter((m) => clauses.has(m.requirement)).map((m) => m.requirement);
    expect(toClauses("RSK-01")).toContain("6.1.2");
    expect(toClauses("RSK-02")).toContain("8.2");
    expect(toClauses("RSK-03")).toEqual(expect.arrayContaining(["6.1.3", "8.3"]));
    expect(toClauses("GOV-08")).toContain("9.3");
    expect(toClauses("GOV-10")).toContain("10.2");
    expect(toClauses("GOV-02")).toContain("5.2");
    // The gaps independent SOC 2 ↔ ISO tables agree on, reached through the controls of those criteria.
    const reaches = (criterion: string, requirement: string) =>
      content.controls.some(
        (c) => c.criteria.includes(criterion) && (iso.mappings[c.id] ?? []).some((m) => m.requirement === requirement),
      );
    expect(reaches("CC7.5", "A.8.13")).toBe(true);
    expect(reaches("CC9.1", "A.8.14")).toBe(true);
    expect(reaches("CC6.2", "A.5.15")).toBe(true);
    expect(reaches("CC7.4", "A.5.25")).toBe(true);
    expect(reaches("CC8.1", "A.8.3")).toBe(true);
  });

  it("pins what the whole library covers, fully and partly, per framework and per ISO part", () => {
    const all = content.controls.map((c) => c.id);
    const summary = Object.fromEntries(
      content.frameworks.map((f) => {
        const { covered, partial, total, parts } = frameworkCoverage(f, all);
        return [
          f.id,
          { covered, partial, total, parts: parts.map((p) => `${p.id} ${p.covered}+${p.partial}/${p.total}`) },
        ];
      }),
    );
    expect(summary).toEqual({
      "hipaa-security": { covered: 57, partial: 4, total: 65, parts: [] },
      "iso27001-2022": { covered: 89, partial: 29, total: 118, parts: ["clauses 10+15/25", "annex-a 79+14/93"] },
      "nist-csf-2.0": { covered: 99, partial: 7, total: 106, parts: [] },
      "pci-dss-4.0.1": { covered: 49, partial: 12, total: 63, parts: [] },
    });
  });

  it("gives every mapping a rationale of its own wording, not the requirement title alone", () => {
    for (const f of content.frameworks)
      for (const [control, mappings] of Object.entries(f.mappings))
        for (const m of mappings) {
          const title = f.requirements.find((r) => r.id === m.requirement)!.title;
          expect(m.rationale.trim().toLowerCase(), `${f.id} ${control} → ${m.requirement}`).not.toBe(
            title.toLowerCase(),
          );
        }
  });
});
