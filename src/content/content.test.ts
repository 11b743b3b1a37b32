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
  validateDocument,
} from "./index.ts";

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
  it("has at least 110 controls with unique, well-formed ids", () => {
    expect(content.controls.length).toBeGreaterThanOrEqual(110);
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
      iso.doc.mappings["ZZZ-01"] = ["A.5.1"];
      iso.doc.mappings["GOV-01"] = ["A.5.99"];
      iso.doc.requirements.push({ id: "A.5.1", title: "Again", group: "A.5" });
    });
    expect(problems).toContain('frameworks/iso27001-2022.yaml: mapping for unknown control "ZZZ-01"');
    expect(problems).toContain('frameworks/iso27001-2022.yaml: control GOV-01 maps to unknown requirement "A.5.99"');
    expect(problems).toContain('frameworks/iso27001-2022.yaml: duplicate requirement "A.5.1"');
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
  it("lists every ISO 27001 Annex A control and every CSF 2.0 subcategory", () => {
    const iso = framework("iso27001-2022");
    expect(iso.requirements).toHaveLength(93);
    const perTheme = (g: string) => iso.requirements.filter((r) => r.group === g).length;
    expect([perTheme("A.5"), perTheme("A.6"), perTheme("A.7"), perTheme("A.8")]).toEqual([37, 8, 14, 34]);
    const csf = framework("nist-csf-2.0");
    expect(csf.requirements).toHaveLength(106);
    expect(csf.groups.map((g) => g.id)).toEqual(["GV", "ID", "PR", "DE", "RS", "RC"]);
    const pci = framework("pci-dss-4.0");
    expect(pci.groups).toHaveLength(12);
    expect(pci.requirements.map((r) => r.id)).toContain("12.10");
    expect(framework("hipaa-security").requirements.map((r) => r.id)).toContain("164.308(a)(1)(ii)(A)");
  });

  it("computes coverage for a set of controls", () => {
    const iso = framework("iso27001-2022");
    const none = frameworkCoverage(iso, []);
    expect(none).toEqual({ covered: 0, total: 93, uncovered: iso.requirements.map((r) => r.id) });

    const one = frameworkCoverage(iso, ["PHY-01"]);
    expect(one.covered).toBe(iso.mappings["PHY-01"]!.length);
    expect(one.uncovered).not.toContain("A.7.1");
    expect(one.uncovered).toContain("A.5.1");

    // Overlapping controls count each requirement once; unknown ids and prototype keys are ignored.
    const overlap = frameworkCoverage(iso, new Set(["PHY-02", "PHY-03", "NOPE-01", "constructor"]));
    expect(overlap.covered).toBe(3);
    expect(overlap.covered + overlap.uncovered.length).toBe(overlap.total);
  });

  it("lets the shared library cover at least 80% of ISO 27001 Annex A and most of the others", () => {
    const all = content.controls.map((c) => c.id);
    for (const f of content.frameworks) {
      const { covered, total } = frameworkCoverage(f, all);
      expect(covered / total, f.id).toBeGreaterThanOrEqual(f.id === "iso27001-2022" ? 0.8 : 0.6);
    }
  });
});
